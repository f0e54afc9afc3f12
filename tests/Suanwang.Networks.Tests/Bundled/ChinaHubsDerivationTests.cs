using Suanwang.Model.Network;
using Suanwang.Networks.Geography;
using Suanwang.Networks.Signals;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>The derived numbers pasted into networks/china-hubs.yaml still follow from the data and formulas.</summary>
[Trait("Category", "Data")]
public sealed class ChinaHubsDerivationTests
{
    private static readonly NetworkDefinition Network = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);

    public static TheoryData<string> Centers() => new(ShapeDerivation.ChinaHubsZones.Keys);

    [FullDataTheory]
    [MemberData(nameof(Centers))]
    public void The_carbon_curve_is_the_annual_factor_times_the_chosen_zones_shape(string centerId)
    {
        var signal = Network.FindCenter(centerId)!.Energy.CarbonIntensity;
        var shape = ShapeDerivation.Shape(ShapeDerivation.ChinaHubsZones[centerId].Carbon, GreenDccCsv.CarbonDirectColumn);
        AssertFollowsShape(signal, shape, cap: double.PositiveInfinity);
        Assert.Contains(ShapeDerivation.ChinaHubsZones[centerId].Carbon + " 2021+2022", signal.Source);
    }

    [FullDataTheory]
    [MemberData(nameof(Centers))]
    public void The_renewable_curve_is_the_annual_share_times_the_chosen_zones_shape(string centerId)
    {
        var signal = Network.FindCenter(centerId)!.Energy.RenewableShare;
        var shape = ShapeDerivation.Shape(ShapeDerivation.ChinaHubsZones[centerId].Renewable, GreenDccCsv.RenewablePercentageColumn);
        AssertFollowsShape(signal, shape, cap: 1);
        Assert.Contains(ShapeDerivation.ChinaHubsZones[centerId].Renewable + " 2021+2022", signal.Source);
    }

    [Fact]
    public void Link_latencies_follow_the_distance_formula()
    {
        Assert.All(Network.Links, l =>
        {
            var a = Network.FindRegion(l.FromRegionId)!;
            var b = Network.FindRegion(l.ToRegionId)!;
            Assert.Equal(LatencyEstimate.OneWayMs(a.Latitude, a.Longitude, b.Latitude, b.Longitude), l.LatencyMs, 9);
        });
    }

    [Fact]
    public void Hub_coordinates_are_their_clusters_or_the_mean_of_two()
    {
        foreach (var region in Network.Regions)
        {
            var centers = Network.Centers.Where(c => c.RegionId == region.Id).ToList();
            Assert.Equal(Math.Round(centers.Average(c => c.Latitude), 2), region.Latitude, 9);
            Assert.Equal(Math.Round(centers.Average(c => c.Longitude), 2), region.Longitude, 9);
        }
    }

    /// <summary>The loaded values are the annual mean × the shape (re-normalised after rounding), capped.</summary>
    private static void AssertFollowsShape(HourlySignal signal, IReadOnlyList<double> shape, double cap)
    {
        Assert.Equal(24, signal.Values.Count);
        var normalised = DailyProfile.Normalise(shape);
        // Recover the annual figure from an hour that was not capped.
        int free = Enumerable.Range(0, 24).First(h => signal.Values[h] < cap);
        double annual = signal.Values[free] / normalised[free];
        for (int h = 0; h < 24; h++)
            Assert.Equal(Math.Min(cap, annual * normalised[h]), signal.Values[h], 9);
    }
}
