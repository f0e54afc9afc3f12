using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Scheduling;

/// <summary>
/// The places a pass held for waiting jobs that cannot start yet, so that jobs behind them only backfill around them.
/// They are not commitments: the next full pass releases them all and decides again. A driver whose snapshot does not
/// persist between passes (the broker builds one per cycle) restores them into the new one first.
/// </summary>
public sealed class TentativeReservations
{
    private readonly List<(int Pool, double Start, double End, ResourceVector Demand, double Dispatch)> _held = new();

    /// <summary>How many are held.</summary>
    public int Count => _held.Count;

    /// <summary>
    /// The earliest time a held job was expected to be handed over, later than the pass that held it: a full pass is
    /// due by then (the place may be free, or not), or null when none is held.
    /// </summary>
    public double? NextDueSeconds { get; private set; }

    internal void Hold(NetworkSnapshot snapshot, in CandidateEstimate plan, in ResourceVector demand, double nowSeconds)
    {
        double end = plan.StartSeconds + plan.RuntimeSeconds;
        snapshot.PoolProfiles[plan.Pool].Reserve(plan.StartSeconds, end, demand);
        _held.Add((plan.Pool, plan.StartSeconds, end, demand, plan.DispatchSeconds));
        if (plan.DispatchSeconds > nowSeconds && !(NextDueSeconds <= plan.DispatchSeconds)) NextDueSeconds = plan.DispatchSeconds;
    }

    /// <summary>Releases every held place from <paramref name="snapshot"/> (which must hold them).</summary>
    public void ReleaseAll(NetworkSnapshot snapshot)
    {
        foreach (var (pool, start, end, demand, _) in _held) snapshot.PoolProfiles[pool].Release(start, end, demand);
        Forget();
    }

    /// <summary>Puts the held places into a fresh snapshot of the same network revision.</summary>
    public void RestoreInto(NetworkSnapshot snapshot)
    {
        foreach (var (pool, start, end, demand, _) in _held) snapshot.PoolProfiles[pool].Reserve(start, end, demand);
    }

    /// <summary>Drops every held place without touching a snapshot (its network changed: pool numbers mean other pools).</summary>
    public void Forget()
    {
        _held.Clear();
        NextDueSeconds = null;
    }
}
