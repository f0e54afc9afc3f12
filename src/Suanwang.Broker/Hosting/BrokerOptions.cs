using Suanwang.Engines.Slurm;
using Suanwang.Model.Errors;
using Suanwang.Specs;
using Suanwang.Store.Connection;

namespace Suanwang.Broker.Hosting;

/// <summary>Everything the broker is started with. Immutable; validated by <see cref="BrokerHost"/> at start.</summary>
/// <param name="Urls">Addresses to listen on (default <c>http://127.0.0.1:8080</c>; loopback unless the operator says otherwise).</param>
/// <param name="DataDirectory">Folder for the SQLite store, the local centers' run folders and the bootstrap tokens.</param>
/// <param name="Store">The store (default: SQLite in <paramref name="DataDirectory"/>).</param>
/// <param name="Network">Network file or bundled name to seed the store with; null = keep the stored network, or <c>china-hubs</c> on first start.</param>
/// <param name="PublicData">The public data folder, holding the grid-signal series some networks read (may be null); not <paramref name="DataDirectory"/>.</param>
/// <param name="Policy">Placement policy name (default <c>suanwang</c>).</param>
public sealed record BrokerOptions(
    string Urls,
    string DataDirectory,
    StoreLocation Store,
    string? Network,
    string? PublicData,
    string Policy)
{
    /// <summary>How often the scheduler runs when nothing wakes it (submissions and engine changes wake it sooner).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a center may be unreachable before its running jobs are presumed lost and requeued.</summary>
    public TimeSpan CenterLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one call to a center's engine.</summary>
    public TimeSpan EngineTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a scheduling cycle waits for centers' answers (tracking, dispatch). A center slower than this is
    /// left to answer in the background and heard from in the cycle its answer wakes, so it never holds up
    /// placement for the others (a Slurm center listing a thousand jobs takes about a second).
    /// </summary>
    public TimeSpan EngineWaitPerCycle { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest request body accepted (bytes); larger ones get 413.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Jobs per second one tenant may submit (a token bucket per tenant, bursts up to <see cref="SubmitBurst"/>): a job
    /// array costs one token per task, a submission at least one even when it is refused as invalid; beyond: 429 with
    /// <c>Retry-After</c>.
    /// </summary>
    public int SubmitsPerSecondPerTenant { get; init; } = 2000;

    /// <summary>
    /// Size of the per-tenant job bucket. A submission of more jobs than this could never pass, so it is refused (400)
    /// rather than answered 429 for ever: keep it at least <see cref="MaxArrayTasks"/>.
    /// </summary>
    public int SubmitBurst { get; init; } = SpecLimits.MaxArrayTasks;

    /// <summary>Most jobs one submission (a job array) may create; more is refused (400).</summary>
    public int MaxArrayTasks { get; init; } = SpecLimits.MaxArrayTasks;

    /// <summary>
    /// Most unfinished jobs (not yet Succeeded, Failed or Cancelled) one tenant may have; a submission that would go
    /// beyond is refused with 429 until some of them end.
    /// </summary>
    public int MaxUnfinishedJobsPerTenant { get; init; } = 100_000;

    /// <summary>
    /// Dry runs per second one tenant may ask for (each one reads the network's state and places every job of the spec):
    /// a token bucket per tenant, bursts up to <see cref="DryRunBurst"/>, a dry run of a job array counting one per 100
    /// tasks; beyond: 429. A dry run of more than <see cref="DryRunBurst"/> × 100 tasks is refused (400).
    /// </summary>
    public int DryRunsPerSecondPerTenant { get; init; } = 20;

    /// <summary>Burst size of the per-tenant dry-run bucket.</summary>
    public int DryRunBurst { get; init; } = 40;

    /// <summary>Most live streams (<c>GET /v1/live</c>) one tenant may hold open at once (an admin token counts on its own).</summary>
    public int MaxLiveStreamsPerTenant { get; init; } = 8;

    /// <summary>Most live streams open at once, all callers together.</summary>
    public int MaxLiveStreams { get; init; } = 512;

    /// <summary>
    /// Most HTTP connections open at once; more are closed as they arrive, so a flood of connections cannot use up the
    /// process's file descriptors. Lowered at start to half the process's descriptor limit when that is smaller.
    /// </summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>How long a client may take to send a request's headers before its connection is closed.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive connection is kept open.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Folders series files (<c>energy.carbon.file</c>…) may be read from besides the network file's own folder and
    /// <see cref="PublicData"/> (<c>serve --series-dir</c>). A file anywhere else, or reached through a symbolic link
    /// leading anywhere else, is refused unread.
    /// </summary>
    public IReadOnlyList<string> SeriesDirectories { get; init; } = [];

    /// <summary>
    /// Which slurmrestd sockets and <c>restUrl</c> hosts Slurm centers may name (<c>serve --slurm-socket-dir</c>,
    /// <c>--slurm-rest-host</c>); default: sockets under <c>/run/slurmrestd</c> or <c>/var/run/slurmrestd</c>, URLs on loopback.
    /// </summary>
    public SlurmEndpointPolicy SlurmEndpoints { get; init; } = SlurmEndpointPolicy.Default;

    /// <summary>
    /// The user ids a broker running as root gives its tenants' jobs on local centers, one per tenant
    /// (<c>serve --job-uids</c>). Jobs never run as root; not as root, every job keeps the broker's id, in its sandbox.
    /// </summary>
    public Suanwang.Engines.Local.JobUidRange JobUids { get; init; } = Suanwang.Engines.Local.JobUidRange.Default;

    /// <summary>Whether to write bootstrap tokens for an admin and a <c>default</c> tenant into the data folder on first start.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>What is wrong with these options (each by its name), or nothing.</summary>
    public IReadOnlyList<SpecError> Errors()
    {
        var errors = new List<SpecError>();
        void AtLeastOne(string name, int value)
        {
            if (value < 1) errors.Add(new SpecError(name, $"must be at least 1, not {value}"));
        }
        AtLeastOne(nameof(SubmitsPerSecondPerTenant), SubmitsPerSecondPerTenant);
        AtLeastOne(nameof(SubmitBurst), SubmitBurst);
        AtLeastOne(nameof(MaxUnfinishedJobsPerTenant), MaxUnfinishedJobsPerTenant);
        AtLeastOne(nameof(DryRunsPerSecondPerTenant), DryRunsPerSecondPerTenant);
        AtLeastOne(nameof(DryRunBurst), DryRunBurst);
        AtLeastOne(nameof(MaxLiveStreamsPerTenant), MaxLiveStreamsPerTenant);
        AtLeastOne(nameof(MaxLiveStreams), MaxLiveStreams);
        AtLeastOne(nameof(MaxConnections), MaxConnections);
        if (MaxArrayTasks is < 1 or > SpecLimits.MaxArrayTasks)
            errors.Add(new SpecError(nameof(MaxArrayTasks), $"must be 1–{SpecLimits.MaxArrayTasks}, not {MaxArrayTasks}"));
        if (RequestHeadersTimeout <= TimeSpan.Zero) errors.Add(new SpecError(nameof(RequestHeadersTimeout), "must be positive"));
        if (KeepAliveTimeout <= TimeSpan.Zero) errors.Add(new SpecError(nameof(KeepAliveTimeout), "must be positive"));
        return errors;
    }

    /// <summary>Default options for a data folder: SQLite in it, loopback on port 8080.</summary>
    public static BrokerOptions For(string dataDirectory) =>
        new("http://127.0.0.1:8080", dataDirectory, StoreLocation.Sqlite(Path.Combine(dataDirectory, "suanwang.db")), null, null, "suanwang");
}
