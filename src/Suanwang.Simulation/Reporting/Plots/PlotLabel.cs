namespace Suanwang.Simulation.Reporting.Plots;

/// <summary>
/// Text drawn inside SVG plots. ScottPlot measures and draws text with one installed font and
/// silently drops glyphs it lacks — Chinese, for one, on a server without CJK fonts. Names outside
/// the Latin range are therefore replaced by a short fallback (P1, C3, …) that the HTML around the
/// plot maps back to the real name, which the browser renders with any font it has.
/// </summary>
internal static class PlotLabel
{
    // Basic Latin through Latin Extended-B: covered by every font ScottPlot is likely to pick.
    private const char LastSafe = '\u024F';

    /// <summary><paramref name="name"/> if every font can draw it, else <paramref name="fallback"/>.</summary>
    public static string For(string name, string fallback) =>
        name.Length > 0 && name.All(c => c >= ' ' && c <= LastSafe) ? name : fallback;
}
