using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Objectives;

/// <summary>Carbon: facility energy × the grid's intensity over the run's hours, grams CO₂.</summary>
public sealed class CarbonObjective : IObjective
{
    /// <summary>The objective's name.</summary>
    public const string ObjectiveName = "carbon";

    private const double CarbonFloor = 1.0; // gram: fully renewable power still has a logarithm
    private static readonly double LogFloor = Math.Log(CarbonFloor);

    /// <inheritdoc />
    public string Name => ObjectiveName;
    /// <inheritdoc />
    public LossCode Code => LossCode.MoreCarbon;
    /// <inheritdoc />
    public string Unit => "g CO₂";
    /// <inheritdoc />
    public double Floor => CarbonFloor;

    /// <inheritdoc />
    public double Value(in CandidateEstimate candidate, JobContext job) => candidate.CarbonGrams;

    /// <inheritdoc />
    public string LossText(in CandidateEstimate loser) => "emits more CO₂";

    /// <summary>At least the devices' power at the center's cleanest hour.</summary>
    public void AddLowerBounds(PoolBounds pools, double weight, Span<double> scores)
    {
        var pool = pools.Pools;
        var logUnitHours = pools.LogUnitHours;
        var logUnitCarbon = pools.Network.PoolLogUnitCarbonMin;
        for (int k = 0; k < pool.Length; k++)
            scores[k] += weight * PoolBounds.Larger(LogFloor, logUnitHours[k] + logUnitCarbon[pool[k]]);
    }
}
