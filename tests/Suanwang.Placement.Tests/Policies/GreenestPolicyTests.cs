using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>The <c>GreenestPolicy</c> on the shared east–west–cold network.</summary>
public class GreenestPolicyTests
{
    [Fact]
    public void Greenest_picks_the_least_carbon()
    {
        Assert.Equal("west-1", Decide("greenest", A.Job().NeedsGpus(1).ReferenceHours(4)).Plan!.CenterId);
    }
}
