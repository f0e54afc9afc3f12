using Suanwang.Model.Text;

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
            int d = EditDistance.Between(word.ToLowerInvariant(), candidate.ToLowerInvariant());
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
}
