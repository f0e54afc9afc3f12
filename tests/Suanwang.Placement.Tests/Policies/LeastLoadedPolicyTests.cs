using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>LeastLoadedPolicy</c> on the shared east–west–cold network.</summary>
public class LeastLoadedPolicyTests
{
    [Fact]
    public void Least_loaded_picks_the_emptiest_pool()
    {
        var snapshot = Snapshots.Idle(EastWestCold());
        double now = Snapshots.Seconds(A.Noon);
        snapshot.PoolProfiles[0].Reserve(now, now + 3600, new(4, 0, 0));
        snapshot.PoolProfiles[2].Reserve(now, now + 3600, new(2, 0, 0));
        var decision = new PlacementEngine().Decide(snapshot, A.Job().NeedsGpus(1), 0, new LeastLoadedPolicy(), A.Noon);
        Assert.Equal("west-1", decision.Plan!.CenterId);
    }
}
