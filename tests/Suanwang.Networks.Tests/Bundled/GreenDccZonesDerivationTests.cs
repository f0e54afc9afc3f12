using Suanwang.Model.Network;
using Suanwang.Networks.Geography;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>The prices, multipliers and links pasted into networks/greendcc-zones.yaml still follow from the data.</summary>
[Trait("Category", "Data")]
public sealed class GreenDccZonesDerivationTests
{
    private static readonly NetworkDefinition Network = NetworkLoader.Load("greendcc-zones", DataOptions.Samples);

    private static Center CenterIn(string zone) => Network.Centers.Single(c => c.RegionId == zone.ToLowerInvariant());

    public static TheoryData<string> Zones() => new(NetworkDerivation.GreenDccZones.Keys);

    [FullDataTheory] // the mean of a whole year of prices
    [MemberData(nameof(Zones))]
    public void Prices_follow_the_zones_mean_electricity_price(string zone)
    {
        var (perAccelerator, perCpu, _, hourOfDay) = NetworkDerivation.Pricing(zone);
        var center = CenterIn(zone);

        Assert.Equal(perAccelerator, center.Pricing.PerAcceleratorHourYuan);
        Assert.Equal(perCpu, center.Pricing.PerCpuHourYuan);
        Assert.Equal(NetworkDerivation.GreenDccZones[zone].Pue, center.Energy.Pue);
        Assert.Equal(NetworkDerivation.GreenDccZones[zone].UtcOffsetHours, center.Pricing.UtcOffsetHours);
        if (center.Pricing.HourOfDayMultipliers is { } written) Assert.Equal(hourOfDay, written);
        else Assert.All(hourOfDay, m => Assert.Equal(1.0, m)); // left out only where the price was flat
    }

    [Fact]
    public void Link_latencies_and_prices_follow_distance_and_the_aws_matrix()
    {
        var aws = NetworkDerivation.GreenDccZones.ToDictionary(z => z.Key.ToLowerInvariant(), z => z.Value.AwsRegion);
        Assert.All(Network.Links, l =>
        {
            var a = Network.FindRegion(l.FromRegionId)!;
            var b = Network.FindRegion(l.ToRegionId)!;
            Assert.Equal(LatencyEstimate.OneWayMs(a.Latitude, a.Longitude, b.Latitude, b.Longitude), l.LatencyMs, 9);
            Assert.Equal(NetworkDerivation.AwsTransferYuanPerGb(aws[a.Id], aws[b.Id]), l.PricePerGbYuan, 9);
        });
    }
}
