using Suanwang.Broker.Network;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.FairShare;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// Tenants' holdings for fair-share order, kept across cycles as the simulator keeps them: a job holds its resources
/// from when it is committed until it ends or its placement is undone, and what a tenant held decays over a half-life
/// (<see cref="TenantUsage"/>), so a tenant that just had the whole network does not win the next tie. Each cycle it
/// follows the jobs at centers: one it has not seen (committed before a restart, or by the pass whose store commit
/// it has not yet seen) is added from when it was handed over; one gone from the centers is removed at the cycle's time.
/// </summary>
public sealed class UsageLedger
{
    private readonly Dictionary<string, (string Tenant, string Tier, ResourceVector Demand)> _held = new(StringComparer.Ordinal);
    private TenantUsage? _usage;
    private long _revision = -1;

    /// <summary>The holdings as of <paramref name="nowSeconds"/>, given the jobs at centers; the pass adds its commitments to it.</summary>
    public TenantUsage Follow(NetworkRevision revision, IReadOnlyList<JobRow> atCenters, double nowSeconds)
    {
        if (_usage is null || revision.Number != _revision)
        {
            // Another network: shares are of another whole (and pool numbers mean other pools).
            _usage = new TenantUsage(revision.Compiled.TotalCapacity);
            _held.Clear();
            _revision = revision.Number;
        }
        var network = revision.Compiled;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in atCenters)
        {
            if (!SnapshotBuilder.TryHolding(network, job, out _, out var demand)) continue;
            present.Add(job.Id);
            if (_held.ContainsKey(job.Id)) continue;
            double since = Math.Min(nowSeconds, (job.DispatchedAtMs ?? job.UpdatedAtMs) / 1000.0);
            _usage.Add(job.Tenant, job.Tier, demand, since);
            _held[job.Id] = (job.Tenant, job.Tier, demand);
        }
        foreach (var id in _held.Keys.Where(id => !present.Contains(id)).ToArray())
        {
            var (tenant, tier, demand) = _held[id];
            _usage.Remove(tenant, tier, demand, nowSeconds);
            _held.Remove(id);
        }
        return _usage;
    }

    /// <summary>
    /// A copy of the holdings as the last cycle left them, for dry runs on request threads (the ledger itself is the
    /// loop's alone), or null before the first cycle.
    /// </summary>
    public TenantUsage? Latest(long revision) =>
        Volatile.Read(ref _published) is { } published && published.Revision == revision ? published.Usage.Copy() : null;

    /// <summary>Publishes the holdings for <see cref="Latest"/> (called by the loop once a cycle's commitments are in).</summary>
    public void Publish()
    {
        if (_usage is not null) Volatile.Write(ref _published, new Published(_revision, _usage.Copy()));
    }

    private sealed record Published(long Revision, TenantUsage Usage);

    private Published? _published;

    /// <summary>Notes a commitment the pass has just added to the holdings, so that it is not added again when seen at its center.</summary>
    public void Committed(string jobId, string tenant, string tier, in ResourceVector demand) => _held[jobId] = (tenant, tier, demand);

    /// <summary>Forgets a commitment the store refused (the job had moved): its holding is taken back at once.</summary>
    public void Refused(string jobId, double nowSeconds)
    {
        if (_usage is null || !_held.Remove(jobId, out var held)) return;
        _usage.Remove(held.Tenant, held.Tier, held.Demand, nowSeconds);
    }
}
