using System.Net;
using System.Text;

namespace Suanwang.Simulation.Reporting.Html;

/// <summary>
/// Appends HTML. Text always goes through <see cref="Text"/> (escaped); only markup the report
/// itself writes goes through <see cref="Raw"/>, so data can never inject markup.
/// </summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _html = new();

    /// <summary>Appends markup as is.</summary>
    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Appends text, escaped (also safe inside a quoted attribute value).</summary>
    public HtmlBuilder Text(string? text)
    {
        _html.Append(Encode(text));
        return this;
    }

    /// <summary>Appends <c>&lt;tag class="…"&gt;text&lt;/tag&gt;</c> with the text escaped.</summary>
    public HtmlBuilder Element(string tag, string? text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null) _html.Append(" class=\"").Append(cssClass).Append('"');
        _html.Append('>').Append(Encode(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Ends a line; always <c>\n</c> so output does not depend on the OS.</summary>
    public HtmlBuilder Line(string markup = "")
    {
        _html.Append(markup).Append('\n');
        return this;
    }

    /// <summary>Escapes text for element content and quoted attribute values.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <inheritdoc />
    public override string ToString() => _html.ToString();
}
