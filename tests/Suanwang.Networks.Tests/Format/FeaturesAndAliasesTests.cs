using Suanwang.Model.Network;

namespace Suanwang.Networks.Tests.Format;

/// <summary>Pools' node features and the catalog's aliases, as a network file writes them.</summary>
public sealed class FeaturesAndAliasesTests
{
    private const string GpuPool = "        nodes: 4\n";

    [Fact]
    public void A_pools_features_are_read_as_written_case_kept()
    {
        var n = Fixture.Load(Fixture.Minimal.With(GpuPool, GpuPool + "        features: [a100, gpu80g, IB, x86_64, sm.90]\n"));
        var pool = n.FindCenter("alpha")!.Pools[0];
        Assert.Equal(["IB", "a100", "gpu80g", "sm.90", "x86_64"], pool.Features.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("ib", pool.Features); // case-sensitive, as Slurm
        Assert.Empty(n.FindCenter("beta")!.Pools[0].Features);
    }

    [Theory]
    [InlineData("a100&ib", "'a100&ib'")]
    [InlineData("\"gpu 80g\"", "'gpu 80g'")]
    [InlineData("\"\"", "''")]
    public void A_bad_feature_name_is_refused_naming_the_file_field_and_line(string feature, string quoted)
    {
        string yaml = Fixture.Minimal.With(GpuPool, GpuPool + $"        features: [gpu, {feature}]\n");
        var e = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0](alpha).pools[0](gpu).features[1] (line {Fixture.LineOf(yaml, "features:")})", e.Location);
        Assert.Contains(quoted, e.Message);
        Assert.Contains("letters, digits, '_', '-' or '.'", e.Message);
    }

    [Fact]
    public void A_feature_given_twice_is_refused()
    {
        var e = Fixture.SingleError(Fixture.Minimal.With(GpuPool, GpuPool + "        features: [gpu, gpu]\n"));
        Assert.Contains("features[1]", e.Location);
        Assert.Contains("listed twice", e.Message);
    }

    [Fact]
    public void A_models_aliases_are_read()
    {
        var n = Fixture.Load(Fixture.Minimal.With("memoryGiB: 80, boardPowerWatts: 400 }", "memoryGiB: 80, boardPowerWatts: 400, aliases: [A100, nvidia_a100] }"));
        Assert.Equal(["A100", "nvidia_a100"], n.Catalog.Find("a100")!.Aliases);
        Assert.Empty(n.Catalog.Find("v100")!.Aliases);
    }

    [Fact]
    public void An_alias_that_is_another_models_id_is_refused()
    {
        string yaml = Fixture.Minimal.With("memoryGiB: 80, boardPowerWatts: 400 }", "memoryGiB: 80, boardPowerWatts: 400, aliases: [V100] }");
        var e = Fixture.SingleError(yaml);
        Assert.StartsWith("catalog.models[1](a100).aliases[0]", e.Location);
        Assert.Contains("is the id of model 'v100'", e.Message);
    }

    [Fact]
    public void A_malformed_alias_is_refused()
    {
        var e = Fixture.SingleError(Fixture.Minimal.With("memoryGiB: 80, boardPowerWatts: 400 }", "memoryGiB: 80, boardPowerWatts: 400, aliases: [\"a 100\"] }"));
        Assert.Contains("aliases[0]", e.Location);
        Assert.Contains("not a valid alias", e.Message);
    }

    [Fact]
    public void An_alias_may_stand_for_several_models()
    {
        var n = Fixture.Load(Fixture.Minimal
            .With("memoryGiB: 80, boardPowerWatts: 400 }", "memoryGiB: 80, boardPowerWatts: 400, aliases: [nvidia] }")
            .With("memoryGiB: 32, boardPowerWatts: 300 }", "memoryGiB: 32, boardPowerWatts: 300, aliases: [nvidia] }"));
        Assert.Equal(["v100", "a100"], n.Catalog.Resolve("NVIDIA").Select(m => m.Id));
    }
}
