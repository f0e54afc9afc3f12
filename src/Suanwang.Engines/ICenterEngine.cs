using Suanwang.Model.Jobs;

namespace Suanwang.Engines;

/// <summary>
/// The port through which the broker drives one center's own engine (local processes, Slurm,
/// Kubernetes). One instance per center. Every run carries Suanwang's dispatch token; the engine
/// finds runs by that token, so every call is idempotent and a run the broker did not start is
/// never touched.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. Calls that cannot reach the engine throw
/// <see cref="EngineUnavailableException"/>; the broker then treats the center as unreachable
/// (its jobs become Unknown, then Lost after the center's lease) rather than as failed.
/// </remarks>
public interface ICenterEngine : IAsyncDisposable
{
    /// <summary>The center this engine runs.</summary>
    string CenterId { get; }

    /// <summary>
    /// Hands a run to the engine. Idempotent: when a run with the same
    /// <see cref="DispatchRequest.DispatchToken"/> exists (pending, running or finished), returns its
    /// status and starts nothing. Otherwise the engine queues it (it starts when capacity frees).
    /// </summary>
    /// <exception cref="EngineRejectedException">The engine refuses the run (e.g. it can never fit); retrying will not help.</exception>
    Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken);

    /// <summary>The status of the run with <paramref name="dispatchToken"/>, or null when the engine has never seen it.</summary>
    Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken);

    /// <summary>Every run the engine holds that carries a Suanwang dispatch token, finished ones included until they are forgotten.</summary>
    Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the run with <paramref name="dispatchToken"/>: a pending run never starts, a running
    /// one is stopped (its whole process tree). Idempotent; false when no such run exists or it had
    /// already finished.
    /// </summary>
    Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> of a run's stdout or stderr from byte
    /// <paramref name="offset"/>; null when no such run exists.
    /// </summary>
    /// <exception cref="OutputUnavailableException">What is in the output's place is not a regular file of the run; it is not read.</exception>
    Task<OutputChunk?> ReadOutputAsync(string dispatchToken, OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken);

    /// <summary>The engine's capacity and load right now.</summary>
    Task<EngineReport> ReportAsync(CancellationToken cancellationToken);
}

/// <summary>Which output stream.</summary>
public enum OutputStream
{
    /// <summary>Standard output.</summary>
    Stdout,
    /// <summary>Standard error.</summary>
    Stderr,
}

/// <summary>What the broker hands to an engine: one attempt of one job on one pool.</summary>
/// <param name="JobId">Suanwang's job id.</param>
/// <param name="Attempt">The attempt (1 for the first run; requeues increment it).</param>
/// <param name="DispatchToken">Unique per job and attempt (<see cref="DispatchTokens.For"/>): how the engine and the broker recognise the run.</param>
/// <param name="PoolId">The node pool (for Slurm: the partition it maps to).</param>
/// <param name="Tenant">The owning tenant (engines map it to an account or user where configured).</param>
/// <param name="Job">The job: command, environment, resources, time limit, Slurm settings.</param>
public sealed record DispatchRequest(string JobId, int Attempt, string DispatchToken, string PoolId, string Tenant, JobRequest Job);

/// <summary>Where a run is at its engine.</summary>
public enum RunState
{
    /// <summary>Accepted, waiting for capacity.</summary>
    Pending,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Finished with exit code 0.</summary>
    Succeeded,
    /// <summary>Finished with an error, hit its time limit, or could not start.</summary>
    Failed,
    /// <summary>Cancelled (by Suanwang or by the center's operator).</summary>
    Cancelled,
    /// <summary>Started once, but its process is gone without a recorded exit (e.g. the machine rebooted).</summary>
    Lost,
}

/// <summary>A run's status at its engine.</summary>
/// <param name="DispatchToken">The run's token.</param>
/// <param name="State">Where it is.</param>
/// <param name="ExitCode">Exit code once finished (null before, or when killed by a signal).</param>
/// <param name="SubmittedAt">When the engine accepted it.</param>
/// <param name="StartedAt">When it started running, if it has.</param>
/// <param name="EndedAt">When it finished, if it has.</param>
/// <param name="Message">Why it failed, was cancelled or lost, in words (null when nothing to say).</param>
/// <param name="EngineJobId">The engine's own id for the run (Slurm job id, process id), for operators.</param>
public sealed record RunStatus(
    string DispatchToken,
    RunState State,
    int? ExitCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Message,
    string? EngineJobId)
{
    /// <summary>True once the run has ended in any way.</summary>
    public bool IsFinished => State is RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Lost;

    /// <summary>What the center's own accounting recorded for the finished run (Slurm with slurmdbd); null when it keeps none.</summary>
    public AccountedRun? Accounted { get; init; }
}

/// <summary>What a center's accounting recorded for a finished run: the broker meters from it rather than from its own clock.</summary>
/// <param name="ElapsedSeconds">Wall-clock seconds the run held its resources.</param>
/// <param name="Accelerators">Accelerators it held.</param>
/// <param name="Cpus">CPU cores it held.</param>
/// <param name="EnergyKwh">Energy the center measured it using, when the center accounts energy; null otherwise.</param>
/// <param name="Source">Where the figures come from, in words (e.g. <c>Slurm accounting (sacct)</c>).</param>
public sealed record AccountedRun(double ElapsedSeconds, double Accelerators, double Cpus, double? EnergyKwh, string Source);

