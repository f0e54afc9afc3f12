using Suanwang.Model.Jobs;
using Suanwang.Placement.Network;

namespace Suanwang.Placement.Estimation;

/// <summary>Cost, energy, carbon, renewable share and water of one run.</summary>
/// <param name="CostYuan">Compute cost (price × hours × hour-of-day multiplier) plus transfer cost.</param>
/// <param name="EnergyKwh">Facility energy: (accelerator board power + CPU power) × hours × PUE.</param>
/// <param name="CarbonGrams">Energy × the grid's mean intensity over the run's hours.</param>
/// <param name="RenewableShare">Mean renewable share over the run's hours.</param>
/// <param name="WaterLitres">Site water: IT energy (facility energy ÷ PUE) × the center's WUE.</param>
public readonly record struct RunMetering(double CostYuan, double EnergyKwh, double CarbonGrams, double RenewableShare, double WaterLitres);

/// <summary>
/// Meters a run on a pool from its start and run time. The core uses it for predictions; the
/// simulator and the broker use it for what actually ran, so estimates and actuals are computed the
/// same way and can be compared.
/// </summary>
public static class RunMeter
{
    /// <summary>Meters <paramref name="resources"/> on <paramref name="pool"/> over [start, start + runtime).</summary>
    public static RunMetering Measure(CompiledNetwork network, int pool, ResourceRequest resources, double startSeconds, double runtimeSeconds, double transferCostYuan) =>
        Measure(network, pool, resources, startSeconds, runtimeSeconds, transferCostYuan, withRenewableShare: true);

    /// <summary>
    /// The transfer cost inside a plan's cost: the plan's cost less what its compute cost over its planned
    /// hours. Metering a real run keeps this part as planned (the data moved whatever the run did) and
    /// prices the compute over the hours it really ran.
    /// </summary>
    public static double TransferCostOf(CompiledNetwork network, int pool, ResourceRequest resources, double plannedStartSeconds, double plannedRuntimeSeconds, double plannedCostYuan) =>
        Math.Max(0, plannedCostYuan - Measure(network, pool, resources, plannedStartSeconds, plannedRuntimeSeconds, 0, withRenewableShare: false).CostYuan);

    /// <summary>As <see cref="Measure(CompiledNetwork, int, ResourceRequest, double, double, double)"/>; ranking skips the renewable share (no policy ranks by it), leaving it NaN.</summary>
    public static RunMetering Measure(CompiledNetwork network, int pool, ResourceRequest resources, double startSeconds, double runtimeSeconds, double transferCostYuan, bool withRenewableShare)
    {
        int center = network.PoolCenter[pool];
        int model = network.PoolModel[pool];
        double end = startSeconds + runtimeSeconds;
        double hours = runtimeSeconds / 3600.0;
        double cpuWatts = resources.Cpus * network.CenterCpuWattsPerCore[center];
        double itKw = (network.PoolIsCpu[pool] ? cpuWatts : resources.AcceleratorCount * network.ModelBoardWatts[model] + cpuWatts) / 1000.0;
        double facilityKw = itKw * network.CenterPue[center];
        double energyKwh = facilityKw * hours;
        double hourlyPrice = resources.AcceleratorCount * network.PoolPricePerAcceleratorHour[pool] + resources.Cpus * network.PoolPricePerCpuHour[pool];
        // price × ∫multiplier dt and power × ∫intensity dt: integrals in value·seconds, so no division per run.
        const double HoursPerSecond = 1.0 / 3600.0;
        double cost = runtimeSeconds > 0
            ? hourlyPrice * network.PriceShape[center].Integral(startSeconds, end) * HoursPerSecond + transferCostYuan
            : transferCostYuan;
        double carbon = facilityKw * network.Carbon[center].Integral(startSeconds, end) * HoursPerSecond;
        double renewable = withRenewableShare ? network.Renewable[center].Mean(startSeconds, end) : double.NaN;
        // WUE is per kWh of IT energy, not of facility energy (The Green Grid's definition).
        double water = itKw * hours * network.CenterWue[center];
        return new RunMetering(cost, energyKwh, carbon, renewable, water);
    }
}
