using Suanwang.Model.Network;

namespace Suanwang.Model.Tests.Network;

/// <summary>How a job's accelerator name resolves through the catalog: id first, then alias, case-insensitive.</summary>
public sealed class AcceleratorCatalogTests
{
    private static AcceleratorModel Gpu(string id, double memory, params string[] aliases) =>
        new(id, id, ProcessorKind.Gpu, "NVIDIA", 1, memory, 300) { Aliases = aliases };

    private static readonly AcceleratorCatalog Catalog = new("a100-40g",
    [
        Gpu("a100-40g", 40, "a100", "nvidia_a100"),
        Gpu("a100-80g", 80, "a100", "nvidia_a100", "a100_80g"),
        Gpu("h800-80g", 80, "h800"),
        Gpu("h20-96g", 96, "h20"),
    ]);

    [Theory]
    [InlineData("a100")]
    [InlineData("A100")]
    [InlineData("NVIDIA_A100")]
    public void An_alias_stands_for_every_model_that_has_it(string name)
    {
        Assert.Equal(["a100-40g", "a100-80g"], Catalog.Resolve(name).Select(m => m.Id));
    }

    [Fact]
    public void An_id_wins_over_an_alias_and_matches_in_any_case()
    {
        Assert.Equal(["a100-80g"], Catalog.Resolve("A100-80G").Select(m => m.Id));
        Assert.Equal(["a100-80g"], Catalog.Resolve("a100_80g").Select(m => m.Id));
    }

    [Fact]
    public void An_unknown_name_resolves_to_nothing_and_gets_the_closest_names()
    {
        Assert.Empty(Catalog.Resolve("h100"));
        Assert.False(Catalog.IsKnown("h100"));
        var close = Catalog.Suggest("h100");
        Assert.Contains("h800", close);
        Assert.Contains("h20", close);
        Assert.DoesNotContain("a100-40g", close);
    }
}
