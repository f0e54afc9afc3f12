using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class SlurmTimeSpecTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) => new(2026, 6, day, hour, minute, second, Beijing);

    [Theory]
    [InlineData("now", 1, 9, 30, 0)]
    [InlineData("now+60", 1, 9, 31, 0)]
    [InlineData("now+90seconds", 1, 9, 31, 30)]
    [InlineData("now+10minutes", 1, 9, 40, 0)]
    [InlineData("now+1hour", 1, 10, 30, 0)]
    [InlineData("now+2hours", 1, 11, 30, 0)]
    [InlineData("now+1day", 2, 9, 30, 0)]
    [InlineData("now+1week", 8, 9, 30, 0)]
    [InlineData("today", 1, 0, 0, 0)]
    [InlineData("tomorrow", 2, 0, 0, 0)]
    [InlineData("midnight", 2, 0, 0, 0)]
    [InlineData("elevenses", 1, 11, 0, 0)]
    [InlineData("noon", 1, 12, 0, 0)]
    [InlineData("fika", 1, 15, 0, 0)]
    [InlineData("teatime", 1, 16, 0, 0)]
    [InlineData("16:00", 1, 16, 0, 0)]
    [InlineData("08:00", 2, 8, 0, 0)]
    [InlineData("8:00", 2, 8, 0, 0)]
    [InlineData("NOON", 1, 12, 0, 0)]
    [InlineData("23:59:30", 1, 23, 59, 30)]
    [InlineData("2026-06-05", 5, 0, 0, 0)]
    [InlineData("2026-06-05T14:30", 5, 14, 30, 0)]
    [InlineData("2026-06-05T14:30:15", 5, 14, 30, 15)]
    public void Each_supported_form_is_read_in_the_context_time_zone(string text, int day, int hour, int minute, int second)
    {
        Assert.True(SlurmTimeSpec.TryParse(text, A.Now, Beijing, out DateTimeOffset time));
        Assert.Equal(At(day, hour, minute, second), time);
        Assert.Equal(Beijing, time.Offset);
    }

    [Fact]
    public void A_clock_time_is_read_in_the_configured_zone_not_the_machines()
    {
        Assert.True(SlurmTimeSpec.TryParse("16:00", A.Now, TimeSpan.Zero, out DateTimeOffset time));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 16, 0, 0, TimeSpan.Zero), time);
    }

    [Theory]
    [InlineData("someday")]
    [InlineData("now-1hour")]
    [InlineData("now+")]
    [InlineData("now+5fortnights")]
    [InlineData("now+99999999999")]
    [InlineData("now+999999999weeks")]
    [InlineData("4pm")]
    [InlineData("06/05/26")]
    [InlineData("25:00")]
    [InlineData("2026-02-30")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(SlurmTimeSpec.TryParse(text, A.Now, Beijing, out _));
    }
}
