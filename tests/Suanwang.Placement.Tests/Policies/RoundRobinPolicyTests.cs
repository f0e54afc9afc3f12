using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>RoundRobinPolicy</c> on the shared east–west–cold network.</summary>
public class RoundRobinPolicyTests
{
    [Fact]
    public void Round_robin_takes_feasible_centers_in_turn_by_sequence()
    {
        var engine = new PlacementEngine();
        var snapshot = Snapshots.Idle(EastWestCold());
        var chosen = Enumerable.Range(0, 4).Select(seq => engine.Decide(snapshot, A.Job().NeedsGpus(1), seq, new RoundRobinPolicy(), A.Noon).Plan!.CenterId).ToList();
        Assert.Equal(["cold-1", "east-1", "west-1", "cold-1"], chosen);
    }
}
