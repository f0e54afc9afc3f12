using Suanwang.Simulation.Metrics;

namespace Suanwang.Simulation.Tests.Metrics;

public class LogHistogramTests
{
    [Fact]
    public void Percentiles_are_within_one_percent_and_the_mean_is_exact()
    {
        var histogram = new LogHistogram();
        var values = Enumerable.Range(1, 10000).Select(i => i * 3.7).ToList();
        foreach (var v in values) histogram.Add(v);
        Assert.Equal(values.Average(), histogram.Mean, 6);
        foreach (var q in new[] { 0.5, 0.95, 0.99 })
        {
            double exact = values[(int)Math.Ceiling(q * values.Count) - 1];
            Assert.InRange(histogram.Quantile(q), exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public void Sub_second_values_fall_in_the_first_bucket_and_the_cdf_ends_at_one()
    {
        var histogram = new LogHistogram();
        histogram.Add(0.2);
        histogram.Add(5);
        var cdf = histogram.Cdf();
        Assert.Equal(0.5, cdf[0].Fraction);
        Assert.Equal(1.0, cdf[^1].Fraction);
        Assert.True(histogram.Quantile(0.5) < 1);
    }
}
