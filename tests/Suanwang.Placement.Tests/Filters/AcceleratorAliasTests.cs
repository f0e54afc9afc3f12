using Suanwang.Model.Network;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Policies;
using Suanwang.Testing;

using static Suanwang.Placement.Tests.Filters.FilterScenarios;

namespace Suanwang.Placement.Tests.Filters;

/// <summary>A job's accelerator names resolve through the catalog: an id, else every model with that alias.</summary>
public class AcceleratorAliasTests
{
    // Two A100 sizes share the alias a100; the H800 is far faster, so it wins whenever it is allowed.
    private static NetworkDefinition TwoA100Sizes()
    {
        var network = A.Network()
            .Region("east").Region("west", RegionRole.West).Link("east", "west", 20, 100)
            .Center("small", "east", c => c.GpuPool("a100-40g", 8, 4).Price(10))
            .Center("large", "west", c => c.GpuPool("a100-80g", 8, 4).Price(12))
            .Center("fast", "east", c => c.GpuPool("h800-80g", 8, 4).Price(10))
            .Build();
        return network with
        {
            Catalog = new AcceleratorCatalog("a100-40g",
            [
                new("a100-40g", "A100 40GB", ProcessorKind.Gpu, "NVIDIA", 1.0, 40, 400) { Aliases = ["a100", "nvidia_a100"] },
                new("a100-80g", "A100 80GB", ProcessorKind.Gpu, "NVIDIA", 1.0, 80, 400) { Aliases = ["a100", "nvidia_a100", "a100_80g"] },
                new("h800-80g", "H800 80GB", ProcessorKind.Gpu, "NVIDIA", 3.0, 80, 700) { Aliases = ["h800"] },
                new("x86", "x86 core", ProcessorKind.Cpu, "generic", 1.0, 0, 10),
            ]),
        };
    }

    private static PlacementDecision Decide(NetworkDefinition network, JobBuilder job) =>
        new PlacementEngine().Decide(Snapshots.Idle(network), job, 0, new SuanwangPolicy(), A.Noon);

    [Theory]
    [InlineData("a100")]
    [InlineData("A100")]
    [InlineData("Nvidia_A100")]
    public void An_alias_accepts_every_size_it_stands_for_and_nothing_else(string name)
    {
        var decision = Decide(TwoA100Sizes(), A.Job().NeedsGpus(1, name));
        Assert.Equal("small", decision.Plan!.CenterId); // cheaper of the two A100s
        Assert.Equal(CandidateVerdict.Outscored, Report(decision, "large").Verdict);
        Assert.Equal(LossCode.FilteredAccelerator, Report(decision, "fast").Code);
    }

    [Fact]
    public void An_id_means_that_model_alone()
    {
        var decision = Decide(TwoA100Sizes(), A.Job().NeedsGpus(1, "a100_80g"));
        Assert.Equal("large", decision.Plan!.CenterId);
        Assert.Equal(LossCode.FilteredAccelerator, Report(decision, "small").Code);
    }

    [Fact]
    public void An_alias_still_honours_the_memory_floor()
    {
        Assert.Equal("large", Decide(TwoA100Sizes(), A.Job().NeedsGpus(1, "a100").MinGpuMemoryGiB(64)).Plan!.CenterId);
    }

    [Fact]
    public void A_name_nothing_matches_places_nowhere_and_suggests_the_closest()
    {
        var decision = Decide(TwoA100Sizes(), A.Job().NeedsGpus(1, "h100"));
        Assert.Null(decision.Plan);
        Assert.Equal("no model or alias of the network's catalog is named 'h100'; did you mean a100, h800?", Report(decision, "fast").Reason);
    }
}
