using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>Which direction of a figure is better, for highlighting the best policy in a column.</summary>
internal enum Better
{
    /// <summary>Neither: the figure describes rather than judges (e.g. jobs submitted, jobs deferred).</summary>
    Neither,

    /// <summary>Lower is better (times, cost, carbon, misses).</summary>
    Lower,

    /// <summary>Higher is better (completions, utilisation, renewable share, fairness).</summary>
    Higher,
}

/// <summary>One column of the policy comparison.</summary>
/// <param name="Key">Stable key, written as <c>data-col</c> so tests and readers' tools can find the column.</param>
/// <param name="Header">Column heading.</param>
/// <param name="Unit">Unit shown under the heading, or null.</param>
/// <param name="Better">Which direction is better.</param>
/// <param name="Value">The number compared to pick the best policy.</param>
/// <param name="Display">The cell's text.</param>
internal sealed record ComparisonColumn(
    string Key,
    string Header,
    string? Unit,
    Better Better,
    Func<PolicySummary, double> Value,
    Func<PolicySummary, string> Display);

/// <summary>A titled group of columns, one table.</summary>
internal sealed record ComparisonTable(string Title, IReadOnlyList<ComparisonColumn> Columns);

/// <summary>Picks the best policies in a column.</summary>
internal static class BestValues
{
    // Relative tolerance: values equal up to rounding noise tie rather than one "winning".
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Indexes of the best values (all of them on a tie). Empty when the column has no direction,
    /// fewer than two finite values, or every finite value is the same — highlighting a column
    /// where nobody differs would only be noise.
    /// </summary>
    public static IReadOnlySet<int> Find(IReadOnlyList<double> values, Better better)
    {
        var finite = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).ToList();
        if (better == Better.Neither || finite.Count < 2) return new HashSet<int>();

        double best = better == Better.Lower ? finite.Min(i => values[i]) : finite.Max(i => values[i]);
        double worst = better == Better.Lower ? finite.Max(i => values[i]) : finite.Min(i => values[i]);
        if (Same(best, worst)) return new HashSet<int>();
        return finite.Where(i => Same(values[i], best)).ToHashSet();
    }

    private static bool Same(double a, double b) =>
        Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
