using Suanwang.Networks.Signals;

namespace Suanwang.Networks.Tests.Signals;

public sealed class DailyProfileTests
{
    private static HourlySeries TwoDays(Func<int, double> valueAtUtcHour) =>
        new(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), Enumerable.Range(0, 48).Select(h => valueAtUtcHour(h % 24)).ToArray(), 0);

    [Fact]
    public void The_shape_averages_one()
    {
        var shape = DailyProfile.MeanByLocalHour(new[] { TwoDays(h => 100 + h) }, 0);
        Assert.Equal(24, shape.Count);
        Assert.Equal(1.0, shape.Average(), 12);
    }

    [Fact]
    public void Local_hours_follow_the_offset()
    {
        // The peak is at 02:00 UTC, which is 12:00 at UTC+10.
        var shape = DailyProfile.MeanByLocalHour(new[] { TwoDays(h => h == 2 ? 10 : 1) }, 10);
        Assert.Equal(12, shape.ToList().IndexOf(shape.Max()));
    }

    [Fact]
    public void Negative_and_fractional_offsets_round_down_to_the_local_hour()
    {
        var west = DailyProfile.MeanByLocalHour(new[] { TwoDays(h => h == 2 ? 10 : 1) }, -3);
        Assert.Equal(23, west.ToList().IndexOf(west.Max()));
        var india = DailyProfile.MeanByLocalHour(new[] { TwoDays(h => h == 2 ? 10 : 1) }, 5.5);
        Assert.Equal(7, india.ToList().IndexOf(india.Max())); // 02:00 UTC = 07:30 local
    }

    [Fact]
    public void Several_series_are_averaged_together()
    {
        var shape = DailyProfile.MeanByLocalHour(new[] { TwoDays(h => h == 0 ? 3 : 1), TwoDays(h => 1) }, 0);
        Assert.Equal(2 / (25 / 24.0), shape[0], 12);
    }

    [Fact]
    public void Normalise_rejects_an_all_zero_shape() =>
        Assert.Throws<ArgumentException>(() => DailyProfile.Normalise(new double[24]));
}
