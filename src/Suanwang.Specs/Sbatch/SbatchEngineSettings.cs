using System.Globalization;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// The <c>#SBATCH</c> options only a Slurm center acts on, carried in the job's engine settings under the engine name
/// <see cref="Engine"/>, keyed by their long option names, so the Slurm engine can submit the layout the script asked for.
/// Only options the script gives are there (an alias under the name it stands for: <c>--tasks-per-node</c> as
/// <c>ntasks-per-node</c>), normalised as Slurm normalises them:
/// <list type="bullet">
/// <item><c>partition</c>, <c>account</c>, <c>qos</c>, <c>constraint</c>: as written (a comma list of partitions stays a list).</item>
/// <item><c>nodes</c> (<c>N</c> or <c>MIN-MAX</c>), <c>ntasks</c>, <c>ntasks-per-node</c>, <c>ntasks-per-gpu</c>,
/// <c>cpus-per-task</c>, <c>cpus-per-gpu</c>, <c>mincpus</c>, <c>sockets-per-node</c>, <c>cores-per-socket</c>,
/// <c>threads-per-core</c>: whole numbers; <c>extra-node-info</c> (<c>-B</c>): as written.</item>
/// <item><c>mem</c> (per node; <c>0</c> = all of each node's memory), <c>mem-per-cpu</c>, <c>mem-per-gpu</c>: whole MiB (<c>500MB</c> → <c>500</c>, <c>16G</c> → <c>16384</c>).</item>
/// <item><c>gres</c> (<c>gpu[:type]:count</c>), <c>gpus</c>, <c>gpus-per-node</c>, <c>gpus-per-task</c> (<c>[type:]count</c>):
/// the type as written, the count always given.</item>
/// <item><c>exclusive</c>: empty for the bare flag, else <c>user</c>, <c>mcs</c> or <c>topo</c>.</item>
/// <item><c>time-min</c>: whole minutes, rounded up as Slurm does.</item>
/// </list>
/// The Slurm engine reads them; other engines ignore them.
/// </summary>
public static class SbatchEngineSettings
{
    /// <summary>The engine whose settings these are (a center's <c>backend: slurm</c>).</summary>
    public const string Engine = "slurm";

    /// <summary>Every key a script can carry, in the order they are documented.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "partition", "account", "qos", "constraint", "nodes", "ntasks", "ntasks-per-node", "ntasks-per-gpu", "cpus-per-task",
        "cpus-per-gpu", "mincpus", "sockets-per-node", "cores-per-socket", "threads-per-core", "extra-node-info", "mem", "mem-per-cpu", "mem-per-gpu", "gres", "gpus", "gpus-per-node", "gpus-per-task", "exclusive", "time-min",
    ];

    /// <summary>The job's engine settings for these values (null when there are none).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Of(IReadOnlyDictionary<string, string> values)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (!Keys.Contains(key)) throw new ArgumentException($"'{key}' is not a Slurm engine setting", nameof(values));
            settings[key] = value;
        }
        return settings.Count == 0 ? null : new Dictionary<string, IReadOnlyDictionary<string, string>> { [Engine] = settings };
    }

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
