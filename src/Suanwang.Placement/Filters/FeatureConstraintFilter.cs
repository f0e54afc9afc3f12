using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>
/// The pool's node features satisfy the job's feature constraint (Slurm's <c>--constraint</c>): checked against the
/// features the snapshot gives the pool (the network file's, plus what a Slurm center reports) and its node count,
/// for counts such as <c>a100*2</c>.
/// </summary>
public sealed class FeatureConstraintFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "features";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredFeatures;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => job.Job.Constraints.Features is not null;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        job.Job.Constraints.Features!.IsSatisfiedBy(snapshot.PoolFeatures[pool], snapshot.Network.PoolNodeCount[pool]);

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var constraint = job.Job.Constraints.Features!;
        var features = snapshot.PoolFeatures;
        var nodes = snapshot.Network.PoolNodeCount;
        for (int p = 0; p < admitted.Length; p++)
            if (admitted[p] && !constraint.IsSatisfiedBy(features[p], nodes[p])) admitted[p] = false;
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var network = snapshot.Network;
        var constraint = job.Job.Constraints.Features!;
        var features = snapshot.PoolFeatures[pool];
        string has = features.Count == 0 ? "no features" : $"features {FeatureNames.Display(features)}";
        string reason = $"pool '{network.Pools[pool].Id}' at center {network.Centers[network.PoolCenter[pool]].Id} has {has}; the job needs {constraint}";
        if (constraint.IsSatisfiedBy(features)) reason += $" on more nodes than its {network.PoolNodeCount[pool]}";
        return AnyPoolSatisfies(constraint, snapshot) ? reason : $"{reason} (no pool in the network satisfies it; the network offers {Offered(snapshot)})";
    }

    /// <summary>True when some pool of the snapshot, whatever its load, satisfies <paramref name="constraint"/>.</summary>
    public static bool AnyPoolSatisfies(Model.Jobs.FeatureConstraint constraint, NetworkSnapshot snapshot)
    {
        for (int p = 0; p < snapshot.Network.PoolCount; p++)
            if (constraint.IsSatisfiedBy(snapshot.PoolFeatures[p], snapshot.Network.PoolNodeCount[p])) return true;
        return false;
    }

    /// <summary>Every feature some pool of the snapshot has, sorted, comma-separated ("none" when none has any).</summary>
    public static string Offered(NetworkSnapshot snapshot)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var set in snapshot.PoolFeatures) all.UnionWith(set);
        return all.Count == 0 ? "none" : string.Join(",", all);
    }
}
