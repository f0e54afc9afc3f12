using System.Globalization;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// The <c>#SBATCH</c> options only a Slurm center acts on, carried in the job's engine settings under the engine name
/// <see cref="Engine"/>, keyed by their long option names (<c>partition</c>, <c>account</c>, <c>ntasks</c>,
/// <c>cpus-per-task</c>); only options the script gives are there. The Slurm engine reads them; other engines ignore them.
/// </summary>
public static class SbatchEngineSettings
{
    /// <summary>The engine whose settings these are (a center's <c>backend: slurm</c>).</summary>
    public const string Engine = "slurm";

    /// <summary>The job's engine settings for a script giving these options (null when it gives none).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Of(string? partition, string? account, int? ntasks, int? cpusPerTask)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (partition is not null) settings["partition"] = partition;
        if (account is not null) settings["account"] = account;
        if (ntasks is { } n) settings["ntasks"] = n.ToString(CultureInfo.InvariantCulture);
        if (cpusPerTask is { } c) settings["cpus-per-task"] = c.ToString(CultureInfo.InvariantCulture);
        return settings.Count == 0 ? null : new Dictionary<string, IReadOnlyDictionary<string, string>> { [Engine] = settings };
    }
}
