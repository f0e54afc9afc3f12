using System.Text;
using Suanwang.Model.Network;
using Suanwang.Networks.Synthetic;
using Suanwang.Networks.Validation;

namespace Suanwang.Networks.Tests.Synthetic;

public sealed class SyntheticNetworksTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(2000)]
    public void Generates_valid_networks_of_the_requested_size(int centers)
    {
        var n = SyntheticNetworks.Generate(centers, seed: 42);
        Assert.Equal(centers, n.Centers.Count);
        Assert.InRange(n.Regions.Count, 8, 32);
        Assert.Empty(NetworkValidator.Validate(n));
    }

    [Fact]
    public void The_same_seed_gives_the_same_network_field_for_field()
    {
        Assert.Equal(Dump(SyntheticNetworks.Generate(50, 7)), Dump(SyntheticNetworks.Generate(50, 7)));
        Assert.Equal(SyntheticNetworks.Generate(50, 7).Revision, SyntheticNetworks.Generate(50, 7).Revision);
    }

    [Fact]
    public void Different_seeds_give_different_networks()
    {
        Assert.NotEqual(Dump(SyntheticNetworks.Generate(50, 7)), Dump(SyntheticNetworks.Generate(50, 8)));
        Assert.NotEqual(SyntheticNetworks.Generate(50, 7).Revision, SyntheticNetworks.Generate(50, 8).Revision);
    }

    [Fact]
    public void Mixes_pools_and_signal_kinds()
    {
        var n = SyntheticNetworks.Generate(100, 1);
        var models = n.Centers.SelectMany(c => c.Pools).Select(p => p.AcceleratorModelId).Distinct().ToList();
        Assert.True(models.Count >= 4);
        Assert.Contains(n.Centers, c => c.Energy.CarbonIntensity.Provenance == SignalProvenance.Annual);
        Assert.Contains(n.Centers, c => c.Energy.CarbonIntensity.Provenance == SignalProvenance.Modelled);
        Assert.Contains(n.Regions, r => r.Role == RegionRole.East);
        Assert.Contains(n.Regions, r => r.Role == RegionRole.West);
    }

    [Fact]
    public void Some_paths_need_more_than_one_hop()
    {
        var n = SyntheticNetworks.Generate(400, 3);
        int pairs = n.Regions.Count * (n.Regions.Count - 1) / 2;
        Assert.True(n.Links.Count < pairs);
    }

    [Fact]
    public void At_least_one_center_is_required() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticNetworks.Generate(0, 1));

    /// <summary>A canonical text of every field (records holding lists do not compare by value).</summary>
    private static string Dump(NetworkDefinition n)
    {
        var sb = new StringBuilder();
        sb.AppendLine((n with { Regions = [], Links = [], Centers = [], Catalog = null!, FairShare = null! }).ToString());
        foreach (var r in n.Regions) sb.AppendLine(r.ToString());
        foreach (var l in n.Links) sb.AppendLine(l.ToString());
        foreach (var c in n.Centers)
        {
            sb.AppendLine((c with { Pools = [], Engine = new Dictionary<string, string>() }).ToString());
            foreach (var p in c.Pools) sb.AppendLine(p.ToString());
            sb.AppendLine((c.Pricing with { HourOfDayMultipliers = null }).ToString());
            sb.AppendLine(string.Join(",", c.Pricing.HourOfDayMultipliers ?? []));
            sb.AppendLine(string.Join(",", c.Energy.CarbonIntensity.Values) + string.Join(",", c.Energy.RenewableShare.Values));
            sb.AppendLine(string.Join(",", c.Engine.Select(kv => kv.Key + "=" + kv.Value)));
        }
        return sb.ToString();
    }
}
