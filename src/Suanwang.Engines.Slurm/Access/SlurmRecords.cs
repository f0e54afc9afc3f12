namespace Suanwang.Engines.Slurm;

/// <summary>A job as Slurm reports it (only the fields the engine reads), whichever way it was asked.</summary>
/// <param name="JobId">Slurm's job id.</param>
/// <param name="Name">The job's name.</param>
/// <param name="Comment">Its comment: Suanwang's dispatch token for Suanwang's jobs.</param>
/// <param name="JobState">The base state (<c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>…).</param>
/// <param name="StateReason">Why it is in that state (<c>None</c>, <c>Resources</c>, <c>JobHeldUser</c>…).</param>
/// <param name="ExitCodeRaw">The wait status (exit code × 256 + signal), as slurmctld keeps it.</param>
/// <param name="SubmitTime">Unix seconds.</param>
/// <param name="StartTime">Unix seconds: actual, or expected while pending (0: unknown).</param>
/// <param name="EndTime">Unix seconds: actual, or expected (0: unknown).</param>
/// <param name="StandardOutput">Where Slurm writes its stdout.</param>
/// <param name="StandardError">Where Slurm writes its stderr.</param>
/// <param name="Partition">Its partition (a pending job may name several, comma-separated).</param>
/// <param name="Cpus">CPUs it holds or asks for.</param>
/// <param name="NodeCount">Nodes it holds or asks for.</param>
/// <param name="MemoryPerNodeMB">Memory per node (0 when given per CPU).</param>
/// <param name="MemoryPerCpuMB">Memory per CPU (0 when given per node).</param>
/// <param name="TresPerNode">GRES per node, e.g. <c>gres:gpu:2</c>.</param>
/// <param name="TimeLimitMinutes">Its time limit (0: unstated).</param>
/// <param name="Account">Its account.</param>
/// <param name="TresPerJob">GRES per job, e.g. <c>gres:gpu:4</c>.</param>
/// <param name="UserName">The Slurm user it runs as.</param>
/// <param name="Accounted">What accounting recorded once it ended; null when it came from the controller alone.</param>
internal sealed record SlurmJob(
    long JobId,
    string Name,
    string Comment,
    string JobState,
    string? StateReason,
    long ExitCodeRaw,
    long SubmitTime,
    long StartTime,
    long EndTime,
    string? StandardOutput,
    string? StandardError,
    string Partition = "",
    int Cpus = 0,
    int NodeCount = 0,
    long MemoryPerNodeMB = 0,
    long MemoryPerCpuMB = 0,
    string? TresPerNode = null,
    long TimeLimitMinutes = 0,
    string? Account = null,
    string? TresPerJob = null,
    string? UserName = null,
    AccountedUsage? Accounted = null);

/// <summary>What Slurm's accounting (slurmdbd) recorded for a finished job.</summary>
/// <param name="ElapsedSeconds">Wall-clock seconds it ran.</param>
/// <param name="AllocatedTres">The trackable resources it held, e.g. <c>cpu=4,mem=8G,node=1,gres/gpu=2</c>.</param>
/// <param name="CpuSeconds">CPU time used (user + system), when gathered.</param>
/// <param name="EnergyJoules">Energy it consumed, when the cluster accounts energy; null otherwise.</param>
internal sealed record AccountedUsage(long ElapsedSeconds, string AllocatedTres, double? CpuSeconds, double? EnergyJoules);

/// <summary>A node as Slurm reports it.</summary>
/// <param name="Name">Node name.</param>
/// <param name="Cpus">CPUs it has.</param>
/// <param name="AllocCpus">CPUs allocated now.</param>
/// <param name="RealMemoryMB">Memory it has.</param>
/// <param name="AllocMemoryMB">Memory allocated now.</param>
/// <param name="State">Base state, lower case (<c>idle</c>, <c>mixed</c>, <c>allocated</c>, <c>down</c>…).</param>
/// <param name="StateFlags">Flags beside the state (<c>DRAIN</c>, <c>NOT_RESPONDING</c>…).</param>
/// <param name="Partitions">Partitions it is in.</param>
/// <param name="Gres">GRES it offers, e.g. <c>gpu:a100:4</c>.</param>
/// <param name="Features">Its active features (<c>a100</c>, <c>ib</c>…), as <c>--constraint</c> matches them.</param>
internal sealed record SlurmNode(string Name, int Cpus, int AllocCpus, long RealMemoryMB, long AllocMemoryMB,
    string State = "", IReadOnlyList<string>? StateFlags = null, IReadOnlyList<string>? Partitions = null, string? Gres = null,
    IReadOnlyList<string>? Features = null);
