using Suanwang.Model.Network;
using Suanwang.Networks.Validation;

namespace Suanwang.Networks.Tests.Validation;

/// <summary>Each rule, broken once in the fixture, reports exactly one error at exactly this location.</summary>
public sealed class NetworkValidatorTests
{
    /// <summary>Applies the edit, expects one error, and checks its location (with the line of <paramref name="lineOf"/>) and message.</summary>
    private static void ExpectError(string old, string replacement, string path, string lineOf, string messagePart)
    {
        string yaml = Fixture.Minimal.With(old, replacement);
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"{path} (line {Fixture.LineOf(yaml, lineOf)})", error.Location);
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void The_fixture_is_valid() => Assert.Empty(NetworkValidator.Validate(Fixture.Load(Fixture.Minimal)));

    [Fact]
    public void Center_ids_are_unique() =>
        ExpectError("  - id: beta", "  - id: alpha", "centers[1](alpha).id", "  - id: alpha\n    name: Beta", "already used by centers[0]");

    [Fact]
    public void Region_ids_are_unique() =>
        ExpectError("links:", "  - { id: east, name: East again, role: east, lat: 31, lon: 121, residencyZone: cn }\nlinks:",
            "regions[2](east).id", "East again", "already used by regions[0]");

    [Fact]
    public void Model_ids_are_unique() =>
        ExpectError("regions:", "    - { id: v100, name: V100 again, kind: gpu, relativeSpeed: 1, memoryGiB: 16, boardPowerWatts: 250 }\nregions:",
            "catalog.models[3](v100).id", "V100 again", "already used by catalog.models[0]");

    [Fact]
    public void Pool_ids_are_unique_within_a_center() =>
        ExpectError("{ id: cpu, accelerator: core", "{ id: gpu, accelerator: core", "centers[0](alpha).pools[1](gpu).id", "{ id: gpu, accelerator: core", "already used by pools[0]");

    [Fact]
    public void A_pool_accelerator_must_be_in_the_catalog_with_a_suggestion() =>
        ExpectError("accelerator: a100", "accelerator: a10O", "centers[0](alpha).pools[0](gpu).accelerator", "accelerator: a10O", "did you mean 'a100'?");

    [Fact]
    public void A_center_region_must_exist() =>
        ExpectError("region: west", "region: wset", "centers[1](beta).region", "region: wset", "did you mean 'west'?");

    [Fact]
    public void Link_ends_must_exist() =>
        ExpectError("between: [east, west]", "between: [east, wset]", "links[0].between", "between: [east, wset]", "region 'wset' is not defined in regions; did you mean 'west'?");

    [Fact]
    public void A_link_joins_two_different_regions()
    {
        // Linking east to itself also leaves west unconnected: two errors, each at its place.
        string yaml = Fixture.Minimal.With("between: [east, west]", "between: [east, east]");
        var errors = Fixture.Errors(yaml);
        Assert.Equal($"regions[1](west) (line {Fixture.LineOf(yaml, "{ id: west")})", errors[0].Location);
        Assert.Equal($"links[0].between (line {Fixture.LineOf(yaml, "between:")})", errors[1].Location);
        Assert.Contains("two different regions", errors[1].Message);
    }

    [Fact]
    public void A_pair_of_regions_is_linked_once()
    {
        string yaml = Fixture.Minimal.With(
            "  - { between: [east, west], latencyMs: 15, bandwidthGbps: 100, pricePerGbYuan: 0.1 }",
            "  - { between: [east, west], latencyMs: 15, bandwidthGbps: 100, pricePerGbYuan: 0.1 }\n  - { between: [west, east], latencyMs: 16, bandwidthGbps: 10 }");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"links[1].between (line {Fixture.LineOf(yaml, "[west, east]")})", error.Location);
        Assert.Contains("already linked by links[0]", error.Message);
    }

    [Fact]
    public void Pue_is_at_least_one() =>
        ExpectError("pue: 1.3", "pue: 0.95", "centers[0](alpha).energy.pue", "pue: 0.95", "at least 1.0");

