using Suanwang.Networks.Geography;

namespace Suanwang.Networks.Tests.Geography;

public sealed class LatencyEstimateTests
{
    [Fact]
    public void Beijing_to_Shanghai_is_about_1070_km() =>
        Assert.InRange(LatencyEstimate.DistanceKm(39.90, 116.40, 31.23, 121.47), 1060, 1075);

    [Fact]
    public void The_formula_reproduces_the_measured_Guiyang_to_Ningbo_latency()
    {
        // China Mobile's 400G channel: Guiyang → Ningbo in about 14 ms (People's Daily Online, 2024-09-02).
        double ms = LatencyEstimate.OneWayMs(26.65, 106.63, 29.87, 121.55);
        Assert.InRange(ms, 13.0, 15.0);
    }

    [Fact]
    public void Zhongwei_is_within_the_published_8_to_12_ms_of_Beijing() =>
        Assert.InRange(LatencyEstimate.OneWayMs(37.50, 105.19, 39.90, 116.40), 8, 12);

    [Fact]
    public void A_point_to_itself_costs_only_the_overhead() =>
        Assert.Equal(LatencyEstimate.OverheadMs, LatencyEstimate.OneWayMs(30, 100, 30, 100));
}