/// <summary>A slice of a run's output.</summary>
/// <param name="Text">The bytes read, decoded as UTF-8 (a multi-byte character split at the end is left for the next read).</param>
/// <param name="NextOffset">Offset to read from next.</param>
/// <param name="Complete">True when the run has finished and <paramref name="NextOffset"/> is the end of the stream.</param>
public sealed record OutputChunk(string Text, long NextOffset, bool Complete);

/// <summary>An engine's capacity and load.</summary>
/// <param name="CenterId">The center.</param>
/// <param name="Reachable">False when the engine could not be asked (then the numbers are the last known).</param>
/// <param name="SlotsTotal">Runs it may hold running at once (local: its <c>slots</c>; Slurm: nodes).</param>
/// <param name="Running">Runs running now.</param>
/// <param name="Pending">Runs waiting for capacity.</param>
/// <param name="CpusTotal">CPU cores it offers.</param>
/// <param name="CpusInUse">CPU cores held by running runs.</param>
/// <param name="MemoryGiBTotal">Memory it offers.</param>
/// <param name="MemoryGiBInUse">Memory held by running runs.</param>
/// <param name="ReportedAt">When the figures were read.</param>
/// <param name="Pools">
/// Per pool, what the center's own engine says beyond Suanwang's runs — the capacity its usable nodes offer now and
/// the work others put there — for engines shared with other users (Slurm); null when the engine is Suanwang's alone.
/// </param>
public sealed record EngineReport(
    string CenterId,
    bool Reachable,
    int SlotsTotal,
    int Running,
    int Pending,
    double CpusTotal,
    double CpusInUse,
    double MemoryGiBTotal,
    double MemoryGiBInUse,
    DateTimeOffset ReportedAt,
    IReadOnlyList<PoolLoad>? Pools = null)
{
    /// <summary>
    /// How the engine reaches the center, for its page: the access path and the dialect it speaks (e.g.
    /// <c>REST v0.0.42 at unix:/run/slurmrestd/slurmrestd.socket</c>); null when the engine has nothing to say.
    /// </summary>
    public string? Access { get; init; }
}

/// <summary>An amount of resources: accelerators, CPU cores and memory.</summary>
/// <param name="Accelerators">Accelerators (GPUs, NPUs).</param>
/// <param name="Cpus">CPU cores.</param>
/// <param name="MemoryGiB">Memory in GiB.</param>
public readonly record struct ResourceAmount(double Accelerators, double Cpus, double MemoryGiB);

/// <summary>One pool as the center's engine sees it now.</summary>
/// <param name="PoolId">The Suanwang pool (for Slurm: the pool whose partition this is).</param>
/// <param name="Capacity">What the pool's usable nodes offer now; nodes that are down, drained or failing are left out.</param>
/// <param name="Nodes">Usable nodes.</param>
/// <param name="NodesDown">Nodes of the pool that are down, drained or failing.</param>
/// <param name="AcceleratorTypes">Accelerator types the nodes report (Slurm: the GRES types, e.g. <c>a100</c>).</param>
/// <param name="OtherWork">Work in the pool that Suanwang did not submit, running or waiting there.</param>
public sealed record PoolLoad(string PoolId, ResourceAmount Capacity, int Nodes, int NodesDown, IReadOnlyList<string> AcceleratorTypes, IReadOnlyList<OtherWork> OtherWork)
{
    /// <summary>
    /// Node features every usable node of the pool reports (Slurm: the nodes' active features), as written there, case
    /// kept; placement checks a job's <c>--constraint</c> against these together with the network file's. Empty when
    /// the engine reports none.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}

/// <summary>A job at a center that Suanwang did not submit: it holds (or will hold) resources Suanwang's jobs cannot use.</summary>
/// <param name="Demand">What it holds or asks for.</param>
/// <param name="Running">True when running now; false while it waits in the center's queue.</param>
/// <param name="Start">When it started, or when the center expects it to start (the report's time when it gives none).</param>
/// <param name="End">When it ends at the latest (start plus its time limit), as the center expects.</param>
public sealed record OtherWork(ResourceAmount Demand, bool Running, DateTimeOffset Start, DateTimeOffset End);

/// <summary>The engine could not be reached or did not answer in time: the center's state is unknown, not failed.</summary>
public sealed class EngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The engine refused a run for good (e.g. it asks for more than the center has).</summary>
public sealed class EngineRejectedException(string message) : Exception(message);

/// <summary>
/// The run's output cannot be served: what is in its place is not a regular file of the run (a symbolic link, a
/// FIFO, a directory, a hard link to another file). Its contents are never read; the center itself is fine.
/// </summary>
public sealed class OutputUnavailableException(string message) : Exception(message);

/// <summary>Dispatch tokens: <c>sw-{jobId}-a{attempt}</c>, unique per attempt and recognisable at any engine.</summary>
public static class DispatchTokens
{
    /// <summary>The prefix every Suanwang dispatch token starts with.</summary>
    public const string Prefix = "sw-";

    /// <summary>The token for <paramref name="jobId"/>'s attempt <paramref name="attempt"/>.</summary>
    public static string For(string jobId, int attempt) => $"{Prefix}{jobId}-a{attempt}";
}
