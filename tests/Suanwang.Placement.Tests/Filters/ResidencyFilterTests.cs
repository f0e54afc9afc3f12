using Suanwang.Placement.Decisions;
using Suanwang.Model.Network;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>ResidencyFilter</c>, on a network where it alone decides.</summary>
public class ResidencyFilterTests
{
    [Fact]
    public void Residency_keeps_data_in_its_zone()
    {
        var network = A.Network().Region("cn-east").Region("overseas", RegionRole.Other, zone: "sg").Link("cn-east", "overseas", 50, 10)
            .Center("shanghai", "cn-east", c => c.GpuPool("v100", 8, 1).Price(50))
            .Center("singapore", "overseas", c => c.GpuPool("v100", 8, 1).Price(1))
            .Build();
        var decision = Decide(network, A.Job().NeedsGpus(1).Residency("cn"));
        Assert.Equal("shanghai", decision.Plan!.CenterId);
        Assert.Equal("residency", Report(decision, "singapore").DecidingFactor);
        Assert.Equal(LossCode.FilteredResidency, Report(decision, "singapore").Code);
    }
}
