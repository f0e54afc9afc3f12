using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>FirstToStartPolicy</c> on the shared east–west–cold network.</summary>
public class FirstToStartPolicyTests
{
    [Fact]
    public void First_to_start_does_not_see_the_data_but_its_plan_pays_for_it()
    {
        // 2 TiB of input: 4.8 h to the west over 1 Gbps. All centers are idle, so every start is "now"
        // to a data-blind policy; the tie goes to the lowest id (cold-1) and the truth adds the transfer.
        var decision = Decide("first-to-start", A.Job().NeedsGpus(1).ReferenceHours(1).WithDataAt("east", 2048));
        Assert.Equal("cold-1", decision.Plan!.CenterId);
        Assert.True(decision.Plan.StageInSeconds > 100);
    }
}
