using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Suanwang.Simulation.Tests.Reporting;

/// <summary>Just enough reading of the rendered report for assertions (the report is our own, regular markup).</summary>
internal static partial class ReportHtml
{
    /// <summary>Row headers (decoded policy names) of the comparison tables' rows whose cell in <paramref name="column"/> is highlighted.</summary>
    public static IReadOnlyList<string> BestInColumn(string html, string column) =>
        ComparisonRows(html)
            .Where(row => row.Contains($"<td class=\"num best\" data-col=\"{column}\"", StringComparison.Ordinal))
            .Select(RowName)
            .ToList();

    /// <summary>Decoded row header of every row of every comparison table.</summary>
    public static IReadOnlyList<string> ComparisonRowNames(string html) => ComparisonRows(html).Select(RowName).ToList();

    /// <summary>Every value of a src or href attribute outside the script elements.</summary>
    public static IReadOnlyList<string> Links(string html) =>
        LinkAttribute().Matches(WithoutScripts(html)).Select(m => m.Groups[1].Value).ToList();

    /// <summary>A script element: its attributes as written, its type and id attributes, its text.</summary>
    public sealed record Script(string Attributes, string? Type, string? Id, string Text);

    /// <summary>Every script element, in order.</summary>
    public static IReadOnlyList<Script> Scripts(string html) =>
        ScriptElement().Matches(html).Select(m =>
        {
            string attributes = m.Groups[1].Value;
            string? Attribute(string name) => Regex.Match(attributes, $"\\b{name}=\"([^\"]*)\"") is { Success: true } a ? a.Groups[1].Value : null;
            return new Script(attributes, Attribute("type"), Attribute("id"), m.Groups[2].Value);
        }).ToList();

    /// <summary>The page with every script element's content removed (the markup the report writes itself).</summary>
    public static string WithoutScripts(string html) => ScriptElement().Replace(html, "<script$1></script>");

    /// <summary>A JSON data block's text as a JSON reader sees it (the report writes '&lt;' as \u003c inside them).</summary>
    public static string Unescape(string json) => json.Replace("\\u003c", "<", StringComparison.Ordinal);

    /// <summary>The summary the charts are drawn from.</summary>
    public static JsonElement SummaryData(string html) => Data(html, "summary-data");

    /// <summary>The series the charts are drawn from.</summary>
    public static JsonElement SeriesData(string html) => Data(html, "series-data");

    private static JsonElement Data(string html, string id) =>
        JsonDocument.Parse(Scripts(html).Single(s => s.Type == "application/json" && s.Id == id).Text).RootElement.Clone();

    /// <summary>Every id attribute value of the markup (outside the script elements).</summary>
    public static IReadOnlyList<string> Ids(string html) =>
        IdAttribute().Matches(WithoutScripts(html)).Select(m => m.Groups[1].Value).ToList();

    private static IEnumerable<string> ComparisonRows(string html) =>
        CompareTable().Matches(html)
            .SelectMany(t => t.Value.Split("<tr>", StringSplitOptions.None).Skip(1))
            .Where(row => row.StartsWith("<th scope=\"row\">", StringComparison.Ordinal));

    private static string RowName(string row)
    {
        int start = row.IndexOf("</span>", StringComparison.Ordinal) + "</span>".Length;
        int end = row.IndexOf("</th>", start, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(row[start..end]);
    }

    [GeneratedRegex("<table class=\"compare\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex CompareTable();

    [GeneratedRegex("<script([^>]*)>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("(?:\\bsrc|\\bhref)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex LinkAttribute();

    [GeneratedRegex("\\sid=\"([^\"]*)\"")]
    private static partial Regex IdAttribute();
}
