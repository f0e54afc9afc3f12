using System.Net;
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

    /// <summary>Every value of a src or href attribute (SVG's xlink:href included).</summary>
    public static IReadOnlyList<string> Links(string html) =>
        LinkAttribute().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Every id attribute value.</summary>
    public static IReadOnlyList<string> Ids(string html) =>
        IdAttribute().Matches(html).Select(m => m.Groups[1].Value).ToList();

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

    [GeneratedRegex("(?:\\bsrc|\\bhref)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex LinkAttribute();

    [GeneratedRegex("\\sid=\"([^\"]*)\"")]
    private static partial Regex IdAttribute();
}
