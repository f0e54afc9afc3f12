using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;

namespace Suanwang.Placement.Objectives;

/// <summary>Cost: compute over the run's hours plus data transfer, yuan.</summary>
public sealed class CostObjective : IObjective
{
    /// <summary>The objective's name.</summary>
    public const string ObjectiveName = "cost";

    private const double CostFloor = 0.01; // yuan
    private static readonly double LogFloor = Math.Log(CostFloor);

    /// <inheritdoc />
    public string Name => ObjectiveName;
    /// <inheritdoc />
    public LossCode Code => LossCode.Costlier;
    /// <inheritdoc />
    public string Unit => "yuan";
    /// <inheritdoc />
    public double Floor => CostFloor;

    /// <inheritdoc />
    public double Value(in CandidateEstimate candidate, JobContext job) => candidate.CostYuan;

    /// <inheritdoc />
    public string LossText(in CandidateEstimate loser) => "costs more";

    /// <summary>At least the cheapest hour's compute and at least the transfer.</summary>
    public void AddLowerBounds(PoolBounds pools, double weight, Span<double> scores)
    {
        var pool = pools.Pools;
        var logUnitHours = pools.LogUnitHours;
        var network = pools.Network;
        var region = network.PoolRegion;
        var logUnitCost = network.PoolLogUnitCostMin;
        var logTransferCost = pools.Job.LogTransferCostYuanByRegion;
        for (int k = 0; k < pool.Length; k++)
        {
            int p = pool[k];
            double logCost = PoolBounds.Larger(logUnitHours[k] + logUnitCost[p], logTransferCost[region[p]]);
            scores[k] += weight * PoolBounds.Larger(LogFloor, logCost);
        }
    }
}
