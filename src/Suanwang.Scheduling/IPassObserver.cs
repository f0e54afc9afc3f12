using Suanwang.Placement;
using Suanwang.Placement.Estimation;

namespace Suanwang.Scheduling;

/// <summary>
/// What a driver learns from a pass, and the gates it may add. The pass decides and commits to the snapshot; the
/// driver records (the broker in its store, the simulator in its event queue) and may hold a job back for reasons of
/// its own that the network's state does not show (e.g. the broker's per-tenant hand-over limits).
/// </summary>
public interface IPassObserver
{
    /// <summary>Why <paramref name="job"/> is not to be placed in this pass at all, or null. Held-back jobs cost no attempt.</summary>
    string? HoldBack(WaitingJob job) => null;

    /// <summary>Why <paramref name="job"/> may not be committed to <paramref name="plan"/> now, or null. It then waits, holding no place.</summary>
    string? HoldBack(WaitingJob job, in CandidateEstimate plan) => null;

    /// <summary><paramref name="job"/> is committed to its plan (called before the plan is written into the snapshot).</summary>
    void Bound(WaitingJob job, in PlacementOutcome outcome);

    /// <summary>No center can take <paramref name="job"/> now (none could ever, or none within its deadline or price ceiling); it leaves the pass's queue.</summary>
    void NotPlaced(WaitingJob job, in PlacementOutcome outcome);

    /// <summary><paramref name="job"/> waits for capacity; <paramref name="reserved"/> says whether it holds a tentative place.</summary>
    void Waits(WaitingJob job, in PlacementOutcome outcome, bool reserved) { }

    /// <summary><paramref name="job"/> was held back (by <see cref="HoldBack(WaitingJob)"/> or <see cref="HoldBack(WaitingJob, in CandidateEstimate)"/>).</summary>
    void HeldBack(WaitingJob job, string reason) { }
}
