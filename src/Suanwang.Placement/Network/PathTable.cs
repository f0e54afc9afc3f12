using Suanwang.Model.Network;

namespace Suanwang.Placement.Network;

/// <summary>
/// The best path between every pair of regions: latency adds up along a path, bandwidth is the
/// narrowest link's, price per GB adds up. Paths minimise latency (Floyd–Warshall), since that is
/// how carriers route; ties keep the wider path.
/// </summary>
public sealed class PathTable
{
    private readonly double[] _latencyMs;
    private readonly double[] _bandwidthGbps;
    private readonly double[] _pricePerGb;

    /// <summary>Builds the table for <paramref name="regions"/> and <paramref name="links"/>.</summary>
    public PathTable(IReadOnlyList<Region> regions, IReadOnlyList<Link> links, IntraRegionLink intra)
    {
        int n = regions.Count;
        RegionCount = n;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++) index[regions[i].Id] = i;
        _latencyMs = new double[n * n];
        _bandwidthGbps = new double[n * n];
        _pricePerGb = new double[n * n];
        Array.Fill(_latencyMs, double.PositiveInfinity);
        for (int i = 0; i < n; i++)
        {
            _latencyMs[i * n + i] = intra.LatencyMs;
            _bandwidthGbps[i * n + i] = intra.BandwidthGbps;
            _pricePerGb[i * n + i] = intra.PricePerGbYuan;
        }
        foreach (var link in links)
        {
            int a = index[link.FromRegionId], b = index[link.ToRegionId];
            if (a == b) continue;
            foreach (var (x, y) in new[] { (a, b), (b, a) })
            {
                int k = x * n + y;
                if (link.LatencyMs < _latencyMs[k] || (link.LatencyMs == _latencyMs[k] && link.BandwidthGbps > _bandwidthGbps[k]))
                {
                    _latencyMs[k] = link.LatencyMs;
                    _bandwidthGbps[k] = link.BandwidthGbps;
                    _pricePerGb[k] = link.PricePerGbYuan;
                }
            }
        }
        for (int via = 0; via < n; via++)
            for (int i = 0; i < n; i++)
            {
                if (i == via || double.IsPositiveInfinity(_latencyMs[i * n + via])) continue;
                for (int j = 0; j < n; j++)
                {
                    if (j == via || i == j) continue;
                    double latency = _latencyMs[i * n + via] + _latencyMs[via * n + j];
                    int k = i * n + j;
                    double bandwidth = Math.Min(_bandwidthGbps[i * n + via], _bandwidthGbps[via * n + j]);
                    if (latency < _latencyMs[k] || (latency == _latencyMs[k] && bandwidth > _bandwidthGbps[k]))
                    {
                        _latencyMs[k] = latency;
                        _bandwidthGbps[k] = bandwidth;
                        _pricePerGb[k] = _pricePerGb[i * n + via] + _pricePerGb[via * n + j];
                    }
                }
            }
    }

    /// <summary>Number of regions.</summary>
    public int RegionCount { get; }

    /// <summary>One-way latency from region <paramref name="from"/> to <paramref name="to"/>; +∞ when unconnected.</summary>
    public double LatencyMs(int from, int to) => _latencyMs[from * RegionCount + to];

    /// <summary>Bottleneck bandwidth of the path.</summary>
    public double BandwidthGbps(int from, int to) => _bandwidthGbps[from * RegionCount + to];

    /// <summary>Price per GB along the path.</summary>
    public double PricePerGbYuan(int from, int to) => _pricePerGb[from * RegionCount + to];

    /// <summary>Seconds to move <paramref name="sizeGiB"/> over the path: latency plus size over bandwidth.</summary>
    public double TransferSeconds(int from, int to, double sizeGiB)
    {
        if (sizeGiB <= 0) return 0;
        const double GigabitsPerGiB = 8.589934592;
        return LatencyMs(from, to) / 1000.0 + sizeGiB * GigabitsPerGiB / BandwidthGbps(from, to);
    }
}
