using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>A service runs where its users reach it within its latency objective.</summary>
public sealed class LatencyObjectiveFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "latency-objective";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredLatency;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => job.UsersRegion >= 0 && job.Job.Constraints.MaxLatencyMs is not null;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        job.UsersLatencyMs(snapshot.Network.CenterRegion[snapshot.Network.PoolCenter[pool]]) <= job.Job.Constraints.MaxLatencyMs!.Value + 1e-9;

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        double latency = job.UsersLatencyMs(snapshot.Network.CenterRegion[snapshot.Network.PoolCenter[pool]]);
        return $"{latency:0.#} ms from the users in '{job.Job.Constraints.UsersRegionId}', objective {job.Job.Constraints.MaxLatencyMs:0.#} ms";
    }
}
