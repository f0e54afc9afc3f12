using Suanwang.Model.Network;
using Suanwang.Placement.Network;

namespace Suanwang.Placement.Tests.Network;

public class PathTableTests
{
    private static readonly Region[] Regions =
    [
        new("a", "a", null, RegionRole.East, 0, 0, "cn"),
        new("b", "b", null, RegionRole.West, 0, 0, "cn"),
        new("c", "c", null, RegionRole.West, 0, 0, "cn"),
    ];

    [Fact]
    public void A_two_hop_path_adds_latency_and_price_and_takes_the_narrowest_bandwidth()
    {
        var table = new PathTable(Regions, [new("a", "b", 10, 400, 0.1), new("b", "c", 5, 100, 0.2)], new(1, 1000, 0));
        Assert.Equal(15, table.LatencyMs(0, 2));
        Assert.Equal(100, table.BandwidthGbps(0, 2));
        Assert.Equal(0.3, table.PricePerGbYuan(0, 2), 9);
        Assert.Equal(15, table.LatencyMs(2, 0)); // links are symmetric
    }

    [Fact]
    public void The_lower_latency_route_wins()
    {
        var table = new PathTable(Regions, [new("a", "c", 40, 400, 0), new("a", "b", 10, 100, 0), new("b", "c", 10, 100, 0)], new(1, 1000, 0));
        Assert.Equal(20, table.LatencyMs(0, 2));
    }

    [Fact]
    public void Transfer_time_is_latency_plus_size_over_bandwidth()
    {
        var table = new PathTable(Regions, [new("a", "b", 20, 10, 0)], new(1, 1000, 0));
        // 100 GiB = 858.99 Gb over 10 Gbps = 85.899 s, plus 20 ms
        Assert.Equal(0.02 + 100 * 8.589934592 / 10, table.TransferSeconds(0, 1, 100), 9);
        Assert.Equal(0, table.TransferSeconds(0, 1, 0));
    }
}
