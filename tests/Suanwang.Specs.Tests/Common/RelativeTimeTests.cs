using Suanwang.Specs.Common;

namespace Suanwang.Specs.Tests.Common;

public sealed class RelativeTimeTests
{
    [Theory]
    [InlineData("+36h", 36 * 3600)]
    [InlineData("+2h", 2 * 3600)]
    [InlineData("+90m", 90 * 60)]
    [InlineData("+45s", 45)]
    [InlineData("+7d", 7 * 86_400)]
    [InlineData("+1d12h", 36 * 3600)]
    [InlineData("+1h30m", 90 * 60)]
    [InlineData("+1d2h3m4s", 86_400 + 2 * 3600 + 3 * 60 + 4)]
    [InlineData("+0d6h", 6 * 3600)]
    [InlineData("+3650d", 3650L * 86_400)]
    public void A_relative_time_counts_from_now(string text, long seconds)
    {
        Assert.True(RelativeTime.TryParse(text, A.Now, out DateTimeOffset time, out string error), error);
        Assert.Equal(A.Now.AddSeconds(seconds), time);
    }

    [Theory]
    [InlineData("+", "gives no amount")]
    [InlineData("+-3h", "counts back from submission")]
    [InlineData("-3h", "counts back from submission")]
    [InlineData("36h", "needs a '+' in front to count from submission (+36h)")]
    [InlineData("+3x", "'x' is not a unit; use d, h, m or s")]
    [InlineData("+3H", "'H' is not a unit")]
    [InlineData("+3hours", "'hours' is not a unit")]
    [InlineData("+3", "needs a unit after 3")]
    [InlineData("+1d12", "needs a unit after 12")]
    [InlineData("+1.5h", "amounts are whole numbers")]
    [InlineData("+ 3h", "expected a whole amount")]
    [InlineData("+12h1d", "each unit once, largest first")]
    [InlineData("+1h1h", "each unit once, largest first")]
    [InlineData("+0h", "is the submission time itself")]
    [InlineData("+0d0s", "is the submission time itself")]
    [InlineData("+3651d", "more than 87600 hours after submission; at most +3650d")]
    [InlineData("+99999999999999999999d", "more than 87600 hours")]
    [InlineData("+9999999999s", "more than 87600 hours")]
    public void A_malformed_relative_time_says_what_to_write(string text, string message)
    {
        Assert.False(RelativeTime.TryParse(text, A.Now, out _, out string error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_time_past_the_end_of_the_calendar_is_an_error_not_a_crash()
    {
        Assert.False(RelativeTime.TryParse("+1d", DateTimeOffset.MaxValue.AddHours(-1), out _, out string error));
        Assert.Contains("past the end of the calendar", error);
    }

    [Theory]
    [InlineData("+36h", true)]
    [InlineData("+", true)]
    [InlineData("-3h", true)]
    [InlineData("36h", true)]
    [InlineData("1d12h", true)]
    [InlineData("2026-12-01T00:00:00+08:00", false)]
    [InlineData("2026-12-01", false)]
    [InlineData("tomorrow", false)]
    [InlineData("h", false)]
    public void Only_text_meant_as_a_relative_time_is_read_as_one(string text, bool relative)
    {
        Assert.Equal(relative, RelativeTime.LooksRelative(text));
    }
}
