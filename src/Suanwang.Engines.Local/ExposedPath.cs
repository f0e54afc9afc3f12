namespace Suanwang.Engines.Local;

/// <summary>
/// A host folder or file a local center shows to every job it runs (engine settings <c>expose</c>, read-only, and
/// <c>exposeWritable</c>), e.g. shared data sets or models. Everything else of the machine's filesystem but the
/// system folders is out of a job's sight.
/// </summary>
/// <param name="Source">The absolute host path.</param>
/// <param name="Target">Where the job sees it (absolute; the same as <paramref name="Source"/> unless given).</param>
/// <param name="Writable">True when the job may write there (the folder must be writable by the job's user id).</param>
public sealed record ExposedPath(string Source, string Target, bool Writable)
{
    /// <summary>
    /// Reads a setting's value: entries <c>SOURCE</c> or <c>SOURCE:TARGET</c> separated by commas, e.g.
    /// <c>/data/shared:/opt/models, /srv/reference</c>. Problems are added to <paramref name="errors"/> naming <paramref name="setting"/>.
    /// </summary>
    public static IReadOnlyList<ExposedPath> ParseList(string setting, string value, bool writable, List<string> errors)
    {
        var paths = new List<ExposedPath>();
        foreach (string raw in value.Split(','))
        {
            string entry = raw.Trim();
            if (entry.Length == 0)
            {
                errors.Add($"engine setting '{setting}' has an empty entry in '{value}'");
                continue;
            }
            string[] parts = entry.Split(':');
            if (parts.Length > 2)
            {
                errors.Add($"engine setting '{setting}': '{entry}' must be SOURCE or SOURCE:TARGET");
                continue;
            }
            string source = parts[0], target = parts.Length == 2 ? parts[1] : parts[0];
            string? problem = PathProblem(source, "source") ?? PathProblem(target, "target");
            if (problem is not null) errors.Add($"engine setting '{setting}': '{entry}': {problem}");
            else paths.Add(new ExposedPath(Path.TrimEndingDirectorySeparator(source), Path.TrimEndingDirectorySeparator(target), writable));
        }
        return paths;
    }

    private static string? PathProblem(string path, string what) =>
        !Path.IsPathRooted(path) ? $"its {what} must be an absolute path"
        : path.Split('/').Any(name => name is "." or "..") || path.Contains("//", StringComparison.Ordinal) ? $"its {what} must be a plain path without '.', '..' or '//'"
        : path.Any(char.IsControl) ? $"its {what} must not hold control characters"
        : Path.TrimEndingDirectorySeparator(path) == "/" ? $"its {what} must not be /"
        : null;

    /// <inheritdoc />
    public override string ToString() => (Source == Target ? Source : $"{Source}:{Target}") + (Writable ? " (writable)" : "");
}
