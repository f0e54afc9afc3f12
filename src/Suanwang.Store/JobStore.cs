using Microsoft.EntityFrameworkCore;
using Suanwang.Lifecycle;
using Suanwang.Store.Entities;
using Suanwang.Store.Health;
using Suanwang.Store.Writing;

namespace Suanwang.Store;

/// <summary>A submission to store: the jobs it makes (one, or one per array index) and its idempotency key.</summary>
/// <param name="Tenant">The submitting tenant.</param>
/// <param name="IdempotencyKey">The key, or null.</param>
/// <param name="BodyHash">Hash of the submitted body (a reused key must come with the same body).</param>
/// <param name="Jobs">
/// The jobs, fully filled in except <see cref="JobRow.Sequence"/>, at version 1 in state Submitted (or one allowed
/// step further at version 2), each with its <see cref="JobRow.Body"/> (the elements of an array share one
/// instance: it is stored once).
/// </param>
public sealed record NewSubmission(string Tenant, string? IdempotencyKey, string BodyHash, IReadOnlyList<JobRow> Jobs);

/// <summary>How a submission was stored.</summary>
public enum SubmitStatus
{
    /// <summary>New jobs were stored (durably: the commit has returned).</summary>
    Created,
    /// <summary>The key had been used with the same body: the earlier jobs are returned, nothing was stored.</summary>
    Replayed,
    /// <summary>The key had been used with a different body: nothing was stored.</summary>
    KeyConflict,
}

/// <summary>The outcome of storing a submission.</summary>
/// <param name="Status">Created, replayed or refused.</param>
/// <param name="JobIds">The jobs (new or earlier), in array order.</param>
public sealed record SubmitOutcome(SubmitStatus Status, IReadOnlyList<string> JobIds);

/// <summary>Filters for listing jobs.</summary>
/// <param name="Tenant">Only this tenant's jobs (null = all).</param>
/// <param name="States">Only these states (null or empty = all).</param>
/// <param name="CenterId">Only jobs placed on this center.</param>
/// <param name="SinceMs">Submitted at or after.</param>
/// <param name="UntilMs">Submitted before.</param>
/// <param name="Limit">Page size.</param>
/// <param name="After">Cursor: (submitted, id) of the last job of the previous page; the page continues below it.</param>
public sealed record JobFilter(string? Tenant, IReadOnlyList<JobState>? States, string? CenterId, long? SinceMs, long? UntilMs, int Limit, (long SubmittedAtMs, string Id)? After);

/// <summary>
/// Jobs in the store. Every method opens its own short-lived context: safe to call concurrently. Each runs under
/// the caller's <see cref="StoreDeadline"/> (the broker sets one per request).
/// Transitions are compare-and-set on the job's version and append their event in the same
/// transaction, so a job's record and its history never disagree.
/// </summary>
public sealed partial class JobStore(DbContextOptions<SuanwangDbContext> options)
{
    private long _lastSequence = -1;
    private readonly SemaphoreSlim _submitGate = new(1, 1);
    private static readonly JobState[] AtCenterStates = [.. Enum.GetValues<JobState>().Where(JobLifecycle.IsAtCenter)];
    private static readonly JobState[] FinalStates = [.. Enum.GetValues<JobState>().Where(JobLifecycle.IsFinal)];

    private SuanwangDbContext Open() => new(options);

