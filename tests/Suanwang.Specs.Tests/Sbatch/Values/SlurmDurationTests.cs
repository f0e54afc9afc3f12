using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class SlurmDurationTests
{
    [Theory]
    [InlineData("90", 90 * 60)]
    [InlineData("12:00:00", 12 * 3600)]
    [InlineData("2-12", 2 * 86400 + 12 * 3600)]
    [InlineData("1-", 86400)]
    [InlineData("1-00:30", 86400 + 30 * 60)]
    public void Every_slurm_form_is_read(string text, int seconds)
    {
        Assert.True(SlurmDuration.TryParse(text, out TimeSpan? limit));
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit);
    }

    // Each as the real sbatch 22.05 enforces it (scontrol show job: TimeLimit).
    [Theory]
    [InlineData("00:00:10", 60)]
    [InlineData("0:1", 60)]
    [InlineData("0:30", 60)]
    [InlineData("5:30", 6 * 60)]
    [InlineData("90:59", 91 * 60)]
    [InlineData("01:02:03", 3600 + 3 * 60)]
    [InlineData("1:00:01", 3600 + 60)]
    [InlineData("2-12:30:15", 2 * 86400 + 12 * 3600 + 31 * 60)]
    [InlineData("1-0:0:1", 86400 + 60)]
    [InlineData("0-0:0:30", 60)]
    public void Seconds_round_the_limit_up_to_a_whole_minute_as_slurm_enforces_it(string text, int seconds)
    {
        Assert.True(SlurmDuration.TryParse(text, out TimeSpan? limit));
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit);
    }

    [Theory]
    [InlineData("UNLIMITED")]
    [InlineData("infinite")]
    [InlineData("0")]
    [InlineData("00:00:00")]
    [InlineData("0:0")]
    [InlineData("unlimited")]
    public void Unlimited_and_zero_mean_no_limit(string text)
    {
        Assert.True(SlurmDuration.TryParse(text, out TimeSpan? limit));
        Assert.Null(limit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:00:00:00")]
    [InlineData("-5")]
    [InlineData("1-2-3")]
    [InlineData("1h")]
    [InlineData("1.5")]
    [InlineData(" 10")]
    [InlineData("1-1:1:1:1")]
    [InlineData("9999999999")]
    public void Anything_else_is_not_a_time(string text)
    {
        Assert.False(SlurmDuration.TryParse(text, out _));
    }
}