    [Theory]
    [InlineData("-0.5")]
    [InlineData("1800")]   // litres per MWh, not per kWh
    public void Wue_is_litres_per_kWh_of_IT_energy_between_0_and_20(string wue) =>
        ExpectError("pue: 1.3", $"pue: 1.3\n      wue: {wue}", "centers[0](alpha).energy.wue", "wue:",
            $"water usage effectiveness is litres of water per kWh of IT energy, from 0 (dry cooling) to 20; got {wue}");

    [Fact]
    public void A_wue_that_is_not_a_number_names_the_field() =>
        ExpectError("pue: 1.3", "pue: 1.3\n      wue: lots", "centers[0](alpha).energy.wue", "wue:", "lots");

    [Fact]
    public void Wue_is_optional_and_zero_is_a_dry_cooled_site()
    {
        Assert.Equal(EnergyProfile.DefaultWueLitresPerKwh, Fixture.Load(Fixture.Minimal).Centers[0].Energy.WueLitresPerKwh);
        var dry = Fixture.Load(Fixture.Minimal.With("pue: 1.3", "pue: 1.3\n      wue: 0"));
        Assert.Empty(NetworkValidator.Validate(dry));
        Assert.Equal(0, dry.Centers[0].Energy.WueLitresPerKwh);
    }

    [Fact]
    public void Bandwidth_is_positive() =>
        ExpectError("bandwidthGbps: 100, pricePerGbYuan", "bandwidthGbps: 0, pricePerGbYuan", "links[0].bandwidthGbps", "bandwidthGbps: 0", "greater than 0");

    [Fact]
    public void Latency_is_not_negative() =>
        ExpectError("latencyMs: 15", "latencyMs: -1", "links[0].latencyMs", "latencyMs: -1", "must not be negative");

    [Fact]
    public void Intra_region_bandwidth_is_positive() =>
        ExpectError("links:", "intraRegion: { bandwidthGbps: 0 }\nlinks:", "intraRegion.bandwidthGbps", "bandwidthGbps: 0 }", "greater than 0");

    [Fact]
    public void A_pool_has_at_least_one_node() =>
        ExpectError("    nodes: 4", "    nodes: 0", "centers[0](alpha).pools[0](gpu).nodes", "nodes: 0", "at least 1");

    [Fact]
    public void Relative_speed_is_positive() =>
        ExpectError("relativeSpeed: 2.5", "relativeSpeed: 0", "catalog.models[1](a100).relativeSpeed", "relativeSpeed: 0", "greater than 0");

    [Fact]
    public void The_reference_model_exists() =>
        ExpectError("referenceModel: v100", "referenceModel: v101", "catalog.referenceModel", "referenceModel:", "did you mean 'v100'?");

    [Fact]
    public void The_reference_model_has_speed_one() =>
        ExpectError("referenceModel: v100", "referenceModel: a100", "catalog.referenceModel", "referenceModel:", "must have relativeSpeed 1.0");

    [Fact]
    public void Hour_of_day_has_exactly_24_entries() =>
        ExpectError("perCpuHourYuan: 0.1\n", "perCpuHourYuan: 0.1\n      hourOfDay: [1, 1, 1]\n", "centers[0](alpha).pricing.hourOfDay", "hourOfDay", "exactly 24");

    [Fact]
    public void A_gpu_pool_has_accelerators() =>
        ExpectError("acceleratorsPerNode: 8\n", "acceleratorsPerNode: 0\n", "centers[0](alpha).pools[0](gpu).acceleratorsPerNode", "acceleratorsPerNode: 0", "at least 1");

    [Fact]
    public void A_cpu_pool_has_no_accelerators() =>
        ExpectError("{ id: cpu, accelerator: core,", "{ id: cpu, accelerator: core, acceleratorsPerNode: 2,", "centers[0](alpha).pools[1](cpu).acceleratorsPerNode", "acceleratorsPerNode: 2", "CPU pool has 0 accelerators");

