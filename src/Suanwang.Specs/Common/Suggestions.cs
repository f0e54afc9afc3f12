namespace Suanwang.Specs.Common;

/// <summary>"Did you mean …?" for misspelt field names and options.</summary>
internal static class Suggestions
{
    /// <summary>
    /// The known name closest to <paramref name="unknown"/>, or null when none is close. Names that differ
    /// only in case, '-' or '_' (memory_gib, MemoryGiB) always match; otherwise up to a third of the
    /// characters may differ.
    /// </summary>
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        if (unknown.Length == 0 || unknown.Length > 64) return null;
        string normal = Normalize(unknown);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            if (Normalize(candidate) == normal) return candidate;
            int distance = Distance(normal, Normalize(candidate));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.Max(1, normal.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string; <paramref name="prefix"/> goes before the name (e.g. "--").</summary>
    public static string DidYouMean(string unknown, IEnumerable<string> known, string prefix = "")
    {
        string? closest = Closest(unknown, known);
        return closest is null ? "" : $" (did you mean '{prefix}{closest}'?)";
    }

    private static string Normalize(string name) =>
        new(name.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    private static int Distance(string a, string b)
    {
        // Plain Levenshtein on two rows; inputs are capped at 64 characters above.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
