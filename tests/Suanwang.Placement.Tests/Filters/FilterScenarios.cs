using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>Networks and helpers shared by the filter tests: each filter on a network where it is the only thing that can decide.</summary>
internal static class FilterScenarios
{
    internal static PlacementDecision Decide(NetworkDefinition network, JobBuilder job, NetworkSnapshot? snapshot = null) =>
        new PlacementEngine().Decide(snapshot ?? Snapshots.Idle(network), job, 0, new SuanwangPolicy(), A.Noon);

    internal static NetworkBuilder TwoCenters() => A.Network()
        .Region("east").Region("west", RegionRole.West).Link("east", "west", 20, 100)
        .Center("east-1", "east", c => c.GpuPool("a100", 8, 4).Price(30))
        .Center("west-1", "west", c => c.GpuPool("v100", 8, 4).Price(5));

    internal static CandidateReport Report(PlacementDecision decision, string center) => decision.Candidates.Single(c => c.CenterId == center);
}
