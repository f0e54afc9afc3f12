using System.Text.Json;
using System.Text.RegularExpressions;

namespace Suanwang.Engines.Slurm;

/// <summary>Which slurmrestd API versions an OpenAPI document (<c>GET /openapi/v3</c>) lists, and which of them to speak.</summary>
internal static partial class RestVersions
{
    /// <summary>The versions of the document's <c>/slurm/vX/…</c> paths, newest first; empty when it has none.</summary>
    public static IReadOnlyList<string> Served(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("paths", out JsonElement paths) || paths.ValueKind != JsonValueKind.Object)
            return [];
        return [.. paths.EnumerateObject().Select(p => SlurmPath().Match(p.Name)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal).OrderByDescending(v => Version.Parse(v[1..]))];
    }

    /// <summary>The newest dialect Suanwang speaks among <paramref name="served"/>; null when it speaks none of them.</summary>
    public static RestDialect? Newest(IReadOnlyList<string> served) =>
        RestDialect.Known.Where(served.Contains).Select(RestDialect.For).FirstOrDefault();

    /// <summary>
    /// Whether the document lists accounting's job paths (<c>/slurmdb/VERSION/job/{job_id}</c> and <c>/jobs</c>) in
    /// <paramref name="version"/>: slurmrestd then serves slurmdbd's records beside the controller's.
    /// </summary>
    public static bool ServesAccounting(JsonElement document, string version) =>
        document.ValueKind == JsonValueKind.Object && document.TryGetProperty("paths", out JsonElement paths) && paths.ValueKind == JsonValueKind.Object
        && paths.EnumerateObject().Any(p => p.Name.StartsWith($"/slurmdb/{version}/job/", StringComparison.Ordinal))
        && paths.EnumerateObject().Any(p => p.Name.StartsWith($"/slurmdb/{version}/jobs", StringComparison.Ordinal));

    // slurmctld's paths only: /slurmdb/ (accounting) is another plugin, which a daemon may serve or not.
    [GeneratedRegex(@"^/slurm/(v\d+\.\d+\.\d+)/")]
    private static partial Regex SlurmPath();
}
