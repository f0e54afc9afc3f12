using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Objectives;

/// <summary>
/// Water: the site water a center's cooling uses for the run, litres — IT energy × the center's water usage
/// effectiveness (WUE, The Green Grid). Weighs nothing by default; <c>suanwang:water=0.5</c> weighs it.
/// </summary>
public sealed class WaterObjective : IObjective
{
    /// <summary>The objective's name.</summary>
    public const string ObjectiveName = "water";

    private const double WaterFloor = 0.01; // litre: a dry-cooled site's zero still has a logarithm
    private static readonly double LogFloor = Math.Log(WaterFloor);

    /// <inheritdoc />
    public string Name => ObjectiveName;
    /// <inheritdoc />
    public LossCode Code => LossCode.MoreWater;
    /// <inheritdoc />
    public string Unit => "L";
    /// <inheritdoc />
    public double Floor => WaterFloor;

    /// <inheritdoc />
    public double Value(in CandidateEstimate candidate, JobContext job) => candidate.WaterLitres;

    /// <inheritdoc />
    public string LossText(in CandidateEstimate loser) => "uses more water";

    /// <summary>At least the devices' power × run hours × WUE (WUE does not vary by hour).</summary>
    public void AddLowerBounds(PoolBounds pools, double weight, Span<double> scores)
    {
        var pool = pools.Pools;
        var logUnitHours = pools.LogUnitHours;
        var logUnitWater = pools.Network.PoolLogUnitWater;
        for (int k = 0; k < pool.Length; k++)
            scores[k] += weight * PoolBounds.Larger(LogFloor, logUnitHours[k] + logUnitWater[pool[k]]);
    }
}
