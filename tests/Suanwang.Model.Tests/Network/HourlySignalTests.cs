using Suanwang.Model.Network;

namespace Suanwang.Model.Tests.Network;

public class HourlySignalTests
{
    private static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_dated_series_answers_hour_by_hour_and_repeats_outside_its_range()
    {
        var signal = new HourlySignal(Start, [100, 200, 300], SignalProvenance.Measured, "test");
        Assert.Equal(200, signal.ValueAt(Start.AddHours(1.5)));
        Assert.Equal(100, signal.ValueAt(Start.AddHours(3)));   // wraps forward
        Assert.Equal(300, signal.ValueAt(Start.AddHours(-1)));  // and backward (a 2017 trace on a 2021 series)
    }

    [Fact]
    public void A_flat_signal_is_the_same_at_every_hour()
    {
        var signal = HourlySignal.Flat(540, SignalProvenance.Annual, "MEE 2022");
        Assert.Equal(540, signal.ValueAt(DateTimeOffset.UnixEpoch));
        Assert.Equal(540, signal.ValueAt(Start.AddYears(5)));
    }
}
