namespace Suanwang.Engines.Slurm;

/// <summary>
/// One identity's way into one Slurm cluster: slurmrestd over a socket or URL (<see cref="SlurmRestClient"/>), or a login
/// node over SSH running Slurm's own commands. The engine (<see cref="SlurmEngine"/>) keeps the dispatch-token rules on
/// top; an access only asks and tells the cluster, and reads what a run wrote.
/// </summary>
/// <remarks>
/// Thread-safe. Anything that keeps an answer from arriving (no socket or connection, a timeout, an answer that is not
/// Slurm's) throws <see cref="EngineUnavailableException"/>; a job Slurm refuses for good throws
/// <see cref="EngineRejectedException"/>.
/// </remarks>
internal interface ISlurmAccess : IDisposable
{
    /// <summary>Where the access reaches the cluster, for messages (<c>unix:/run/slurmrestd/…</c>, <c>ssh alice@login:22</c>).</summary>
    string Where { get; }

    /// <summary>The Slurm user jobs submitted through this access run as, when known (SSH: the login user); null otherwise.</summary>
    string? UserName { get; }

    /// <summary>What the access speaks, for the center's page (e.g. <c>REST v0.0.42</c>, <c>SSH, Slurm 24.11.5</c>); null before the first call.</summary>
    string? Dialect { get; }

    /// <summary>Every job the controller holds, every user's.</summary>
    Task<IReadOnlyList<SlurmJob>> GetJobsAsync(CancellationToken cancellationToken);

    /// <summary>One job by its Slurm id; null when Slurm no longer knows it (never did, or it was purged and there is no accounting).</summary>
    Task<SlurmJob?> GetJobAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Jobs that ended since <paramref name="since"/> as accounting recorded them, every user's (the engine keeps those
    /// carrying a dispatch token): what a restarted broker finds of runs the controller has forgotten (<c>MinJobAge</c>).
    /// Empty where the cluster has no accounting, or the access cannot read it.
    /// </summary>
    Task<IReadOnlyList<SlurmJob>> GetAccountedJobsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every node of the cluster.</summary>
    Task<IReadOnlyList<SlurmNode>> GetNodesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Submits a job. Returns its Slurm id and anything Slurm said beside it (an id with errors means Slurm queued a
    /// job it says cannot run as asked).
    /// </summary>
    Task<SubmitOutcome> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken);

    /// <summary>Cancels job <paramref name="jobId"/> as this access's user (Slurm's <c>scancel</c>).</summary>
    Task<CancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a slice of the file <paramref name="fileName"/> in <paramref name="directory"/> where the cluster's jobs write
    /// (a shared filesystem, or the login node's), as <see cref="OutputFileReader"/> does: no link followed, nothing
    /// but a regular file read, a missing file read as empty.
    /// </summary>
    /// <exception cref="OutputUnavailableException">Something other than a regular file is in the output's place.</exception>
    Task<OutputChunk> ReadOutputAsync(string directory, string fileName, long offset, int maxBytes, bool finished, CancellationToken cancellationToken);
}

/// <summary>What a submission came to: the new job's id, and errors Slurm reported beside it.</summary>
internal sealed record SubmitOutcome(long JobId, IReadOnlyList<SlurmError> Errors);

/// <summary>What a cancel request came to.</summary>
internal enum CancelOutcome
{
    /// <summary>Slurm accepted it.</summary>
    Cancelled,
    /// <summary>The job had ended or is gone.</summary>
    NothingToCancel,
    /// <summary>The job belongs to another Slurm user than this access's.</summary>
    NotThisUsersJob,
}

/// <summary>One error Slurm reported.</summary>
internal sealed record SlurmError(int Code, string Text)
{
    /// <summary>The errors in words, each with its number.</summary>
    public static string Describe(IEnumerable<SlurmError> errors) =>
        string.Join("; ", errors.Select(e => e.Code == 0 ? e.Text : $"{e.Text} (error {e.Code})"));
}