    /// <summary>
    /// Stores a batch of submissions in ONE transaction (group commit: one fsync for the batch).
    /// Returns when the commit is durable. Idempotency keys are checked against the store and within
    /// the batch; a key seen again returns the first submission's jobs.
    /// </summary>
    public Task<IReadOnlyList<SubmitOutcome>> SubmitAsync(IReadOnlyList<NewSubmission> batch, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<SubmitOutcome>>(async () =>
    {
        await _submitGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = Open();
            if (_lastSequence < 0)
                _lastSequence = await db.Jobs.MaxAsync(j => (long?)j.Sequence, cancellationToken) ?? 0;
            var scopes = batch.Where(s => s.IdempotencyKey is not null).Select(s => IdempotencyRow.ScopeOf(s.Tenant, s.IdempotencyKey!)).Distinct().ToArray();
            var known = scopes.Length == 0
                ? new Dictionary<(string, string), IdempotencyRow>()
                : (await IdempotencyKeysAsync(db, scopes, cancellationToken)).ToDictionary(k => (k.Tenant, k.Key));
            var outcomes = new SubmitOutcome[batch.Count];
            long sequence = _lastSequence;
            var bodies = new HashSet<JobBodyRow>(ReferenceEqualityComparer.Instance);
            var jobs = new List<JobRow>();
            var events = new List<JobEventRow>();
            var keys = new List<IdempotencyRow>();
            for (int i = 0; i < batch.Count; i++)
            {
                var submission = batch[i];
                if (submission.IdempotencyKey is { } key && known.TryGetValue((submission.Tenant, key), out var earlier))
                {
                    outcomes[i] = earlier.BodyHash == submission.BodyHash
                        ? new SubmitOutcome(SubmitStatus.Replayed, earlier.JobIds.Split(','))
                        : new SubmitOutcome(SubmitStatus.KeyConflict, earlier.JobIds.Split(','));
                    continue;
                }
                foreach (var job in submission.Jobs)
                {
                    var body = job.Body ?? throw new ArgumentException($"job '{job.Id}': a new job comes with its submission's body");
                    job.BodyId = body.Id;
                    bodies.Add(body);
                    job.Sequence = ++sequence;
                    jobs.Add(job);
                    events.AddRange(InitialEvents(job));
                }
                if (submission.IdempotencyKey is { } newKey)
                {
                    var row = new IdempotencyRow
                    {
                        Scope = IdempotencyRow.ScopeOf(submission.Tenant, newKey),
                        Tenant = submission.Tenant, Key = newKey, BodyHash = submission.BodyHash,
                        JobIds = string.Join(',', submission.Jobs.Select(j => j.Id)),
                        CreatedAtMs = submission.Jobs.Count > 0 ? submission.Jobs[0].SubmittedAtMs : 0,
                    };
                    keys.Add(row);
                    known[(submission.Tenant, newKey)] = row;
                }
                outcomes[i] = new SubmitOutcome(SubmitStatus.Created, submission.Jobs.Select(j => j.Id).ToArray());
            }
            if (jobs.Count > 0 || keys.Count > 0)
            {
                try
                {
                    // Multi-row inserts, one transaction: an array of thousands costs about what its rows cost.
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    await RowInserter.InsertAsync(db, bodies, cancellationToken);
                    await RowInserter.InsertAsync(db, jobs, cancellationToken);
                    await RowInserter.InsertAsync(db, events, cancellationToken);
                    await RowInserter.InsertAsync(db, keys, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                catch
                {
                    // Nothing of the batch was committed; the next batch re-reads the sequence.
                    _lastSequence = -1;
                    throw;
                }
            }
            _lastSequence = sequence;
            return outcomes;
        }
        finally
        {
            _submitGate.Release();
        }
    }, cancellationToken);

    private static async Task<List<IdempotencyRow>> IdempotencyKeysAsync(SuanwangDbContext db, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var rows = new List<IdempotencyRow>();
        foreach (var slice in IdLists.Slices(scopes))
            rows.AddRange(await db.IdempotencyKeys.Where(k => slice.Contains(k.Scope)).ToListAsync(cancellationToken));
        return rows;
    }

    // A new job is stored Submitted (version 1), or already one step further when the submitter checked
    // what that step needs (the broker admits to Queued at once): then both events are written.
    private static JobEventRow[] InitialEvents(JobRow job)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(job.SubmittedAtMs);
        var (record, submitted) = JobLifecycle.Submit(job.Id, at);
        if (job.State == JobState.Submitted && job.Version == 1 && job.Attempt == 1)
            return [TransitionWriter.EventRow(job.Id, submitted)];
        // The first step is taken by the lifecycle like any other, and must land where the row says it is.
        var step = JobLifecycle.Apply(record, job.State, record.Version, at, job.Reason);
        if (!step.Accepted || step.Record != TransitionWriter.RecordOf(job))
            throw new ArgumentException($"job '{job.Id}': a new job is Submitted at version 1, or one allowed step further at version 2 (not {job.State} at {job.Version}, attempt {job.Attempt})");
        return [TransitionWriter.EventRow(job.Id, submitted), TransitionWriter.EventRow(job.Id, step.Event!)];
    }

    /// <summary>The job with its body (without the spec text), or null.</summary>
    public Task<JobRow?> GetAsync(string id, CancellationToken cancellationToken) => StoreDeadline.RunAsync<JobRow?>(async () =>
    {
        await using var db = Open();
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is not null) await AttachBodiesAsync(db, [job], cancellationToken);
        return job;
    }, cancellationToken);

