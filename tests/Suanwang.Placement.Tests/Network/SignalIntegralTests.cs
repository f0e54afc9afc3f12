using Suanwang.Placement.Network;

namespace Suanwang.Placement.Tests.Network;

public class SignalIntegralTests
{
    [Fact]
    public void Mean_over_whole_hours_is_the_mean_of_those_hours()
    {
        var signal = new SignalIntegral([100, 200, 300, 400], 0);
        Assert.Equal(250, signal.Mean(3600, 3 * 3600), 9);
    }

    [Fact]
    public void Mean_over_part_hours_weights_by_time()
    {
        var signal = new SignalIntegral([100, 200], 0);
        // 30 min at 100 then 60 min at 200 → (50 + 200) / 1.5 h
        Assert.Equal(250 / 1.5, signal.Mean(1800, 7200), 9);
    }

    [Fact]
    public void The_signal_repeats_with_its_own_length_in_both_directions()
    {
        var signal = new SignalIntegral([100, 200, 300], 0);
        Assert.Equal(200, signal.ValueAt(3 * 3600 * 5 + 3600));
        Assert.Equal(300, signal.ValueAt(-1));
        Assert.Equal(200, signal.Mean(-3 * 3600, 0), 9);
    }

    [Fact]
    public void A_flat_signal_is_flat()
    {
        var signal = new SignalIntegral([42], 0);
        Assert.True(signal.IsFlat);
        Assert.Equal(42, signal.Mean(123, 999999));
    }
}
