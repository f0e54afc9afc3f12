using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>CheapestPolicy</c> on the shared east–west–cold network.</summary>
public class CheapestPolicyTests
{
    [Fact]
    public void Cheapest_picks_the_lowest_price_believing_runtimes_equal()
    {
        var decision = Decide("cheapest", A.Job().NeedsGpus(1).ReferenceHours(4));
        Assert.Equal("cold-1", decision.Plan!.CenterId);
        // What really happens: the T4 runs at half speed, so 8 hours.
        Assert.Equal(8 * 3600, decision.Plan.RuntimeSeconds, 6);
    }
}
