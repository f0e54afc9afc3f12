using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>When a filter can run: before any estimate (static facts) or after (needs times and cost).</summary>
public enum FilterStage
{
    /// <summary>Needs only the job and the pool's static facts.</summary>
    BeforeEstimate,
    /// <summary>Needs the pool's estimate (finish time, cost).</summary>
    AfterEstimate,
}

/// <summary>
/// A hard constraint. A pool a filter rejects is never chosen, whatever the policy. Filters are
/// pure: same inputs, same answer.
/// </summary>
public interface IPlacementFilter
{
    /// <summary>Stable name shown in explanations, e.g. <c>deadline</c>.</summary>
    string Name { get; }

    /// <summary>The code of a pool this filter rejects, e.g. <see cref="LossCode.FilteredDeadline"/>.</summary>
    LossCode Code { get; }

    /// <summary>Whether it needs the estimate.</summary>
    FilterStage Stage { get; }

    /// <summary>False when the job has nothing this filter checks (so the engine skips it).</summary>
    bool AppliesTo(JobContext job);

    /// <summary>True when the pool satisfies the constraint.</summary>
    bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate);

    /// <summary>Why the pool was rejected, in words a user reads (called only to explain).</summary>
    string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate);

    /// <summary>
    /// Bulk form of <see cref="Admits"/> for <see cref="FilterStage.BeforeEstimate"/> filters: clears
    /// <paramref name="admitted"/>[p] for every pool p it rejects. Same answers as <see cref="Admits"/>;
    /// filters override it with a tight loop because it runs for every pool of every decision.
    /// </summary>
    void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        for (int p = 0; p < admitted.Length; p++)
            if (admitted[p] && !Admits(job, snapshot, p, default)) admitted[p] = false;
    }
}
