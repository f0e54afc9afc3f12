using Suanwang.Placement.Decisions;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>The <c>AcceleratorFitFilter</c>, on a network where it alone decides.</summary>
public class AcceleratorFitFilterTests
{
    [Fact]
    public void Accelerator_model_outside_the_job_s_list_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1, "a100"));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Equal("accelerator", Report(decision, "west-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredAccelerator, Report(decision, "west-1").Code);
        Assert.Contains("v100 is not among the job's accelerator models", Report(decision, "west-1").Reason);
    }
    [Fact]
    public void Too_little_device_memory_is_filtered()
    {
        var decision = Decide(TwoCenters().Build(), A.Job().NeedsGpus(1).MinGpuMemoryGiB(40));
        Assert.Equal("east-1", decision.Plan!.CenterId);
        Assert.Contains("32 GiB per device, the job needs 40 GiB", Report(decision, "west-1").Reason);
    }
    [Fact]
    public void A_cpu_only_job_goes_to_a_cpu_pool()
    {
        var network = TwoCenters().Center("cpu-1", "west", c => c.CpuPool(64, 4)).Build();
        var decision = Decide(network, A.Job().NeedsCpusOnly(16));
        Assert.Equal("cpu-1", decision.Plan!.CenterId);
        Assert.Equal("accelerator", Report(decision, "east-1").DecidingFactor);
        Assert.Equal(LossCode.FilteredAccelerator, Report(decision, "east-1").Code);
    }
}
