using Suanwang.Engines.Slurm.Ssh;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// One Slurm center, driven through slurmrestd or a login node (<see cref="ISlurmAccess"/>). Every job Suanwang submits carries its dispatch token as the
/// Slurm job's <c>comment</c>; the engine finds, lists, cancels and reads only jobs whose comment is a token,
/// so a job someone else submitted is never touched. Holds no state of its own: Slurm is the record.
/// </summary>
/// <remarks>
/// Thread-safe. The look-up that makes <see cref="SubmitAsync"/> idempotent is serialised and each token is posted
/// once at a time, so it cannot race with itself; two engines on the same cluster can (see README).
/// </remarks>
public sealed partial class SlurmEngine : ICenterEngine
{
    private readonly SlurmEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ISlurmAccess _access;
    // Tenants whose jobs run as their own Slurm user submit (and cancel) through their own access.
    private readonly Dictionary<string, ISlurmAccess> _tenantAccess;
    private readonly SemaphoreSlim _submitLock = new(1, 1);
    // Tokens being posted now (outside _submitLock), with the outcome a second submission of the same token waits for.
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RunStatus>> _posting = new(StringComparer.Ordinal);
    private EngineReport? _lastReport;
    // The last listing of all jobs (null: take one before the next look-up): other users' work for reports, and
    // how many jobs a listing holds. A reference, so readers on other threads never see half of one.
    private volatile Listing? _lastListing;
    // Our runs as last seen, by token: every run of ours in the last listing, and every one posted since. A listing
    // of every job refreshes them all; between listings only the unfinished ones are asked for, one by one, which
    // costs what we run rather than the cluster's whole history.
    private readonly ConcurrentDictionary<string, KnownRun> _known = new(StringComparer.Ordinal);
    private long _knownSequence;

    // Whether accounting has been read for runs that ended before this engine started (once, on the first listing).
    private bool _accountingRead;

    private sealed record KnownRun(long JobId, RunStatus Status, long Sequence);

    /// <summary>
    /// How far back a fresh engine looks in accounting for runs the controller has already forgotten, and how long after
    /// its end a run known only to accounting is still listed and found (clusters with slurmdbd).
    /// </summary>
    public static readonly TimeSpan AccountedRunsKept = TimeSpan.FromDays(1);

    private sealed record Listing(IReadOnlyList<SlurmJob> Jobs, DateTimeOffset At);

    /// <summary>How often <see cref="ListAsync"/> reads every job of the cluster (to see runs another broker process started, and other users' work).</summary>
    public static readonly TimeSpan FullListingEvery = TimeSpan.FromSeconds(15);

    // A query for one job costs about as much as this many jobs in a listing (measured on Slurm 22.05).
    private const int ListedJobsPerQuery = 10;

    /// <summary>
    /// How old the last listing may be for a submission's look-up. Its age does not weaken the look-up (see
    /// <see cref="SubmitAsync"/>); it is taken afresh now and then so what it holds follows what Slurm still lists.
    /// </summary>
    public static readonly TimeSpan SubmitListingReuse = TimeSpan.FromSeconds(30);

