namespace Suanwang.Networks.Format;

/// <summary>Suggests the closest known word for a misspelt one.</summary>
public static class DidYouMean
{
    /// <summary>
    /// The candidate closest to <paramref name="word"/> (case-insensitive edit distance), or null
    /// when none is close enough to be a plausible typo (distance above a third of the length, min 2).
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.Max(2, word.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or "" — ready to append to a message.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    private static int Distance(string a, string b)
    {
        // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("pue" ~ "peu").
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
