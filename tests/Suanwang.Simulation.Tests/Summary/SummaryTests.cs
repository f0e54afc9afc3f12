using Suanwang.Simulation.Summary;

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
        foreach (var key in new[] { "completionSeconds", "waitSeconds", "carbonKg", "westernShare", "fairness.jainIndexOfTierSlowdowns", "versusBounds", "rejectedDeadlineOrPrice" })
            Assert.True(SummaryBuilder.Definitions.ContainsKey(key), key);
    }
}
