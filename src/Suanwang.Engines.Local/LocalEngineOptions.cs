using System.Globalization;
using Suanwang.Model.Network;

namespace Suanwang.Engines.Local;

/// <summary>
/// How one local center runs: where its runs live and what it may hand out. Immutable; checked by
/// <see cref="Validate"/> (the engine's constructor calls it).
/// </summary>
public sealed record LocalEngineOptions
{
    /// <summary>Memory offered when a center sets none: no limit in practice (memory is accounting only).</summary>
    public const double UnlimitedMemoryGiB = 1024 * 1024;

    /// <summary>The center's id, as in the network definition.</summary>
    public required string CenterId { get; init; }

    /// <summary>The directory holding one sub-directory per run (the factory uses <c>&lt;root&gt;/&lt;center id&gt;</c>). Created if absent.</summary>
    public required string RunsDirectory { get; init; }

    /// <summary>How many runs may run at once (engine setting <c>slots</c>, default 4).</summary>
    public int Slots { get; init; } = 4;

    /// <summary>CPU cores runs may hold in total (engine setting <c>cpus</c>, default this machine's logical processors). Accounting only.</summary>
    public int Cpus { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory runs may hold in total, GiB (engine setting <c>memoryGiB</c>, default <see cref="UnlimitedMemoryGiB"/>). Accounting only: no cgroup limits the processes.</summary>
    public double MemoryGiB { get; init; } = UnlimitedMemoryGiB;

    /// <summary>How often the engine looks at its runs (exits, time limits, starting pending runs). Default 500 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a run being stopped gets between SIGTERM and SIGKILL. Default 5 s.</summary>
    public TimeSpan KillGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a finished run is kept (status and output) before its directory is removed. Default 7 days.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Host paths shown to every job of the center (engine settings <c>expose</c>, read-only, and <c>exposeWritable</c>).
    /// Each must exist and must neither lie in nor hold the broker's data folder or the runs directory; the engine checks
    /// that when it opens. Default: none.
    /// </summary>
    public IReadOnlyList<ExposedPath> Expose { get; init; } = [];

    /// <summary>The engine settings a local center understands, as written in the network definition.</summary>
    public static IReadOnlyList<string> SettingNames { get; } = ["slots", "cpus", "memoryGiB", "expose", "exposeWritable"];

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid option, each named with the center.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(CenterId)) errors.Add("CenterId must not be empty");
        if (string.IsNullOrWhiteSpace(RunsDirectory)) errors.Add("RunsDirectory must not be empty");
        if (Slots < 1) errors.Add($"slots must be at least 1, not {Slots}");
        if (Cpus < 1) errors.Add($"cpus must be at least 1, not {Cpus}");
        if (!double.IsFinite(MemoryGiB) || MemoryGiB <= 0) errors.Add($"memoryGiB must be a positive number, not {MemoryGiB.ToString(CultureInfo.InvariantCulture)}");
        if (PollInterval < TimeSpan.FromMilliseconds(10)) errors.Add($"PollInterval must be at least 10 ms, not {PollInterval}");
        if (KillGracePeriod < TimeSpan.Zero) errors.Add($"KillGracePeriod must not be negative, not {KillGracePeriod}");
        if (Retention < TimeSpan.Zero) errors.Add($"Retention must not be negative, not {Retention}");
        if (Expose is null) errors.Add("Expose must not be null");
        if (errors.Count > 0)
            throw new ArgumentException($"local engine of center '{CenterId}': {string.Join("; ", errors)}");
    }

    /// <summary>
    /// The options for <paramref name="center"/>, its runs under <c>&lt;<paramref name="rootDirectory"/>&gt;/&lt;center id&gt;</c>,
    /// read from its engine settings (<see cref="SettingNames"/>; numbers in invariant culture; <c>expose</c> and
    /// <c>exposeWritable</c> as comma-separated <c>SOURCE[:TARGET]</c> absolute paths).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is unknown or invalid, or the center id cannot name a directory; the message lists every problem.</exception>
    public static LocalEngineOptions FromCenter(Center center, string rootDirectory)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        var errors = new List<string>();
        if (!RunNames.IsSafeName(center.Id))
            errors.Add("its id must be letters, digits, '.', '_' or '-' (starting with a letter or digit) to name its runs directory");

        int slots = 4, cpus = Environment.ProcessorCount;
        double memory = UnlimitedMemoryGiB;
        var expose = new List<ExposedPath>();
        foreach ((string key, string value) in center.Engine)
        {
            switch (key)
            {
                case "slots":
                    if (!TryWhole(value, out slots)) errors.Add($"engine setting 'slots' must be a whole number of at least 1, not '{value}'");
                    break;
                case "cpus":
                    if (!TryWhole(value, out cpus)) errors.Add($"engine setting 'cpus' must be a whole number of at least 1, not '{value}'");
                    break;
                case "memoryGiB":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out memory) || !double.IsFinite(memory) || memory <= 0)
                        errors.Add($"engine setting 'memoryGiB' must be a positive number, not '{value}'");
                    break;
                case "expose":
                case "exposeWritable":
                    expose.AddRange(ExposedPath.ParseList(key, value, writable: key == "exposeWritable", errors));
                    break;
                default:
                    errors.Add($"engine setting '{key}' is not one a local center understands ({string.Join(", ", SettingNames)})");
                    break;
            }
        }
        if (errors.Count > 0)
            throw new ArgumentException($"local engine of center '{center.Id}': {string.Join("; ", errors)}", nameof(center));

        return new LocalEngineOptions
        {
            CenterId = center.Id,
            RunsDirectory = Path.Combine(rootDirectory, center.Id),
            Slots = slots,
            Cpus = cpus,
            MemoryGiB = memory,
            Expose = expose,
        };
    }

    private static bool TryWhole(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
}
