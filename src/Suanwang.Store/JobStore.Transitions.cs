using Microsoft.EntityFrameworkCore;
using Suanwang.Lifecycle;
using Suanwang.Store.Entities;
using Suanwang.Store.Health;
using Suanwang.Store.Writing;

namespace Suanwang.Store;

/// <summary>Why a transition was not applied.</summary>
public enum TransitionStatus
{
    /// <summary>Applied and committed.</summary>
    Applied,
    /// <summary>The job changed since the caller read it.</summary>
    Stale,
    /// <summary>The state machine has no such edge, or the facts given do not fit it.</summary>
    Illegal,
    /// <summary>No such job.</summary>
    NotFound,
}

/// <summary>A requested transition: the job, the version it was read at, the new state, why, and what the move records.</summary>
/// <param name="JobId">The job.</param>
/// <param name="ExpectedVersion">The version the caller read (compare-and-set).</param>
/// <param name="To">The new state.</param>
/// <param name="Reason">Why, in words a user reads.</param>
/// <param name="Facts">What the move records besides the state (see <see cref="TransitionFacts"/>; the lifecycle checks they fit it).</param>
public sealed record TransitionRequest(string JobId, long ExpectedVersion, JobState To, string Reason, TransitionFacts? Facts = null);

// Transitions and notes: every change to a job's lifecycle goes through JobLifecycle.Apply, which decides legality and
// compare-and-set; the store writes what it decided (TransitionWriter) and the event in the same transaction, and the
// row's version is the concurrency token, so a writer that raced another loses rather than overwrites.
public sealed partial class JobStore
{
    /// <summary>Applies one transition (compare-and-set on the version) with its event, in one transaction.</summary>
    public Task<(TransitionStatus Status, JobRow? Job)> TransitionAsync(TransitionRequest request, long atMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<(TransitionStatus Status, JobRow? Job)>(async () =>
    {
        await using var db = Open();
        var job = await db.Jobs.AsTracking().FirstOrDefaultAsync(j => j.Id == request.JobId, cancellationToken);
        if (job is null) return (TransitionStatus.NotFound, null);
        var status = Stage(db, job, request, atMs);
        if (status != TransitionStatus.Applied) return (status, job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await AttachBodiesAsync(db, [job], cancellationToken);
            return (TransitionStatus.Applied, job);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (TransitionStatus.Stale, null);
        }
        catch (DbUpdateException)
        {
            // A concurrent writer may have appended the same event version first.
            if (await VersionMovedAsync(request, cancellationToken)) return (TransitionStatus.Stale, null);
            throw;
        }
    }, cancellationToken);

    /// <summary>
    /// Applies many transitions in one transaction (one fsync). If any is stale or illegal, that one is
    /// left out and reported, and the rest are committed.
    /// </summary>
    public Task<IReadOnlyList<(TransitionRequest Request, TransitionStatus Status)>> TransitionManyAsync(IReadOnlyList<TransitionRequest> requests, long atMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<(TransitionRequest Request, TransitionStatus Status)>>(async () =>
    {
        if (requests.Count == 0) return [];
        await using (var db = Open())
        {
            var jobs = await TrackedAsync(db, requests.Select(r => r.JobId), cancellationToken);
            var results = new List<(TransitionRequest, TransitionStatus)>(requests.Count);
            foreach (var request in requests)
            {
                var status = jobs.TryGetValue(request.JobId, out var job) ? Stage(db, job, request, atMs) : TransitionStatus.NotFound;
                results.Add((request, status));
            }
            try
            {
                if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
                return results;
            }
            catch (DbUpdateException)
            {
                // Someone else moved one of them: fall back to one transaction each, so the others still land.
            }
        }
        var each = new List<(TransitionRequest, TransitionStatus)>(requests.Count);
        foreach (var request in requests)
            each.Add((request, (await TransitionAsync(request, atMs, cancellationToken)).Status));
        return each;
    }, cancellationToken);

    private static async Task<Dictionary<string, JobRow>> TrackedAsync(SuanwangDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var jobs = new Dictionary<string, JobRow>();
        foreach (var slice in IdLists.Slices(ids))
            foreach (var job in await db.Jobs.AsTracking().Where(j => slice.Contains(j.Id)).ToListAsync(cancellationToken))
                jobs[job.Id] = job;
        return jobs;
    }

    // The lifecycle decides; the row and its event are staged for the caller's one SaveChanges. A job moved twice in
    // one batch is moved from where the first move left it.
    private static TransitionStatus Stage(SuanwangDbContext db, JobRow job, TransitionRequest request, long atMs)
    {
        var result = JobLifecycle.Apply(TransitionWriter.RecordOf(job), request.To, request.ExpectedVersion,
            DateTimeOffset.FromUnixTimeMilliseconds(atMs), request.Reason, request.Facts);
        if (!result.Accepted) return result.Error == TransitionError.StaleVersion ? TransitionStatus.Stale : TransitionStatus.Illegal;
        db.JobEvents.Add(TransitionWriter.Write(job, result, request.Facts));
        return TransitionStatus.Applied;
    }

    private async Task<bool> VersionMovedAsync(TransitionRequest request, CancellationToken cancellationToken)
    {
        var now = await GetAsync(request.JobId, cancellationToken);
        return now is not null && now.Version != request.ExpectedVersion;
    }

    /// <summary>
    /// As <see cref="AnnotateAsync"/> for many jobs in one transaction; a job whose version moved, or whose state the
    /// note does not fit, is skipped (it will be looked at again). Returns how many were updated.
    /// </summary>
    public Task<int> AnnotateManyAsync(IReadOnlyList<(string JobId, long ExpectedVersion, JobNote Note)> notes, CancellationToken cancellationToken) => StoreDeadline.RunAsync<int>(async () =>
    {
        if (notes.Count == 0) return 0;
        await using (var db = Open())
        {
            var jobs = await TrackedAsync(db, notes.Select(c => c.JobId), cancellationToken);
            int updated = 0;
            foreach (var (id, version, note) in notes)
            {
                if (!jobs.TryGetValue(id, out var job) || job.Version != version || !note.Fits(job.State)) continue;
                note.ApplyTo(job);
                updated++;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return updated;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone moved one of them meanwhile: apply the rest one by one.
            }
        }
        int count = 0;
        foreach (var (id, version, note) in notes)
            if (await AnnotateAsync(id, version, note, cancellationToken)) count++;
        return count;
    }, cancellationToken);

    /// <summary>
    /// Notes what is not part of the lifecycle (e.g. the reason a queued job still waits, or that its center requeued
    /// its run), compare-and-set on the version, without a new event. False when the job moved, or is in a state the
    /// note does not fit (<see cref="JobNote.Fits"/>).
    /// </summary>
    public Task<bool> AnnotateAsync(string jobId, long expectedVersion, JobNote note, CancellationToken cancellationToken) => StoreDeadline.RunAsync<bool>(async () =>
    {
        await using var db = Open();
        var job = await db.Jobs.AsTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.Version != expectedVersion || !note.Fits(job.State)) return false;
        note.ApplyTo(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }, cancellationToken);
}
