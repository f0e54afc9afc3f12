using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The network the policy tests share: data in the east; fast, pricey, dirty east; slower, cheap, clean west behind a thin link; slow, cheapest cold site.</summary>
internal static class PolicyScenarios
{
    // Data in the east. East: fast A100s, pricey, dirty grid. West: slower V100s, cheap, clean,
    // behind a 1 Gbps link (so big inputs take long to move). Cold: slow T4s, cheapest of all.
    internal static NetworkDefinition EastWestCold() => A.Network()
        .Region("east").Region("west", RegionRole.West).Region("cold", RegionRole.West)
        .Link("east", "west", 20, 1, 0.1).Link("east", "cold", 30, 100, 0.1)
        .Center("east-1", "east", c => c.GpuPool("a100", 8, 2).Price(30).Carbon(700))
        .Center("west-1", "west", c => c.GpuPool("v100", 8, 2).Price(8).Carbon(100))
        .Center("cold-1", "cold", c => c.GpuPool("t4", 8, 2).Price(2).Carbon(400))
        .Build();

    internal static PlacementDecision Decide(string policy, JobBuilder job) =>
        new PlacementEngine().Decide(Snapshots.Idle(EastWestCold()), job, 0, PolicyCatalog.Create(policy), A.Noon);
}