    /// <summary>An engine for the center <paramref name="options"/> describe; connects on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SlurmEngine(SlurmEngineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        if (options.Ssh is { } ssh)
        {
            (ISlurmAccess center, var tenants) = SshAccesses.Create(ssh, options.CenterId, time);
            _access = center;
            _tenantAccess = new Dictionary<string, ISlurmAccess>(tenants, StringComparer.Ordinal);
        }
        else
        {
            _access = new SlurmRestClient(options);
            _tenantAccess = options.TenantSockets.ToDictionary(t => t.Key, t => (ISlurmAccess)new SlurmRestClient(options, t.Value), StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public string CenterId => _options.CenterId;

    /// <summary>The options this engine runs with.</summary>
    public SlurmEngineOptions Options => _options;

    /// <summary>How the engine reaches the cluster and in which dialect (e.g. <c>REST v0.0.42 at unix:/run/slurmrestd/slurmrestd.socket</c>); the dialect is known after the first call.</summary>
    public string Access => _access.Dialect is { } dialect ? $"{dialect} at {_access.Where}" : _access.Where;

    /// <inheritdoc />
    /// <remarks>
    /// Looks the token up among the cluster's jobs first (comment equals the token) and returns that job's status
    /// when found. Otherwise posts the job: argv becomes a <c>#!/bin/sh</c> script that <c>exec</c>s the
    /// single-quoted arguments; a job with an <c>#SBATCH</c> script sends that script as is. A job Slurm queues
    /// while saying it can never run as asked (e.g. more CPUs than a node has) is cancelled and rejected.
    /// <para>
    /// The look-up is in the engine's known runs: those of the last listing of every job (taken afresh when older
    /// than <see cref="SubmitListingReuse"/>), and every run this engine posted since, which a listing begun before
    /// the post never drops. A post whose outcome is unknown (no answer) discards the listing. Look-ups are serialised
    /// and a token is posted by one call at a time (a second waits for the first's outcome), so any job with the token
    /// was posted before the listing (an earlier broker process included; it is in it) or by this engine after
    /// (remembered); posts of different tokens go at once.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The dispatch token cannot name a file (tokens are <c>[A-Za-z0-9._-]</c>).</exception>
    public async Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckToken(request.DispatchToken);
        string token = request.DispatchToken;
        while (true)
        {
            Task<RunStatus>? alreadyPosting = null;
            TaskCompletionSource<RunStatus>? posting = null;
            await _submitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_posting.TryGetValue(token, out var other))
                {
                    alreadyPosting = other.Task;
                }
                else
                {
                    if (_lastListing is not { } last || _time.GetUtcNow() - last.At > SubmitListingReuse)
                        await ListJobsAsync(cancellationToken).ConfigureAwait(false);
                    if (_known.TryGetValue(token, out KnownRun? existing))
                    {
                        // Already there: say where it is now, not where it was when last seen.
                        SlurmJob? current = await _access.GetJobAsync(existing.JobId, cancellationToken).ConfigureAwait(false);
                        return current is not null && string.Equals(current.Comment, token, StringComparison.Ordinal) ? ToStatus(current) : existing.Status;
                    }
                    posting = new TaskCompletionSource<RunStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _posting[token] = posting;
                }
            }
            finally
            {
                _submitLock.Release();
            }
            if (alreadyPosting is not null)
            {
                // The same token is being posted right now: its outcome is this call's too; if that post failed, look again.
                try
                {
                    return await alreadyPosting.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    continue;
                }
            }
            try
            {
                RunStatus status = await PostAsync(request, cancellationToken).ConfigureAwait(false);
                posting!.SetResult(status);
                return status;
            }
            catch (Exception e)
            {
                posting!.SetException(e);
                _ = posting.Task.Exception; // observed: a waiter, if any, looks again
                throw;
            }
            finally
            {
                _posting.TryRemove(token, out _);
            }
        }
    }

    // Posts a run no listing or earlier post knows of. Outside the look-up's lock, so one center takes several posts at
    // once (as several sbatch clients would); a token is posted by one call at a time (_posting). The run is remembered
    // before the token leaves _posting, so a later look-up finds it.
    private async Task<RunStatus> PostAsync(DispatchRequest request, CancellationToken cancellationToken)
    {
        SlurmSubmission submission = SubmissionBuilder.Build(request, _options);
        var now = _time.GetUtcNow();
        long jobId;
        IReadOnlyList<SlurmError> errors;
        try
        {
            (jobId, errors) = await AccessFor(request.Tenant).SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EngineUnavailableException or OperationCanceledException)
        {
            _lastListing = null; // the job may exist now: look again before the next submission
            throw;
        }
        if (errors.Count > 0)
        {
            // Queued, but Slurm says it cannot run as asked: it would wait forever. Take it back.
            _lastListing = null;
            await AccessFor(request.Tenant).CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
            throw new EngineRejectedException($"Slurm at center '{CenterId}' cannot run the job as asked: {SlurmError.Describe(errors)}");
        }
        var status = new RunStatus(request.DispatchToken, RunState.Pending, null, now, null, null, null, jobId.ToString(CultureInfo.InvariantCulture));
        Remember(request.DispatchToken, jobId, status);
        return status;
    }

    /// <inheritdoc />
    public async Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatchToken);
        SlurmJob? job = await FindJobAsync(dispatchToken, cancellationToken).ConfigureAwait(false);
        return job is null ? null : ToStatus(job);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Jobs whose comment starts with <see cref="DispatchTokens.Prefix"/>; finished ones until Slurm forgets them
    /// (<c>MinJobAge</c>), or, where the cluster has accounting, for <see cref="AccountedRunsKept"/> after they ended
    /// (a fresh engine reads accounting's recently ended jobs once, so a restarted broker finds its runs). Every
    /// <see cref="FullListingEvery"/> (or when that is cheaper) from a listing of every job; in between, the runs
    /// known to be unfinished are asked for one by one.
    /// </remarks>
    public async Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var unfinished = _known.Where(k => !k.Value.Status.IsFinished).ToArray();
        bool listEverything = _lastListing is not { } last || _time.GetUtcNow() - last.At > FullListingEvery
                              || unfinished.Length * ListedJobsPerQuery > last.Jobs.Count;
        if (listEverything)
        {
            await ListJobsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Parallel.ForEachAsync(unfinished, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (known, ct) =>
            {
                SlurmJob? job = await _access.GetJobAsync(known.Value.JobId, ct).ConfigureAwait(false);
                if (job is not null && string.Equals(job.Comment, known.Key, StringComparison.Ordinal))
                    _known[known.Key] = known.Value with { Status = ToStatus(job) };
                else
                    _known.TryRemove(known); // Slurm no longer knows it (unless it was replaced meanwhile)
            }).ConfigureAwait(false);
        }
        return [.. _known.Values.Select(k => k.Status)];
    }

    private async Task<IReadOnlyList<SlurmJob>> ListJobsAsync(CancellationToken cancellationToken)
    {
        long before = Interlocked.Read(ref _knownSequence);
        IReadOnlyList<SlurmJob> jobs = await _access.GetJobsAsync(cancellationToken).ConfigureAwait(false);
        _lastListing = new Listing(jobs, _time.GetUtcNow());
        var ours = jobs.Where(j => IsOurs(j.Comment)).GroupBy(j => j.Comment, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(j => j.JobId)!, StringComparer.Ordinal);
        foreach ((string token, SlurmJob job) in ours) Remember(token, job.JobId, ToStatus(job));
        var now = _time.GetUtcNow();
        if (!_accountingRead)
        {
            // A fresh engine (a restarted broker) also learns the runs that ended while it was away and that the
            // controller has forgotten since (MinJobAge): accounting keeps them, where the cluster has it.
            try
            {
                foreach (SlurmJob job in await _access.GetAccountedJobsAsync(now - AccountedRunsKept, cancellationToken).ConfigureAwait(false))
                    if (IsOurs(job.Comment) && !ours.ContainsKey(job.Comment) && (!_known.TryGetValue(job.Comment, out KnownRun? seen) || seen.JobId < job.JobId))
                        _known[job.Comment] = new KnownRun(job.JobId, ToStatus(job), before);
                _accountingRead = true;
            }
            catch (EngineUnavailableException)
            {
                // Accounting is down while the controller answers: read it with a later listing.
            }
        }
        // What the listing lacks is gone, unless it was posted after the listing was asked for, or accounting still
        // has it: a run the controller forgot is asked for by its id (accounting answers where the cluster has it),
        // and one accounting recorded is kept for AccountedRunsKept after it ended.
        foreach (var known in _known.Where(k => !ours.ContainsKey(k.Key) && k.Value.Sequence <= before).ToArray())
        {
            RunStatus last = known.Value.Status;
            if (last.Accounted is not null && last.EndedAt is { } ended && now - ended < AccountedRunsKept) continue;
            if (last.Accounted is null)
            {
                SlurmJob? job;
                try
                {
                    job = await _access.GetJobAsync(known.Value.JobId, cancellationToken).ConfigureAwait(false);
                }
                catch (EngineUnavailableException)
                {
                    continue; // accounting cannot say now: not known to be gone
                }
                if (job is not null && string.Equals(job.Comment, known.Key, StringComparison.Ordinal))
                {
                    _known.TryUpdate(known.Key, known.Value with { Status = ToStatus(job) }, known.Value);
                    continue;
                }
            }
            _known.TryRemove(known);
        }
        return jobs;
    }

    private void Remember(string token, long jobId, RunStatus status) =>
        _known[token] = new KnownRun(jobId, status, Interlocked.Increment(ref _knownSequence));

    // Each access once, the center's first (tenants may share one login's).
    private IEnumerable<ISlurmAccess> Accesses => _tenantAccess.Values.Prepend(_access).Distinct();

    private ISlurmAccess AccessFor(string tenant) => _tenantAccess.GetValueOrDefault(tenant) ?? _access;

    // A job can be cancelled only by its Slurm user (or an operator): through the center's own slurmrestd, else
    // through each tenant's until one is the job's. True when Slurm accepted a cancel.
    private async Task<bool> CancelAsOwnerAsync(long jobId, CancellationToken cancellationToken)
    {
        foreach (ISlurmAccess access in Accesses)
        {
            switch (await access.CancelAsync(jobId, cancellationToken).ConfigureAwait(false))
            {
                case CancelOutcome.Cancelled: return true;
                case CancelOutcome.NothingToCancel: return false;
            }
        }
        throw new EngineUnavailableException($"Slurm at center '{CenterId}' refused to cancel job {jobId} to every user the center is reached as (Access/permission denied)");
    }

    // The job carrying the token: asked for by its id when known, else looked for in a listing of every job.
    private async Task<SlurmJob?> FindJobAsync(string token, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(token, out var known)
            && await _access.GetJobAsync(known.JobId, cancellationToken).ConfigureAwait(false) is { } job
            && string.Equals(job.Comment, token, StringComparison.Ordinal))
            return job;
        return Latest(await ListJobsAsync(cancellationToken).ConfigureAwait(false), token);
    }

    /// <inheritdoc />
    /// <remarks>Cancels (Slurm <c>DELETE /job/{id}</c>) only unfinished jobs whose comment is exactly <paramref name="dispatchToken"/>.</remarks>
    public async Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatchToken);
        if (!IsOurs(dispatchToken)) return false;
        // Every job with the token: those of the last listing (an earlier broker process may have left a second one)
        // and the one this engine knows of (posted since); a listing is taken only when there is none. Each is asked
        // for afresh (Slurm accepts a cancel of a job that has already ended), and only an unfinished one cancelled.
        IReadOnlyList<SlurmJob> listed = _lastListing?.Jobs ?? await ListJobsAsync(cancellationToken).ConfigureAwait(false);
        var jobIds = listed.Where(j => string.Equals(j.Comment, dispatchToken, StringComparison.Ordinal)).Select(j => j.JobId).ToHashSet();
        if (_known.TryGetValue(dispatchToken, out KnownRun? known)) jobIds.Add(known.JobId);
        bool cancelled = false;
        foreach (long jobId in jobIds)
        {
            SlurmJob? job = await _access.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (job is null || !string.Equals(job.Comment, dispatchToken, StringComparison.Ordinal) || ToStatus(job).IsFinished) continue;
            cancelled |= await CancelAsOwnerAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        return cancelled;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the file Slurm writes the stream to, through the access of the job's user: from this machine for slurmrestd
    /// (the work directory must be on a filesystem the broker's machine mounts too), over the same connection for a
    /// login node.
    /// </remarks>
    public async Task<OutputChunk?> ReadOutputAsync(string dispatchToken, OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatchToken);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, OutputFileReader.MinBytes);
        SlurmJob? job = await FindJobAsync(dispatchToken, cancellationToken).ConfigureAwait(false);
        if (job is null) return null;
        // The file this engine asked Slurm to write, read from inside the work directory without following links:
        // a path Slurm reports back, or a link someone planted in a shared directory, is never opened.
        ISlurmAccess reader = _tenantAccess.Values.FirstOrDefault(a => a.UserName is { } user && string.Equals(user, job.UserName, StringComparison.Ordinal)) ?? _access;
        return await reader.ReadOutputAsync(_options.WorkDirectory, SubmissionBuilder.OutputName(dispatchToken, stream), offset, maxBytes, ToStatus(job).IsFinished, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Slots are the cluster's nodes; CPUs and memory come from every node's <c>cpus</c>/<c>alloc_cpus</c> and
    /// <c>real_memory</c>/<c>alloc_memory</c>; Running/Pending count Suanwang's jobs only. Per pool (its partition):
    /// what the usable nodes offer (GPUs from their GRES) and every job in the partition Suanwang did not submit,
    /// running or pending, with Slurm's own expected start and end — so the broker's queue-wait estimates count the
    /// cluster's other users. Other users' work is as of the last listing of every job (at most
    /// <see cref="FullListingEvery"/> old). When
    /// slurmrestd cannot be reached the last figures are returned with <see cref="EngineReport.Reachable"/> false.
    /// </remarks>
    public async Task<EngineReport> ReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<SlurmNode> nodes = await _access.GetNodesAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            IReadOnlyList<SlurmJob> jobs = _lastListing is { } last && now - last.At <= FullListingEvery
                ? last.Jobs
                : await ListJobsAsync(cancellationToken).ConfigureAwait(false);
            RunStatus[] runs = [.. _known.Values.Select(k => k.Status)];
            var report = new EngineReport(
                CenterId, true, nodes.Count,
                runs.Count(r => r.State == RunState.Running), runs.Count(r => r.State == RunState.Pending),
                nodes.Sum(n => n.Cpus), nodes.Sum(n => n.AllocCpus),
                nodes.Sum(n => n.RealMemoryMB) / 1024.0, nodes.Sum(n => n.AllocMemoryMB) / 1024.0,
                now, SlurmLoad.Pools(_options, nodes, jobs, now)) { Access = Access };
            _lastReport = report;
            return report;
        }
        catch (EngineUnavailableException)
        {
            EngineReport? last = _lastReport;
            return last is null
                ? new EngineReport(CenterId, false, 0, 0, 0, 0, 0, 0, 0, _time.GetUtcNow()) { Access = Access }
                : last with { Reachable = false, Access = Access };
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (ISlurmAccess access in Accesses) access.Dispose();
        _submitLock.Dispose();
        return ValueTask.CompletedTask;
    }

    // ---- mapping -----------------------------------------------------------------------------------

    private static RunStatus ToStatus(SlurmJob job)
    {
        (RunState state, string? message) = SlurmStates.Map(job.JobState, job.StateReason);
        bool finished = state is RunState.Succeeded or RunState.Failed or RunState.Cancelled;
        int? exitCode = null;
        if (finished)
        {
            (exitCode, int signal) = SlurmStates.SplitWaitStatus(job.ExitCodeRaw);
            if (signal != 0 && state == RunState.Failed) message = $"{message}; killed by signal {signal}";
        }
        // Before a job starts (or ends) Slurm reports expected times: only real ones are kept.
        DateTimeOffset? started = (state == RunState.Running || finished) && job.StartTime > 0 ? FromUnix(job.StartTime) : null;
        DateTimeOffset? ended = finished && job.EndTime > 0 ? FromUnix(job.EndTime) : null;
        return new RunStatus(job.Comment, state, exitCode, FromUnix(job.SubmitTime), started, ended, message,
            job.JobId.ToString(CultureInfo.InvariantCulture))
        {
            Accounted = finished && job.Accounted is { } usage ? AccountedRuns.Of(usage) : null,
        };
    }

    private static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static SlurmJob? Latest(IReadOnlyList<SlurmJob> jobs, string token) =>
        jobs.Where(j => string.Equals(j.Comment, token, StringComparison.Ordinal)).MaxBy(j => j.JobId);

    private static bool IsOurs(string comment) => comment.StartsWith(DispatchTokens.Prefix, StringComparison.Ordinal);

    private static void CheckToken(string token)
    {
        if (!TokenPattern().IsMatch(token))
            throw new ArgumentException($"dispatch token '{token}' must start with '{DispatchTokens.Prefix}' and be letters, digits, '.', '_' or '-' (it names the output files)", nameof(token));
    }

    [GeneratedRegex(@"^sw-[A-Za-z0-9._-]+$")]
    private static partial Regex TokenPattern();
}