    /// <summary>Jobs by id, with their bodies (without the spec text); missing ids are left out. Any number of ids.</summary>
    public Task<IReadOnlyList<JobRow>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        var jobs = new List<JobRow>(ids.Count);
        foreach (var slice in IdLists.Slices(ids))
            jobs.AddRange(await db.Jobs.Where(j => slice.Contains(j.Id)).ToListAsync(cancellationToken));
        await AttachBodiesAsync(db, jobs, cancellationToken);
        return jobs;
    }, cancellationToken);

    // Each distinct body is read once (an array's thousands of elements share one), without its spec text.
    private static async Task AttachBodiesAsync(SuanwangDbContext db, IReadOnlyCollection<JobRow> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0) return;
        var bodies = new Dictionary<string, JobBodyRow>();
        foreach (var slice in IdLists.Slices(jobs.Select(j => j.BodyId)))
            foreach (var body in await WithoutText(db.JobBodies.Where(b => slice.Contains(b.Id))).ToListAsync(cancellationToken))
                bodies[body.Id] = body;
        foreach (var job in jobs) job.Body = bodies.GetValueOrDefault(job.BodyId);
    }

    private static IQueryable<JobBodyRow> WithoutText(IQueryable<JobBodyRow> bodies) =>
        bodies.Select(b => new JobBodyRow { Id = b.Id, Tenant = b.Tenant, SpecText = "", SpecSource = b.SpecSource, RequestJson = b.RequestJson, CreatedAtMs = b.CreatedAtMs });

    /// <summary>A job's events, oldest first.</summary>
    public Task<IReadOnlyList<JobEventRow>> EventsAsync(string id, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobEventRow>>(async () =>
    {
        await using var db = Open();
        return await db.JobEvents.Where(e => e.JobId == id).OrderBy(e => e.Version).ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>One page of jobs, newest first, with their bodies (without the spec text).</summary>
    public Task<IReadOnlyList<JobRow>> ListAsync(JobFilter filter, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        IQueryable<JobRow> q = db.Jobs;
        if (filter.Tenant is { } tenant) q = q.Where(j => j.Tenant == tenant);
        if (filter.States is { Count: > 0 } wanted)
        {
            JobState[] states = [.. wanted.Distinct()]; // a handful at most (there are eleven states), however the list was written
            q = q.Where(j => states.Contains(j.State));
        }
        if (filter.CenterId is { } center) q = q.Where(j => j.CenterId == center);
        if (filter.SinceMs is { } since) q = q.Where(j => j.SubmittedAtMs >= since);
        if (filter.UntilMs is { } until) q = q.Where(j => j.SubmittedAtMs < until);
        if (filter.After is { } after)
            q = q.Where(j => j.SubmittedAtMs < after.SubmittedAtMs || (j.SubmittedAtMs == after.SubmittedAtMs && string.Compare(j.Id, after.Id) < 0));
        var page = await q.OrderByDescending(j => j.SubmittedAtMs).ThenByDescending(j => j.Id).Take(filter.Limit).ToListAsync(cancellationToken);
        await AttachBodiesAsync(db, page, cancellationToken);
        return page;
    }, cancellationToken);

    /// <summary>Jobs a center holds or is about to (Placed, Dispatched, Running, Unknown): what capacity and tracking need, bounded by the network's size.</summary>
    public Task<IReadOnlyList<JobRow>> AtCentersAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        return await Light(db.Jobs.Where(j => AtCenterStates.Contains(j.State))).ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>The jobs in <paramref name="state"/>, in acceptance order, light (see <see cref="Light"/>; an index serves it).</summary>
    public Task<IReadOnlyList<JobRow>> InStateAsync(JobState state, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        return await Light(db.Jobs.Where(j => j.State == state)).ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>The committed decisions (<see cref="JobRow.DecisionJson"/>) of those of <paramref name="ids"/> that have one, by job id. Any number of ids.</summary>
    public Task<IReadOnlyDictionary<string, string>> DecisionsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyDictionary<string, string>>(async () =>
    {
        await using var db = Open();
        var decisions = new Dictionary<string, string>(ids.Count);
        foreach (var slice in IdLists.Slices(ids))
            foreach (var row in await db.Jobs.Where(j => slice.Contains(j.Id) && j.DecisionJson != null).Select(j => new { j.Id, j.DecisionJson }).ToListAsync(cancellationToken))
                decisions[row.Id] = row.DecisionJson!;
        return decisions;
    }, cancellationToken);

    /// <summary>
    /// Rows without the large text column (<see cref="JobRow.DecisionJson"/> comes back empty) and without their
    /// body, in acceptance order: the scheduler reads these every cycle. Use <see cref="RequestTemplatesAsync"/>
    /// or <see cref="BodiesAsync"/> for the bodies, once per body.
    /// </summary>
    internal static IQueryable<JobRow> Light(IQueryable<JobRow> jobs) =>
        jobs.OrderBy(j => j.Sequence)
            .Select(j => new JobRow
            {
                Id = j.Id, Tenant = j.Tenant, Tier = j.Tier, Name = j.Name, State = j.State, Version = j.Version, Attempt = j.Attempt,
                Sequence = j.Sequence, SubmittedAtMs = j.SubmittedAtMs, UpdatedAtMs = j.UpdatedAtMs, Reason = j.Reason,
                Accelerators = j.Accelerators, Cpus = j.Cpus, MemoryGiB = j.MemoryGiB,
                BodyId = j.BodyId, ArrayIndex = j.ArrayIndex, WaitsFor = j.WaitsFor,
                CenterId = j.CenterId, PoolId = j.PoolId, DispatchToken = j.DispatchToken,
                PlannedDispatchAtMs = j.PlannedDispatchAtMs, PlannedStartAtMs = j.PlannedStartAtMs, PlannedFinishAtMs = j.PlannedFinishAtMs,
                DispatchedAtMs = j.DispatchedAtMs, StartedAtMs = j.StartedAtMs, EndedAtMs = j.EndedAtMs, ExitCode = j.ExitCode,
                UnreachableSinceMs = j.UnreachableSinceMs, RequeuedByCenterAtMs = j.RequeuedByCenterAtMs,
            });


    /// <summary>Job counts by state (all tenants, or one).</summary>
    public Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(string? tenant, long? submittedSinceMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyDictionary<JobState, int>>(async () =>
    {
        await using var db = Open();
        IQueryable<JobRow> q = db.Jobs;
        if (tenant is not null) q = q.Where(j => j.Tenant == tenant);
        if (submittedSinceMs is { } since) q = q.Where(j => j.SubmittedAtMs >= since);
        return await q.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
    }, cancellationToken);

    /// <summary>Unfinished jobs counted by state and tier (for the queue gauges).</summary>
    public Task<IReadOnlyList<(JobState State, string Tier, int Count)>> CountActiveAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<(JobState State, string Tier, int Count)>>(async () =>
    {
        await using var db = Open();
        var rows = await db.Jobs.Where(j => !FinalStates.Contains(j.State)).GroupBy(j => new { j.State, j.Tier })
            .Select(g => new { g.Key.State, g.Key.Tier, Count = g.Count() }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.State, r.Tier, r.Count)).ToList();
    }, cancellationToken);

    /// <summary>Metered totals per tenant of runs that ended at or after <paramref name="sinceMs"/>.</summary>
    public Task<IReadOnlyList<TenantTotals>> TotalsAsync(long sinceMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<TenantTotals>>(async () =>
    {
        await using var db = Open();
        return await db.Jobs.Where(j => j.EndedAtMs >= sinceMs && j.ActualCostYuan != null)
            .GroupBy(j => j.Tenant)
            .Select(g => new TenantTotals(g.Key, g.Sum(j => j.ActualAcceleratorHours ?? 0), g.Sum(j => j.ActualCpuHours ?? 0),
                g.Sum(j => j.ActualCostYuan ?? 0), g.Sum(j => j.ActualEnergyKwh ?? 0), g.Sum(j => j.ActualCarbonKg ?? 0)))
            .ToListAsync(cancellationToken);
    }, cancellationToken);

    #region Dashboard queries (read-only; added for the live feed and the operations view)

    /// <summary>
    /// Jobs whose state changed at or after <paramref name="sinceMs"/>, light (no spec, request or
    /// decision text), oldest change first, at most <paramref name="limit"/>: what the live feed
    /// polls (at most once a second, only while someone listens; an index on
    /// <see cref="JobRow.UpdatedAtMs"/> serves it).
    /// </summary>
    public Task<IReadOnlyList<JobRow>> ChangedSinceAsync(long sinceMs, int limit, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        return await db.Jobs.Where(j => j.UpdatedAtMs >= sinceMs).OrderBy(j => j.UpdatedAtMs).Take(limit)
            .Select(j => new JobRow
            {
                Id = j.Id, Tenant = j.Tenant, Tier = j.Tier, Name = j.Name, State = j.State, Version = j.Version, Attempt = j.Attempt,
                Sequence = j.Sequence, SubmittedAtMs = j.SubmittedAtMs, UpdatedAtMs = j.UpdatedAtMs, Reason = j.Reason,
                BodyId = j.BodyId, ArrayIndex = j.ArrayIndex, CenterId = j.CenterId,
            })
            .ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Metered totals per center (and per tier) of runs that ended at or after <paramref name="sinceMs"/>.</summary>
    public Task<IReadOnlyList<CenterTierTotals>> CenterTierTotalsAsync(long sinceMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<CenterTierTotals>>(async () =>
    {
        await using var db = Open();
        var rows = await db.Jobs.Where(j => j.EndedAtMs >= sinceMs && j.CenterId != null)
            .GroupBy(j => new { j.CenterId, j.Tier })
            .Select(g => new
            {
                g.Key.CenterId, g.Key.Tier, Runs = g.Count(),
                AcceleratorHours = g.Sum(j => j.ActualAcceleratorHours ?? 0), CpuHours = g.Sum(j => j.ActualCpuHours ?? 0),
                CostYuan = g.Sum(j => j.ActualCostYuan ?? 0), EnergyKwh = g.Sum(j => j.ActualEnergyKwh ?? 0), CarbonKg = g.Sum(j => j.ActualCarbonKg ?? 0),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CenterTierTotals(r.CenterId!, r.Tier, r.Runs, r.AcceleratorHours, r.CpuHours, r.CostYuan, r.EnergyKwh, r.CarbonKg)).ToList();
    }, cancellationToken);

    /// <summary>The most recently accepted jobs in <paramref name="state"/> that have a planned and an actual end (light), newest first.</summary>
    public Task<IReadOnlyList<JobRow>> RecentlyEndedAsync(JobState state, int limit, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<JobRow>>(async () =>
    {
        await using var db = Open();
        return await db.Jobs.Where(j => j.State == state).OrderByDescending(j => j.Sequence)
            .Where(j => j.EndedAtMs != null && j.PlannedFinishAtMs != null).Take(limit)
            .Select(j => new JobRow
            {
                Id = j.Id, Tenant = j.Tenant, Tier = j.Tier, Name = j.Name, State = j.State, Reason = "", BodyId = j.BodyId,
                Sequence = j.Sequence, CenterId = j.CenterId, StartedAtMs = j.StartedAtMs, EndedAtMs = j.EndedAtMs,
                PlannedStartAtMs = j.PlannedStartAtMs, PlannedFinishAtMs = j.PlannedFinishAtMs,
            })
            .ToListAsync(cancellationToken);
    }, cancellationToken);

    #endregion
}

/// <summary>A tenant's metered totals.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="AcceleratorHours">Accelerator-hours.</param>
/// <param name="CpuHours">Core-hours.</param>
/// <param name="CostYuan">Yuan.</param>
/// <param name="EnergyKwh">Facility energy.</param>
/// <param name="CarbonKg">Carbon.</param>
public sealed record TenantTotals(string Tenant, double AcceleratorHours, double CpuHours, double CostYuan, double EnergyKwh, double CarbonKg);

/// <summary>Metered totals of one center and tier.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="Tier">Tenant tier.</param>
/// <param name="Runs">Runs that ended.</param>
/// <param name="AcceleratorHours">Accelerator-hours.</param>
/// <param name="CpuHours">Core-hours.</param>
/// <param name="CostYuan">Yuan.</param>
/// <param name="EnergyKwh">Facility energy.</param>
/// <param name="CarbonKg">Carbon.</param>
public sealed record CenterTierTotals(string CenterId, string Tier, int Runs, double AcceleratorHours, double CpuHours, double CostYuan, double EnergyKwh, double CarbonKg);
