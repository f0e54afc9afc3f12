using Suanwang.Model.Network;

namespace Suanwang.Networks.Tests.Format;

public sealed class NetworkFileReaderTests
{
    [Fact]
    public void An_unknown_field_is_an_error_with_a_suggestion()
    {
        string yaml = Fixture.Minimal.With("pue: 1.3", "peu: 1.3");
        var errors = Fixture.Errors(yaml);
        int line = Fixture.LineOf(yaml, "peu: 1.3");

        // In line order: the missing field is located at its section's line, just above.
        Assert.Equal(2, errors.Count);
        Assert.Equal($"centers[0](alpha).energy.pue (line {Fixture.LineOf(yaml, "energy:")})", errors[0].Location);
        Assert.Equal("missing required field 'pue'", errors[0].Message);
        Assert.Equal($"centers[0](alpha).energy.peu (line {line})", errors[1].Location);
        Assert.Equal("unknown field 'peu'; did you mean 'pue'?", errors[1].Message);
    }

    [Fact]
    public void An_unknown_top_level_field_is_an_error_with_a_suggestion()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("description:", "descripton:"));
        Assert.Equal("descripton (line 2)", error.Location);
        Assert.Contains("did you mean 'description'?", error.Message);
    }

    [Fact]
    public void An_unknown_field_far_from_any_known_one_lists_the_known_fields()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("backend: slurm", "backend: slurm\n    flavour: vanilla"));
        Assert.StartsWith("centers[1](beta).flavour (line ", error.Location);
        Assert.Contains("known fields here: id, name, nameZh, region, backend", error.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_says_what_was_expected()
    {
        string yaml = Fixture.Minimal.With("nodes: 4", "nodes: four");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0](alpha).pools[0](gpu).nodes (line {Fixture.LineOf(yaml, "nodes: four")})", error.Location);
        Assert.Equal("expected a whole number, got 'four'", error.Message);
    }

    [Fact]
    public void A_fraction_is_not_a_whole_number() =>
        Assert.Equal("expected a whole number, got '4.5'", Fixture.SingleError(Fixture.Minimal.With("nodes: 4", "nodes: 4.5")).Message);

    [Fact]
    public void Not_a_number_is_rejected() =>
        Assert.Equal("must be a finite number, got 'NaN'", Fixture.SingleError(Fixture.Minimal.With("pue: 1.3", "pue: NaN")).Message);

    [Fact]
    public void A_misspelt_choice_gets_a_suggestion()
    {
        string yaml = Fixture.Minimal.With("role: west,", "role: wset,");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"regions[1](west).role (line {Fixture.LineOf(yaml, "role: wset")})", error.Location);
        Assert.Equal("'wset' is not one of east | west | other; did you mean 'west'?", error.Message);
    }

    [Theory]
    [InlineData("ssh-login", "ssh-login")]
    [InlineData("Slurm", "slurm")]
    [InlineData("kubernetes", "kubernetes")]
    public void A_backend_is_any_engine_name_since_which_engines_exist_is_the_brokers_to_say(string written, string read) =>
        Assert.Equal(read, Fixture.Load(Fixture.Minimal.With("backend: slurm", $"backend: {written}")).Centers[1].Backend);

    [Theory]
    [InlineData("slurm engine")]
    [InlineData("9lives")]
    [InlineData("'sl/urm'")]
    public void A_backend_that_is_not_an_engine_name_is_refused_at_its_line(string written)
    {
        string yaml = Fixture.Minimal.With("backend: slurm", $"backend: {written}");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[1](beta).backend (line {Fixture.LineOf(yaml, $"backend: {written}")})", error.Location);
        Assert.StartsWith($"'{written.Trim('\'')}' is not an engine name (lower-case letters, digits and '-', starting with a letter", error.Message);
    }

    [Fact]
    public void Choices_ignore_case() =>
        Assert.Equal(RegionRole.West, Fixture.Load(Fixture.Minimal.With("role: west", "role: West")).Regions[1].Role);

    [Fact]
    public void A_missing_section_is_reported_at_its_path()
    {
        string yaml = Fixture.Minimal.With("\n      renewable: { annualShare: 0.5 }", "");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[1](beta).energy.renewable (line {Fixture.LineOf(yaml, "pue: 1.15") - 1})", error.Location);
    }

    [Fact]
    public void A_list_where_a_mapping_belongs_is_reported()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("engine: { slots: 2 }", "engine: [slots, 2]"));
        Assert.StartsWith("centers[0](alpha).engine (line ", error.Location);
        Assert.Equal("expected a mapping of names to values, got a list", error.Message);
    }

    [Fact]
    public void A_link_needs_exactly_two_ends()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("between: [east, west]", "between: [east]"));
        Assert.StartsWith("links[0].between (line ", error.Location);
        Assert.Contains("expected two region ids", error.Message);
    }

    [Fact]
    public void A_center_that_is_not_a_mapping_is_reported_once()
    {
        string yaml = Fixture.Minimal.With("centers:\n", "centers:\n  - just text\n");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0] (line {Fixture.LineOf(yaml, "- just text")})", error.Location);
    }

    [Fact]
    public void A_field_given_twice_is_reported_with_both_lines()
    {
        string yaml = Fixture.Minimal.With("    name: Alpha\n", "    name: Alpha\n    name: Alpha2\n");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0](alpha).name (line {Fixture.LineOf(yaml, "name: Alpha2")})", error.Location);
        Assert.Equal($"field 'name' is given twice (first at line {Fixture.LineOf(yaml, "name: Alpha")}); the first value is used", error.Message);
    }

    [Fact]
    public void A_syntax_error_gives_line_and_column()
    {
        var error = Fixture.SingleError("id: x\ncatalog: [a, b\nregions: []\n");
        Assert.StartsWith("line ", error.Location);
        Assert.Contains("column", error.Location);
    }

    [Fact]
    public void An_empty_file_is_reported()
    {
        var error = Fixture.SingleError("# only a comment\n");
        Assert.Equal("(file)", error.Location);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_is_reported() =>
        Assert.Equal("line 1", Fixture.SingleError("- a\n- b\n").Location);

    [Fact]
    public void Two_documents_are_rejected() =>
        Assert.Contains("one YAML document", Fixture.SingleError(Fixture.Minimal + "\n---\nid: other\n").Message);

    [Fact]
    public void Deep_nesting_is_rejected_without_recursion()
    {
        string yaml = "id: x\ncatalog: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Assert.Contains("nesting deeper than", Fixture.SingleError(yaml).Message);
    }

    [Fact]
    public void Anchors_and_aliases_share_values()
    {
        string yaml = Fixture.Minimal
            .With("carbon: { annualGramsPerKwh: 550 }", "carbon: &c { annualGramsPerKwh: 550 }")
            .With("carbon: { annualGramsPerKwh: 480 }", "carbon: *c");
        Assert.Equal(550, Fixture.Load(yaml).Centers[1].Energy.CarbonIntensity.Values[0]);
    }

    [Fact]
    public void An_alias_to_an_unknown_anchor_is_reported() =>
        Assert.Contains("'*nope'", Fixture.SingleError(Fixture.Minimal.With("carbon: { annualGramsPerKwh: 480 }", "carbon: *nope")).Message);

    [Fact]
    public void Pools_may_carry_their_own_prices_and_the_center_charges_the_accelerator_weighted_mean()
    {
        string yaml = Fixture.Minimal
            .With("{ id: gpu, accelerator: v100, acceleratorsPerNode: 8, cpusPerNode: 40, memoryGiBPerNode: 512, nodes: 16 }",
                  "{ id: gpu, accelerator: v100, acceleratorsPerNode: 8, cpusPerNode: 40, memoryGiBPerNode: 512, nodes: 16, perAcceleratorHourYuan: 3 }\n      - { id: new, accelerator: a100, acceleratorsPerNode: 8, cpusPerNode: 64, memoryGiBPerNode: 512, nodes: 16, perAcceleratorHourYuan: 9 }")
            .With("      perAcceleratorHourYuan: 4\n", "");

        Assert.Equal(6, Fixture.Load(yaml).FindCenter("beta")!.Pricing.PerAcceleratorHourYuan);
    }

    [Fact]
    public void Without_pool_prices_the_center_price_is_required()
    {
        string yaml = Fixture.Minimal.With("      perAcceleratorHourYuan: 4\n", "");
        var error = Fixture.SingleError(yaml);
        Assert.StartsWith("centers[1](beta).pricing.perAcceleratorHourYuan (line ", error.Location);
        Assert.Contains("or give every accelerator pool its own perAcceleratorHourYuan", error.Message);
    }

    [Fact]
    public void A_cpu_pool_has_no_accelerator_price()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("{ id: cpu, accelerator: core,", "{ id: cpu, accelerator: core, perAcceleratorHourYuan: 1,"));
        Assert.StartsWith("centers[0](alpha).pools[1](cpu).perAcceleratorHourYuan (line ", error.Location);
    }

    [Fact]
    public void A_gpu_pool_must_say_how_many_accelerators_a_node_has()
    {
        var error = Fixture.SingleError(Fixture.Minimal.With("acceleratorsPerNode: 8, cpusPerNode: 40", "cpusPerNode: 40"));
        Assert.StartsWith("centers[1](beta).pools[0](gpu).acceleratorsPerNode (line ", error.Location);
        Assert.Equal("missing required field 'acceleratorsPerNode'", error.Message);
    }

    [Fact]
    public void Comments_mark_assumptions_anywhere() =>
        Assert.Equal(1.3, Fixture.Load(Fixture.Minimal.With("pue: 1.3", "pue: 1.3   # assumption: hot-aisle containment")).Centers[0].Energy.Pue);

    [Fact]
    public void Engine_settings_are_kept_as_text() =>
        Assert.Equal("/run/slurmrestd.sock", Fixture.Load(Fixture.Minimal.With("engine: { slots: 2 }", "engine: { socket: /run/slurmrestd.sock, slots: 2 }")).Centers[0].Engine["socket"]);

    [Fact]
    public void Explicit_tiers_replace_the_default()
    {
        var n = Fixture.Load(Fixture.Minimal.With("centers:\n", "tiers:\n  - { name: research, guaranteedShare: 0.5, weight: 2 }\ncenters:\n"));
        var tier = Assert.Single(n.FairShare.Tiers);
        Assert.Equal(new TierPolicy("research", 0.5, 2), tier);
    }
}
