using Microsoft.EntityFrameworkCore;
using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store;

// What the scheduler reads each cycle: bounded windows of the queue, the held jobs by what they wait for, and
// bodies once per body. None of these grows with one tenant's backlog (each is an index range with a limit).
public sealed partial class JobStore
{
    private static readonly JobState[] WaitingStates = [.. Enum.GetValues<JobState>().Where(JobLifecycle.IsWaiting)];

    /// <summary>
    /// The front of the queue: for each tenant and each waiting state, its <paramref name="perTenant"/> oldest jobs
    /// that are not held for a dependency (light, in acceptance order). Each tenant is found and read by index
    /// ranges with a limit, so the cost depends on the number of tenants and <paramref name="perTenant"/>, never on
    /// how many jobs one tenant has queued.
    /// </summary>
    public async Task<IReadOnlyList<JobRow>> WaitingWindowAsync(int perTenant, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perTenant, 1);
        await using var db = Open();
        var window = new List<JobRow>();
        foreach (var state in WaitingStates)
        {
            // The next tenant with such jobs, one index probe each ("loose index scan").
            for (string? tenant = await NextTenantAsync(db, state, null, cancellationToken); tenant is not null;
                 tenant = await NextTenantAsync(db, state, tenant, cancellationToken))
            {
                string t = tenant;
                window.AddRange(await Light(db.Jobs.Where(j => j.State == state && j.Tenant == t && j.WaitsFor == null)).Take(perTenant).ToListAsync(cancellationToken));
            }
        }
        window.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return window;
    }

    private static Task<string?> NextTenantAsync(SuanwangDbContext db, JobState state, string? after, CancellationToken cancellationToken)
    {
        var q = db.Jobs.Where(j => j.State == state && j.WaitsFor == null);
        if (after is not null) q = q.Where(j => string.Compare(j.Tenant, after) > 0);
        return q.OrderBy(j => j.Tenant).Select(j => (string?)j.Tenant).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The distinct jobs that held jobs wait for (<see cref="JobRow.WaitsFor"/>), in id order after
    /// <paramref name="after"/> (null: from the first), at most <paramref name="limit"/>: a sweep over them in
    /// bounded steps.
    /// </summary>
    public async Task<IReadOnlyList<string>> HeldForAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var q = db.Jobs.Where(j => j.WaitsFor != null);
        if (after is not null) q = q.Where(j => string.Compare(j.WaitsFor, after) > 0);
        return await q.GroupBy(j => j.WaitsFor!).Select(g => g.Key).OrderBy(id => id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Waiting jobs held for any of <paramref name="dependencyIds"/>, light, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<JobRow>> HeldOnAsync(IReadOnlyCollection<string> dependencyIds, int limit, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var held = new List<JobRow>();
        foreach (var slice in IdLists.Slices(dependencyIds))
        {
            if (held.Count >= limit) break;
            held.AddRange(await Light(db.Jobs.Where(j => j.WaitsFor != null && slice.Contains(j.WaitsFor) && WaitingStates.Contains(j.State)))
                .Take(limit - held.Count).ToListAsync(cancellationToken));
        }
        return held;
    }

    /// <summary>The owner and state of each of <paramref name="ids"/> that exists. Any number of ids.</summary>
    public async Task<IReadOnlyDictionary<string, (string Tenant, JobState State)>> StatesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var states = new Dictionary<string, (string, JobState)>(ids.Count);
        foreach (var slice in IdLists.Slices(ids))
            foreach (var row in await db.Jobs.Where(j => slice.Contains(j.Id)).Select(j => new { j.Id, j.Tenant, j.State }).ToListAsync(cancellationToken))
                states[row.Id] = (row.Tenant, row.State);
        return states;
    }

    /// <summary>
    /// The stored requests (<see cref="JobBodyRow.RequestJson"/>, without the spec text) of the bodies
    /// <paramref name="bodyIds"/>, by body id: what placement needs, read once however many jobs share a body.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> RequestTemplatesAsync(IReadOnlyCollection<string> bodyIds, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var result = new Dictionary<string, string>(bodyIds.Count);
        foreach (var slice in IdLists.Slices(bodyIds))
            foreach (var row in await db.JobBodies.Where(b => slice.Contains(b.Id)).Select(b => new { b.Id, b.RequestJson }).ToListAsync(cancellationToken))
                result[row.Id] = row.RequestJson;
        return result;
    }

    /// <summary>The bodies <paramref name="bodyIds"/> in full (with their spec text), by id: what a hand-over to a center needs.</summary>
    public async Task<IReadOnlyDictionary<string, JobBodyRow>> BodiesAsync(IReadOnlyCollection<string> bodyIds, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var result = new Dictionary<string, JobBodyRow>(bodyIds.Count);
        foreach (var slice in IdLists.Slices(bodyIds))
            foreach (var body in await db.JobBodies.Where(b => slice.Contains(b.Id)).ToListAsync(cancellationToken))
                result[body.Id] = body;
        return result;
    }
}
