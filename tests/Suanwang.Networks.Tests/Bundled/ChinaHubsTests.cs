using System.Globalization;
using Suanwang.Model.Network;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>The bundled china-hubs network says what the public record says.</summary>
[Trait("Category", "Data")]
public sealed class ChinaHubsTests
{
    private static readonly NetworkDefinition Network = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);

    private static readonly string[] EastHubs = { "jing-jin-ji", "yangtze-delta", "greater-bay-area", "chengdu-chongqing" };
    private static readonly string[] WestHubs = { "inner-mongolia", "guizhou", "gansu", "ningxia" };

    /// <summary>clusters.csv rows (the committed copy of the whole file): id → (lat, lon, grid factor kg/kWh).</summary>
    private static readonly Dictionary<string, (double Lat, double Lon, double FactorKgPerKwh)> Clusters = ReadClusters();

    [Fact]
    public void Has_the_8_hubs_with_their_roles()
    {
        Assert.Equal(8, Network.Regions.Count);
        Assert.All(EastHubs, id => Assert.Equal(RegionRole.East, Network.FindRegion(id)!.Role));
        Assert.All(WestHubs, id => Assert.Equal(RegionRole.West, Network.FindRegion(id)!.Role));
        Assert.All(Network.Regions, r => Assert.Equal("cn", r.ResidencyZone));
        Assert.Equal("贵州", Network.FindRegion("guizhou")!.DisplayNameZh);
    }

    [Fact]
    public void Each_accelerator_pool_carries_its_own_price()
    {
        var yrd = Network.FindCenter("yrd_demo_zone")!;
        Assert.Equal(22, yrd.Pools.Single(p => p.Id == "h800").PerAcceleratorHourYuan);
        Assert.All(Network.Centers.SelectMany(c => c.Pools), p =>
            Assert.Equal(Network.Catalog.Find(p.AcceleratorModelId)!.Kind == ProcessorKind.Cpu, p.PerAcceleratorHourYuan is null));
    }

    [Fact]
    public void Every_pool_has_node_features_naming_its_class_and_architecture_and_accelerator_pools_their_model_and_memory()
    {
        foreach (var pool in Network.Centers.SelectMany(c => c.Pools))
        {
            var model = Network.Catalog.Find(pool.AcceleratorModelId)!;
            Assert.True(pool.Features.Contains("x86_64") ^ pool.Features.Contains("aarch64"), $"{pool.Id}: {FeatureNames.Display(pool.Features)}");
            if (model.Kind == ProcessorKind.Cpu)
            {
                Assert.Contains("cpu", pool.Features);
                continue;
            }
            Assert.Contains(model.Kind == ProcessorKind.Npu ? "npu" : "gpu", pool.Features);
            Assert.Contains($"{(model.Kind == ProcessorKind.Npu ? "npu" : "gpu")}{model.MemoryGiB:0}g", pool.Features);
            // The model's feature is one of its aliases, so -C a100 and --gres=gpu:a100 name the same cards.
            Assert.Contains(pool.Features, f => model.Aliases.Contains(f));
        }
    }

    [Theory]
    [InlineData("a100", "a100-80g")]
    [InlineData("A100", "a100-80g")]
    [InlineData("h800", "h800-80g")]
    [InlineData("v100", "v100-32g")]
    [InlineData("910b", "ascend-910b")]
    [InlineData("mlu370", "mlu370-x8")]
    public void Every_model_has_the_names_users_write_for_it(string name, string model)
    {
        Assert.Equal([model], Network.Catalog.Resolve(name).Select(m => m.Id));
        Assert.All(Network.Catalog.Models, m => Assert.NotEmpty(m.Aliases));
    }

    [Fact]
    public void Has_the_10_clusters_at_their_published_coordinates()
    {
        Assert.Equal(Clusters.Keys.Order(), Network.Centers.Select(c => c.Id).Order());
        Assert.All(Network.Centers, c =>
        {
            Assert.Equal(Clusters[c.Id].Lat, c.Latitude);
            Assert.Equal(Clusters[c.Id].Lon, c.Longitude);
        });
    }

    [Fact]
    public void Every_hub_pair_is_linked_within_the_20_ms_target()
    {
        Assert.Equal(28, Network.Links.Count);
        Assert.All(Network.Links, l => Assert.InRange(l.LatencyMs, 0, 20));
    }

    [Fact]
    public void Guizhou_links_are_the_400G_channel_and_the_rest_100G()
    {
        var guizhou = Network.Links.Where(l => l.FromRegionId == "guizhou" || l.ToRegionId == "guizhou").ToList();
        Assert.Equal(7, guizhou.Count);
        Assert.All(guizhou, l => Assert.Equal(400, l.BandwidthGbps));
        Assert.All(Network.Links.Except(guizhou), l => Assert.Equal(100, l.BandwidthGbps));
    }

    [Fact]
    public void Every_carbon_signal_is_modelled_with_the_provincial_2022_factor_as_its_mean()
    {
        Assert.All(Network.Centers, c =>
        {
            var carbon = c.Energy.CarbonIntensity;
            Assert.Equal(SignalProvenance.Modelled, carbon.Provenance);
            Assert.Equal(24, carbon.Values.Count);
            Assert.Equal(Clusters[c.Id].FactorKgPerKwh * 1000, carbon.Values.Average(), 6);
        });
    }

    [Fact]
    public void Every_renewable_signal_is_modelled_and_a_share()
    {
        Assert.All(Network.Centers, c =>
        {
            Assert.Equal(SignalProvenance.Modelled, c.Energy.RenewableShare.Provenance);
            Assert.All(c.Energy.RenewableShare.Values, v => Assert.InRange(v, 0, 1));
        });
        Assert.Equal(0.80, Network.FindCenter("helinger")!.Energy.RenewableShare.Values.Average(), 6);
        Assert.Equal(0.30, Network.FindCenter("zhangjiakou")!.Energy.RenewableShare.Values.Average(), 6);
    }

    [Fact]
    public void Pue_meets_the_eastern_and_western_targets()
    {
        foreach (var c in Network.Centers)
        {
            bool east = Network.FindRegion(c.RegionId)!.Role == RegionRole.East;
            if (east) Assert.Equal(1.25, c.Energy.Pue);
            else Assert.InRange(c.Energy.Pue, 1.0, 1.1999);
        }
    }

    [Fact]
    public void Holds_2000_to_3000_accelerators_with_more_in_the_west_at_lower_prices()
    {
        int Accelerators(IEnumerable<Center> cs) => cs.Sum(c => c.Pools.Sum(p => p.TotalAccelerators));
        var east = Network.Centers.Where(c => EastHubs.Contains(c.RegionId)).ToList();
        var west = Network.Centers.Where(c => WestHubs.Contains(c.RegionId)).ToList();

        Assert.InRange(Accelerators(Network.Centers), 2000, 3000);
        Assert.True(Accelerators(east) < Accelerators(west));
        Assert.True(east.Average(c => c.Pricing.PerAcceleratorHourYuan) > west.Average(c => c.Pricing.PerAcceleratorHourYuan));
        Assert.True(east.Average(c => c.Pricing.PerCpuHourYuan) > west.Average(c => c.Pricing.PerCpuHourYuan));
        Assert.All(Network.Centers, c => Assert.InRange(c.Pricing.PerCpuHourYuan, 0.05, 0.15));
    }

    [Fact]
    public void Pools_are_heterogeneous_and_include_domestic_accelerators_and_plain_cpus()
    {
        var models = Network.Centers.SelectMany(c => c.Pools).Select(p => Network.Catalog.Find(p.AcceleratorModelId)!).ToList();
        Assert.Contains(models, m => m.Vendor == "Huawei" && m.Kind == ProcessorKind.Npu);
        Assert.Contains(models, m => m.Vendor == "Hygon");
        Assert.Contains(models, m => m.Vendor == "Cambricon");
        Assert.All(Network.Centers, c => Assert.Contains(c.Pools, p => p.AcceleratorsPerNode == 0));
        Assert.All(Network.Centers, c => Assert.True(c.Pools.Count(p => p.AcceleratorsPerNode > 0) >= 2));
    }

    [Fact]
    public void The_reference_accelerator_is_the_v100() =>
        Assert.Equal(1.0, Network.Catalog.Find(Network.Catalog.ReferenceModelId)!.RelativeSpeed);

    [Fact]
    public void Runs_on_local_processes_with_slots()
    {
        Assert.All(Network.Centers, c =>
        {
            Assert.Equal("local", c.Backend);
            Assert.True(int.Parse(c.Engine["slots"], CultureInfo.InvariantCulture) > 0);
        });
    }

    [Fact]
    public void Some_centers_have_an_off_peak_price_profile()
    {
        var profiled = Network.Centers.Where(c => c.Pricing.HourOfDayMultipliers is not null).ToList();
        Assert.InRange(profiled.Count, 1, 9);
        Assert.All(profiled, c => Assert.True(c.Pricing.HourOfDayMultipliers![3] < 1)); // night valley
    }

    [Fact]
    public void Has_the_four_tiers() =>
        Assert.Equal(new[] { "enterprise", "sme", "research", "education" }, Network.FairShare.Tiers.Select(t => t.Name));

    [Fact]
    public void Needs_no_data_directory_and_has_a_stable_revision() =>
        Assert.Equal(Network.Revision, NetworkLoader.Load("china-hubs", new NetworkLoadOptions("/nonexistent")).Revision);

    private static Dictionary<string, (double, double, double)> ReadClusters()
    {
        var lines = File.ReadAllLines(TestData.Sample("china-hubs-facts/clusters.csv"));
        var header = lines[0].Split(',');
        int id = Array.IndexOf(header, "cluster_id"), lat = Array.IndexOf(header, "lat"), lon = Array.IndexOf(header, "lon"),
            factor = Array.IndexOf(header, "grid_factor_kg_per_kwh");
        return lines.Skip(1).Where(l => l.Length > 0).Select(Suanwang.Networks.Signals.CsvLine.Split).ToDictionary(
            f => f[id],
            f => (double.Parse(f[lat], CultureInfo.InvariantCulture), double.Parse(f[lon], CultureInfo.InvariantCulture), double.Parse(f[factor], CultureInfo.InvariantCulture)));
    }
}
