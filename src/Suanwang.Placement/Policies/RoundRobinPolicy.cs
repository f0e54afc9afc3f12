using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Takes feasible centers in turn: job number k goes to the (k mod n)-th feasible candidate in
/// center-id order. Stateless, so it is as deterministic as the others.
/// </summary>
public sealed class RoundRobinPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public string Name => "round-robin";
    /// <inheritdoc />
    public string Description => "feasible centers in turn, by job sequence number";
    /// <inheritdoc />
    public PolicyBelief Belief => new(IgnoresDataTransfer: true, AssumesEqualSpeed: true);
    /// <inheritdoc />
    public bool DefersFlexibleJobs => false;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        int n = candidates.Length;
        var order = new int[n];
        var keys = new string[n];
        for (int i = 0; i < n; i++) { order[i] = i; keys[i] = job.Network.Centers[candidates[i].Center].Id + "/" + job.Network.Pools[candidates[i].Pool].Id; }
        Array.Sort(keys, order, StringComparer.Ordinal);
        long turn = ((job.Sequence % n) + n) % n;
        for (int rank = 0; rank < n; rank++) scores[order[rank]] = (rank - turn + n) % n;
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) => alternative.StartSeconds;

    /// <inheritdoc />
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job) =>
        new(LossCode.NotItsTurn, "turn", "not its turn");
}
