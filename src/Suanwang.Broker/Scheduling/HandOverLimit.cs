using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// How much of a tenant's queue may wait in centers' own queues. A job that can start about now is handed over at
/// once. One that would wait for capacity is handed over too — it waits in the center's queue, where the center may
/// start it sooner than predicted — but only while its tenant has fewer than <see cref="PerTenant"/> jobs handed
/// over and not yet running; the rest wait in the broker's queue, which is served in fair-share order. A center's
/// queue is first come, first served: without this bound one tenant's backlog would fill it, and every other
/// tenant's job would wait behind all of it whatever its fair share.
/// </summary>
internal sealed class HandOverLimit
{
    /// <summary>Jobs of one tenant that may wait for capacity at centers at once.</summary>
    public const int PerTenant = 32;

    /// <summary>A plan that waits for capacity at most this long counts as starting now.</summary>
    public const double StartsNowSeconds = 60;

    private readonly Dictionary<string, int> _waitingAtCenters = new(StringComparer.Ordinal);

    /// <summary>Counts each tenant's jobs placed or handed over but not yet running, from the jobs at centers.</summary>
    public HandOverLimit(IEnumerable<JobRow> atCenters)
    {
        foreach (var job in atCenters)
            if (job.State is nameof(JobState.Placed) or nameof(JobState.Dispatched))
                _waitingAtCenters[job.Tenant] = _waitingAtCenters.GetValueOrDefault(job.Tenant) + 1;
    }

    /// <summary>Whether a plan of <paramref name="tenant"/>'s that waits <paramref name="capacityWaitSeconds"/> for capacity may be committed.</summary>
    public bool Allows(string tenant, double capacityWaitSeconds) =>
        capacityWaitSeconds <= StartsNowSeconds || _waitingAtCenters.GetValueOrDefault(tenant) < PerTenant;

    /// <summary>Counts a plan just committed.</summary>
    public void Placed(string tenant) => _waitingAtCenters[tenant] = _waitingAtCenters.GetValueOrDefault(tenant) + 1;

    /// <summary>Why a placeable job waits in the broker's queue.</summary>
    public static string Reason(string tenant, string summary) =>
        $"tenant {tenant} already has {PerTenant} jobs waiting in centers' queues; this one waits here, in fair-share order, for capacity ({summary})";
}
