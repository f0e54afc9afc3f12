using Suanwang.Model.Jobs;
using Suanwang.Model.Network;

namespace Suanwang.Specs.Tests.Native.Sections;

/// <summary>The native spec's <c>constraints.features</c>, and accelerator names checked against a catalog's ids and aliases.</summary>
public sealed class FeaturesAndModelNamesTests
{
    [Theory]
    [InlineData("a100&ib", "a100&ib")]
    [InlineData("\"[h800|a800]\"", "[h800|a800]")] // brackets quoted: YAML would read them as a list
    [InlineData("\"a100,ib\"", "a100&ib")]
    public void Constraints_features_is_read_as_Slurms_constraint(string yaml, string written)
    {
        var job = Read.Native(Read.Spec($"constraints: {{ features: {yaml} }}\n"));
        Assert.Equal(written, job.Constraints.Features!.ToString());
    }

    [Fact]
    public void No_features_means_no_feature_constraint()
    {
        Assert.Null(Read.Native(Read.Spec()).Constraints.Features);
    }

    [Fact]
    public void A_malformed_constraint_is_refused_at_its_field_with_the_position()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("constraints: { features: \"a100&&ib\" }\n")), "constraints.features", "position 6");
    }

    private static readonly AcceleratorCatalog Catalog = new("a100-40g",
    [
        new("a100-40g", "A100 40GB", ProcessorKind.Gpu, "NVIDIA", 1, 40, 400) { Aliases = ["a100"] },
        new("a100-80g", "A100 80GB", ProcessorKind.Gpu, "NVIDIA", 2, 80, 400) { Aliases = ["a100"] },
        new("h800-80g", "H800 80GB", ProcessorKind.Gpu, "NVIDIA", 5, 80, 700) { Aliases = ["h800"] },
    ]);

    [Theory]
    [InlineData("a100")]
    [InlineData("A100")]
    [InlineData("a100-80g")]
    public void An_alias_or_id_of_the_catalog_is_accepted_as_written(string name)
    {
        var job = Read.Native(Read.Spec($"resources: {{ accelerators: {{ count: 1, models: [{name}] }} }}\n"), A.Context() with { AcceleratorCatalog = Catalog });
        Assert.Equal([name], job.Resources.AcceleratorModels);
    }

    [Fact]
    public void A_name_no_id_or_alias_matches_is_refused_with_the_closest()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { accelerators: { count: 1, models: [h100] } }\n"), A.Context() with { AcceleratorCatalog = Catalog }),
            "resources.accelerators.models[0]", "no model id or alias of the network's catalog matches; did you mean a100, h800?");
    }
}