    [Fact]
    public void Latitude_is_on_the_globe() =>
        ExpectError("    backend: slurm", "    backend: slurm\n    lat: 136", "centers[1](beta).lat", "lat: 136", "within -90..90");

    [Fact]
    public void A_centers_defaulted_coordinates_share_their_regions_error()
    {
        var errors = Fixture.Errors(Fixture.Minimal.With("lat: 36.0", "lat: 136.0"));
        Assert.Equal(new[] { "regions[1](west).lat", "centers[1](beta).lat" }, errors.Select(e => e.Location.Split(" (")[0]));
    }

    [Fact]
    public void Ids_are_plain_words() =>
        ExpectError("  - id: beta", "  - id: 'be ta'", "centers[1](be ta).id", "  - id: 'be ta'", "not a valid id");

    [Fact]
    public void Guaranteed_tier_shares_add_up_to_at_most_one() =>
        ExpectError("centers:\n", "tiers:\n  - { name: a, guaranteedShare: 0.6, weight: 1 }\n  - { name: b, guaranteedShare: 0.6, weight: 1 }\ncenters:\n", "tiers", "tiers:", "add up to 1.2");

    [Fact]
    public void Tier_names_are_unique() =>
        ExpectError("centers:\n", "tiers:\n  - { name: a, guaranteedShare: 0.1, weight: 1 }\n  - { name: A, guaranteedShare: 0.1, weight: 1 }\ncenters:\n", "tiers[1](A).name", "{ name: A", "already defined by tiers[0]");

    [Fact]
    public void A_region_holding_a_center_must_be_connected_to_the_others()
    {
        string yaml = Fixture.Minimal.With(
            "  - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }",
            "  - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }\n  - { id: island, name: Island, role: other, lat: 20, lon: 110, residencyZone: cn }\n  - { id: far, name: Far, role: other, lat: 21, lon: 111, residencyZone: cn }")
            .With("region: west", "region: island")
            .With("  - { between: [east, west]", "  - { between: [island, far], latencyMs: 1, bandwidthGbps: 10 }\n  - { between: [east, west]");

        var errors = Fixture.Errors(yaml);

        // Reached from east: west. Not reached: island (holds beta) and far (linked only to island).
        Assert.Equal(2, errors.Count);
        Assert.Equal($"regions[2](island) (line {Fixture.LineOf(yaml, "{ id: island")})", errors[0].Location);
        Assert.Contains("holds centers but no chain of links connects it to region 'east'", errors[0].Message);
        Assert.Equal($"regions[3](far) (line {Fixture.LineOf(yaml, "{ id: far")})", errors[1].Location);
    }

    [Fact]
    public void Multi_hop_connections_are_enough()
    {
        string yaml = Fixture.Minimal.With(
            "  - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }",
            "  - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }\n  - { id: mid, name: Mid, role: other, lat: 33, lon: 110, residencyZone: cn }")
            .With("  - { between: [east, west], latencyMs: 15, bandwidthGbps: 100, pricePerGbYuan: 0.1 }",
                  "  - { between: [east, mid], latencyMs: 8, bandwidthGbps: 100 }\n  - { between: [mid, west], latencyMs: 8, bandwidthGbps: 100 }");
        Assert.Equal(3, Fixture.Load(yaml).Regions.Count);
    }

    [Fact]
    public void A_renewable_share_signal_stays_within_zero_and_one()
    {
        // Built in code (as a what-if tool would): the model-level validator catches it.
        var n = Fixture.Load(Fixture.Minimal);
        var alpha = n.Centers[0];
        var bad = n with
        {
            Centers = new[] { alpha with { Energy = alpha.Energy with { RenewableShare = HourlySignal.Flat(1.5, SignalProvenance.Annual, "x") } }, n.Centers[1] },
        };
        var error = Assert.Single(NetworkValidator.Validate(bad));
        Assert.Equal("centers[0](alpha).energy.renewable", error.Location);
        Assert.Contains("within 0..1", error.Message);
    }

    [Fact]
    public void Validate_lists_nothing_for_the_bundled_china_hubs() =>
        Assert.Empty(NetworkValidator.Validate(NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default)));
}
