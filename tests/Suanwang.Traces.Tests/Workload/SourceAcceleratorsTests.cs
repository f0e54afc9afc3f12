using Suanwang.Traces.Tests.Support;
using Suanwang.Traces.Workload;
using static Suanwang.Traces.Tests.Support.TraceJobs;

namespace Suanwang.Traces.Tests.Workload;

/// <summary>Reference-hours arithmetic: trace duration × source speed / reference speed.</summary>
public sealed class SourceAcceleratorsTests
{
    private static SimulatedJob Enrich(TraceSource source, TraceJob job, WorkloadModelOptions? options = null, NetworkBuilder? network = null) =>
        new WorkloadModel((network ?? A.Network()).Build(), options).Enrich(source, job);

    [Fact]
    public void Philly_hours_are_p100_hours_by_default()
    {
        // 7200 s on a P100 of speed 0.25: 2 h × 0.25 = 0.5 reference hours.
        Assert.Equal(0.5, Enrich(PhillySource, Gpu(seconds: 7200)).ActualReferenceHours, 12);
    }

    [Fact]
    public void Philly_source_can_be_set_and_falls_back_to_the_reference_without_a_p100()
    {
        Assert.Equal(1.0, Enrich(PhillySource, Gpu(seconds: 7200), new() { SourceAcceleratorModelId = "v100-16g" }).ActualReferenceHours, 12);
        Assert.Equal(2.0, Enrich(PhillySource, Gpu(seconds: 7200), network: A.Network().WithoutAccelerator("p100-16g")).ActualReferenceHours, 12);
    }

    [Fact]
    public void Speeds_are_taken_relative_to_the_reference_model_whatever_its_own_figure()
    {
        // Reference t4 at 0.3: a P100 (0.25) hour is 0.25 / 0.3 T4-hours.
        var network = A.Network().WithReference("t4-16g");

        Assert.Equal(0.25 / 0.3, Enrich(PhillySource, Gpu(seconds: 3600), network: network).ActualReferenceHours, 12);
    }

    [Theory]
    [InlineData("V100M16", "v100-16g", 0.5)]
    [InlineData("V100M32", "v100-32g", 0.55)]
    [InlineData("P100", "p100-16g", 0.25)]
    [InlineData("T4", "t4-16g", 0.3)]
    [InlineData("A10", "a10-24g", 0.6)] // a whole-token match: not the a100
    public void Alibaba_gpu_spec_maps_to_catalog_models(string spec, string model, double hours)
    {
        var job = Enrich(OpenbSource, Gpu(seconds: 3600, type: spec, cpus: 4, memoryGiB: 8));

        Assert.Equal(hours, job.ActualReferenceHours, 12);
        Assert.Equal([model], job.Request.Resources.AcceleratorModels);
    }

    [Fact]
    public void A_spec_list_allows_all_its_models_and_is_timed_on_the_first()
    {
        var job = Enrich(OpenbSource, Gpu(seconds: 3600, type: "V100M16|V100M32", cpus: 4, memoryGiB: 8));

        Assert.Equal(0.5, job.ActualReferenceHours, 12);
        Assert.Equal(["v100-16g", "v100-32g"], job.Request.Resources.AcceleratorModels);
    }

    [Fact]
    public void Undisclosed_or_missing_types_run_at_reference_speed_unconstrained()
    {
        foreach (string? spec in new[] { "G2", "G3", null })
        {
            var job = Enrich(OpenbSource, Gpu(seconds: 5400, type: spec, cpus: 4, memoryGiB: 8));

            Assert.Equal(1.5, job.ActualReferenceHours, 12);
            Assert.Empty(job.Request.Resources.AcceleratorModels);
        }
    }

    [Fact]
    public void A_list_with_an_unknown_type_is_timed_on_the_known_one_but_not_constrained()
    {
        var job = Enrich(OpenbSource, Gpu(seconds: 3600, type: "G2|T4", cpus: 4, memoryGiB: 8));

        Assert.Equal(0.3, job.ActualReferenceHours, 12);
        Assert.Empty(job.Request.Resources.AcceleratorModels);
    }

    [Fact]
    public void The_type_map_overrides_the_table()
    {
        var options = new WorkloadModelOptions { AcceleratorTypeMap = new Dictionary<string, string> { ["G2"] = "t4-16g" } };

        Assert.Equal(0.3, Enrich(OpenbSource, Gpu(seconds: 3600, type: "G2", cpus: 4, memoryGiB: 8), options).ActualReferenceHours, 12);
    }

    [Fact]
    public void Cpu_hours_are_reference_core_hours_scaled_by_the_cpu_source_speed()
    {
        Assert.Equal(2.0, Enrich(SwfSource, Cpu(seconds: 7200, cpus: 128)).ActualReferenceHours, 12);
        Assert.Equal(0.2, Enrich(SwfSource, Cpu(seconds: 7200, cpus: 128), new() { CpuSourceSpeed = 0.1 }).ActualReferenceHours, 12);
    }
}
