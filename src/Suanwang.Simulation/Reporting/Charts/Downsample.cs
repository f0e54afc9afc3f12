namespace Suanwang.Simulation.Reporting.Charts;

/// <summary>Thins series to a bounded number of points so the page stays small however long the trace.</summary>
internal static class Downsample
{
    /// <summary>Most points drawn per line or heatmap row.</summary>
    public const int MaxPoints = 500;

    /// <summary>
    /// At most <paramref name="max"/> points picked evenly by index, keeping the first and the last.
    /// Enough for a CDF: it is monotone, so evenly spaced samples keep its shape.
    /// </summary>
    public static IReadOnlyList<T> Points<T>(IReadOnlyList<T> points, int max = MaxPoints)
    {
        if (points.Count <= max) return points;
        var kept = new T[max];
        for (int k = 0; k < max; k++) kept[k] = points[(int)Math.Round(k * (points.Count - 1.0) / (max - 1))];
        return kept;
    }

    /// <summary>
    /// Rows averaged in groups of consecutive buckets so each has at most <paramref name="max"/>
    /// columns. Rows may be ragged (a timeline only grows where work ran): missing buckets count as
    /// idle. Averaging equal-width buckets keeps the busy share exact over each group.
    /// </summary>
    /// <returns>The matrix [row, column] and how many original buckets each column covers.</returns>
    public static (double[,] Matrix, int BucketsPerColumn) Buckets(IReadOnlyList<double[]> rows, int max = MaxPoints)
    {
        int buckets = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        int group = Math.Max(1, (buckets + max - 1) / max);
        int columns = (buckets + group - 1) / group;
        var matrix = new double[rows.Count, columns];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int from = c * group, to = Math.Min(buckets, from + group);
                double sum = 0;
                for (int b = from; b < Math.Min(to, rows[r].Length); b++) sum += rows[r][b];
                matrix[r, c] = sum / (to - from);
            }
        }
        return (matrix, group);
    }
}
