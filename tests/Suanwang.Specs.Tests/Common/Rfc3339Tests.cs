using Suanwang.Specs.Common;

namespace Suanwang.Specs.Tests.Common;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-12-01T00:00:00+08:00", 2026, 12, 1, 0, 8 * 60)]
    [InlineData("2026-12-01T00:00:00Z", 2026, 12, 1, 0, 0)]
    [InlineData("2026-12-01T00:00:00.250-05:30", 2026, 12, 1, 250, -(5 * 60 + 30))]
    public void A_time_with_seconds_and_an_offset_is_read(string text, int year, int month, int day, int milliseconds, int offsetMinutes)
    {
        Assert.True(Rfc3339.TryParse(text, out DateTimeOffset time));
        Assert.Equal(new DateTimeOffset(year, month, day, 0, 0, 0, milliseconds, TimeSpan.FromMinutes(offsetMinutes)), time);
    }

    [Theory]
    [InlineData("2026-12-01T00:00:00")]
    [InlineData("2026-12-01T00:00+08:00")]
    [InlineData("2026-12-01 00:00:00+08:00")]
    [InlineData("2026-12-01T00:00:00+15:00")]
    [InlineData("2026-12-01T00:00:00+0800")]
    [InlineData("0001-01-01T00:00:00+08:00")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("next tuesday at noon, UTC")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
    }
}
