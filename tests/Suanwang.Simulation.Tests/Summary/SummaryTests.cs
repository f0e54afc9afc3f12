using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Engine;
using Suanwang.Simulation.Summary;
using Suanwang.Testing;

namespace Suanwang.Simulation.Tests.Summary;

public class SummaryTests
{
    [Theory]
    [InlineData(new[] { 2.0, 2.0, 2.0 }, 1.0)]
    [InlineData(new[] { 1.0, 0.0, 0.0, 0.0 }, 0.25)]   // one tier bears it all: 1/n
    [InlineData(new[] { 1.0, 3.0 }, 0.8)]              // (1+3)² / (2 × (1+9))
    public void Jain_index_is_the_square_of_the_sum_over_n_times_the_sum_of_squares(double[] values, double expected) =>
        Assert.Equal(expected, SummaryBuilder.JainIndex(values), 12);

    [Fact]
    public void Every_figure_in_the_summary_has_a_definition()
    {
        foreach (var key in new[] { "completionSeconds", "waitSeconds", "carbonKg", "waterLitres", "westernShare", "fairness.jainIndexOfTierSlowdowns", "versusBounds", "rejectedDeadlineOrPrice" })
            Assert.True(SummaryBuilder.Definitions.ContainsKey(key), key);
    }

    [Fact]
    public void A_policy_s_water_is_the_IT_energy_of_what_ran_times_each_center_s_WUE()
    {
        // PUE 1.25 everywhere; "wet" cools with 2 L per IT kWh, "dry" with none. The jobs run shorter than estimated:
        // water follows what ran, as energy does.
        var network = A.Network().Region("east")
            .Center("wet", "east", c => c.GpuPool("v100", 8, 1).Pue(1.25).Wue(2.0))
            .Center("dry", "east", c => c.GpuPool("v100", 8, 1).Pue(1.25).Wue(0))
            .Build();
        var arrivals = new[]
        {
            new SimulationArrival(A.Job("a").NeedsGpus(8).ReferenceHours(2).OnlyOn("wet"), A.Noon, 1.5),
            new SimulationArrival(A.Job("b").NeedsGpus(8).ReferenceHours(2).OnlyOn("dry"), A.Noon, 1.5),
        };
        var compiled = new CompiledNetwork(network);
        var policy = PolicyCatalog.Create("suanwang");
        var metrics = new Simulator(compiled, policy).Run(arrivals);

        var summary = SummaryBuilder.Build(policy, metrics, compiled, new LowerBounds(1, 1, 1, 2, []));

        double wetItKwh = metrics.EnergyKwh / 2 / 1.25; // the two runs draw the same power for the same time
        Assert.Equal(wetItKwh * 2.0, summary.WaterLitres, 9);
        Assert.True(summary.WaterLitres > 0);
    }
}
