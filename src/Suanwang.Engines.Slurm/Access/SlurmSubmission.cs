namespace Suanwang.Engines.Slurm;

/// <summary>
/// One job to submit, in Slurm's own terms and independent of how it is sent (a REST body of one version, or
/// <c>sbatch</c> options on a login node). Built by <see cref="SubmissionBuilder"/>; every value is already checked.
/// </summary>
/// <param name="Name">The job's name.</param>
/// <param name="Comment">The dispatch token, by which the engine recognises the job.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Account">The account, or null for the user's default.</param>
/// <param name="Qos">The QOS, or null for the association's default.</param>
/// <param name="Nodes">Nodes (minimum = maximum).</param>
/// <param name="Tasks">Tasks in all.</param>
/// <param name="TasksPerNode">Tasks per node, when the layout fixes it.</param>
/// <param name="CpusPerTask">CPU cores per task.</param>
/// <param name="MemoryPerNodeMB">Memory per node, or null.</param>
/// <param name="MemoryPerCpuMB">Memory per CPU (when the job gave it so), or null.</param>
/// <param name="GresPerNode">GRES per node, e.g. <c>gpu:2</c> or <c>gpu:a100:2</c>, or null.</param>
/// <param name="Constraint">Node features the job needs, in Slurm's syntax, or null.</param>
/// <param name="TimeLimitMinutes">Time limit in whole minutes, or null for the partition's.</param>
/// <param name="Exclusive">Whole nodes only.</param>
/// <param name="WorkDirectory">The working directory, where the output files go.</param>
/// <param name="StandardOutput">stdout's path.</param>
/// <param name="StandardError">stderr's path.</param>
/// <param name="Environment">The job's whole environment (nothing else is exported).</param>
/// <param name="Script">The batch script.</param>
internal sealed record SlurmSubmission(
    string Name,
    string Comment,
    string Partition,
    string? Account,
    string? Qos,
    int Nodes,
    int Tasks,
    int? TasksPerNode,
    int CpusPerTask,
    long? MemoryPerNodeMB,
    long? MemoryPerCpuMB,
    string? GresPerNode,
    string? Constraint,
    long? TimeLimitMinutes,
    bool Exclusive,
    string WorkDirectory,
    string StandardOutput,
    string StandardError,
    IReadOnlyDictionary<string, string> Environment,
    string Script);
