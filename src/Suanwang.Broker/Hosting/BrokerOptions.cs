using Suanwang.Engines.Slurm;
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

    /// <summary>Submissions per second one tenant may make (token bucket; bursts up to <see cref="SubmitBurst"/>); beyond: 429.</summary>
    public int SubmitsPerSecondPerTenant { get; init; } = 2000;

    /// <summary>Burst size of the per-tenant submission bucket.</summary>
    public int SubmitBurst { get; init; } = 4000;

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

    /// <summary>Default options for a data folder: SQLite in it, loopback on port 8080.</summary>
    public static BrokerOptions For(string dataDirectory) =>
        new("http://127.0.0.1:8080", dataDirectory, StoreLocation.Sqlite(Path.Combine(dataDirectory, "suanwang.db")), null, null, "suanwang");
}
