using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// How much of one tenant's queue may be committed to centers ahead of everyone else. A center's own queue is first
/// come, first served, and so is handing placed jobs over: without a bound one tenant's backlog, placed in one go,
/// would fill both, and every other tenant's job would wait behind all of it whatever its fair share. So a tenant may
/// have at most <see cref="InFlightPerTenant"/> jobs placed or handed over and not yet running (no plan that waits for
/// capacity is committed: ADR 0009). The rest of its queue waits in the broker's, which is served in fair-share order
/// as capacity frees. The first bound matters where the plan is optimistic: the embedded local
/// centers model a cluster's cores but run a few jobs at a time, so every plan "starts now". And because every
/// plan starts now, a backlog piles onto the one best center: so a tenant may also have at most
/// <see cref="InFlightPerTenantAtCenter"/> of those jobs at any one center, and another tenant's job handed to that
/// center waits behind at most that many of its jobs in the center's first-come queue.
/// </summary>
internal sealed class HandOverLimit
{
    /// <summary>Jobs of one tenant placed or handed over and not yet running, at most.</summary>
    public const int InFlightPerTenant = 128;

    /// <summary>Of those, jobs at any one center, at most.</summary>
    public const int InFlightPerTenantAtCenter = 16;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Center), int> _atCenter = [];

    /// <summary>Counts each tenant's jobs placed or handed over but not yet running, from the jobs at centers.</summary>
    public HandOverLimit(IEnumerable<JobRow> atCenters)
    {
        foreach (var job in atCenters)
            if (job.State is JobState.Placed or JobState.Dispatched)
                Count(job.Tenant, job.CenterId);
    }

    /// <summary>Why no job of <paramref name="tenant"/>'s may be committed now (its fill is at centers), or null.</summary>
    public string? InFlightRefusal(string tenant) =>
        _counts.GetValueOrDefault(tenant) >= InFlightPerTenant
            ? $"tenant {tenant} already has {InFlightPerTenant} jobs placed at centers and not yet running; this one waits here, in fair-share order"
            : null;

    /// <summary>Why a plan of <paramref name="tenant"/>'s at <paramref name="centerId"/> may not be committed now (its fill of that center's queue), or null.</summary>
    public string? CenterRefusal(string tenant, string centerId) =>
        _atCenter.GetValueOrDefault((tenant, centerId)) >= InFlightPerTenantAtCenter
            ? $"tenant {tenant} already has {InFlightPerTenantAtCenter} jobs at {centerId} not yet running; this one waits here, in fair-share order"
            : null;

    /// <summary>Counts a plan just committed.</summary>
    public void Placed(string tenant, string centerId) => Count(tenant, centerId);

    private void Count(string tenant, string? centerId)
    {
        _counts[tenant] = _counts.GetValueOrDefault(tenant) + 1;
        if (centerId is not null) _atCenter[(tenant, centerId)] = _atCenter.GetValueOrDefault((tenant, centerId)) + 1;
    }
}
