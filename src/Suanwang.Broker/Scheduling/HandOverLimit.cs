using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// How much of one tenant's queue may be committed to centers ahead of everyone else. A center's own queue is first
/// come, first served, and so is handing placed jobs over: without a bound one tenant's backlog, placed in one go,
/// would fill both, and every other tenant's job would wait behind all of it whatever its fair share. So a tenant may
/// have only so many jobs placed or handed over and not yet running, in all and at each center (no plan that waits
/// for capacity is committed: ADR 0009). The rest of its queue waits in the broker's, which is served in fair-share
/// order as capacity frees.
/// <para>
/// The bound matters where the plan is optimistic: the embedded local centers model a cluster's cores but run a few
/// jobs at a time, so every plan "starts now", and a backlog would pile onto the one best center. There a tenant may
/// have <see cref="InFlightPerTenantAtCenter"/> such jobs, so another tenant's job waits behind at most that many.
/// A center that reports its own capacity (a shared Slurm cluster: its nodes, and other users' work) is not modelled
/// optimistically: the snapshot follows its report, and a plan that starts now there does start as soon as the
/// center's own scheduler runs. Its allowance is what it can start at once — a job has at least one core, so its
/// cores (see <see cref="AllowanceAt"/>). A smaller count there would only throttle: jobs that fit would wait in the
/// broker for the ones before them to be seen running, a poll and a center's scheduling cycle per handful.
/// </para>
/// </summary>
internal sealed class HandOverLimit
{
    /// <summary>Jobs of one tenant placed or handed over and not yet running, at most (raised by what centers are allowed beyond <see cref="InFlightPerTenantAtCenter"/>).</summary>
    public const int InFlightPerTenant = 128;

    /// <summary>Of those, jobs at any one center that does not report its own capacity, at most.</summary>
    public const int InFlightPerTenantAtCenter = 16;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Center), int> _atCenter = [];
    private readonly IReadOnlyDictionary<string, int> _allowances;
    private readonly int _inFlightPerTenant;

    /// <summary>
    /// Counts each tenant's jobs placed or handed over but not yet running, from the jobs at centers;
    /// <paramref name="allowances"/> are each center's (<see cref="AllowanceAt"/>; a center missing there gets
    /// <see cref="InFlightPerTenantAtCenter"/>).
    /// </summary>
    public HandOverLimit(IEnumerable<JobRow> atCenters, IReadOnlyDictionary<string, int> allowances)
    {
        _allowances = allowances;
        // Centers allowed more than the default raise the tenant's bound by as much: it never caps what they may start at once.
        _inFlightPerTenant = InFlightPerTenant + allowances.Values.Sum(a => Math.Max(0, a - InFlightPerTenantAtCenter));
        foreach (var job in atCenters)
            if (job.State is JobState.Placed or JobState.Dispatched)
                Count(job.Tenant, job.CenterId);
    }

    /// <summary>
    /// A tenant's allowance of jobs not yet running at a center whose last report is <paramref name="report"/>:
    /// <see cref="InFlightPerTenantAtCenter"/>, or where it reports its own capacity (its pools) the cores its usable nodes offer, if more.
    /// </summary>
    public static int AllowanceAt(EngineReport? report) =>
        report?.Pools is { } pools ? Math.Max(InFlightPerTenantAtCenter, (int)Math.Min(int.MaxValue / 1024, pools.Sum(p => p.Capacity.Cpus))) : InFlightPerTenantAtCenter;

    /// <summary>Why no job of <paramref name="tenant"/>'s may be committed now (its fill is at centers), or null.</summary>
    public string? InFlightRefusal(string tenant) =>
        _counts.GetValueOrDefault(tenant) >= _inFlightPerTenant
            ? $"tenant {tenant} already has {_inFlightPerTenant} jobs placed at centers and not yet running; this one waits here, in fair-share order"
            : null;

    /// <summary>Why a plan of <paramref name="tenant"/>'s at <paramref name="centerId"/> may not be committed now (its fill of that center's queue), or null.</summary>
    public string? CenterRefusal(string tenant, string centerId)
    {
        int allowance = _allowances.GetValueOrDefault(centerId, InFlightPerTenantAtCenter);
        return _atCenter.GetValueOrDefault((tenant, centerId)) >= allowance
            ? $"tenant {tenant} already has {allowance} jobs at {centerId} not yet running; this one waits here, in fair-share order"
            : null;
    }

    /// <summary>Counts a plan just committed.</summary>
    public void Placed(string tenant, string centerId) => Count(tenant, centerId);

    private void Count(string tenant, string? centerId)
    {
        _counts[tenant] = _counts.GetValueOrDefault(tenant) + 1;
        if (centerId is not null) _atCenter[(tenant, centerId)] = _atCenter.GetValueOrDefault((tenant, centerId)) + 1;
    }
}
