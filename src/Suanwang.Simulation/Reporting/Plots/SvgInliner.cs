using System.Globalization;
using System.Text.RegularExpressions;
using Suanwang.Simulation.Reporting.Html;

namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>Turns ScottPlot's standalone SVG document into an element that can sit inline in the page with others.</summary>
internal static partial class SvgInliner
{
    /// <summary>
    /// Inlines <paramref name="svg"/>: drops the XML prolog; renames element ids to
    /// <paramref name="idPrefix"/>-0, -1, … (ScottPlot numbers clip paths from a process-wide counter,
    /// so ids would both collide between plots in one page and differ between renders); adds a
    /// viewBox so CSS can scale it; appends generic fallbacks to font families so the text still
    /// renders where the measuring font is not installed.
    /// </summary>
    public static string Inline(string svg, string idPrefix, int width, int height, string label)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("ScottPlot returned no <svg> element.");
        svg = svg[start..].TrimEnd();

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in IdAttribute().Matches(svg))
            ids.TryAdd(match.Groups[1].Value, $"{idPrefix}-{ids.Count.ToString(CultureInfo.InvariantCulture)}");
        svg = IdAttribute().Replace(svg, m => $"id=\"{ids[m.Groups[1].Value]}\"");
        svg = UrlReference().Replace(svg, m => ids.TryGetValue(m.Groups[1].Value, out var id) ? $"url(#{id})" : m.Value);
        svg = HrefReference().Replace(svg, m => ids.TryGetValue(m.Groups[2].Value, out var id) ? $"{m.Groups[1].Value}=\"#{id}\"" : m.Value);
        svg = FontFamily().Replace(svg, m => $"font-family=\"{m.Groups[1].Value}, Noto Sans CJK SC, sans-serif\"");

        string size = $"viewBox=\"0 0 {width.ToString(CultureInfo.InvariantCulture)} {height.ToString(CultureInfo.InvariantCulture)}\"";
        return $"<svg {size} role=\"img\" aria-label=\"{HtmlBuilder.Encode(label)}\"" + svg["<svg".Length..];
    }

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();

    [GeneratedRegex("font-family=\"([^\"]+)\"")]
    private static partial Regex FontFamily();
}
