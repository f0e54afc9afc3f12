using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class SlurmDurationTests
{
    [Theory]
    [InlineData("90", 90 * 60)]
    [InlineData("5:30", 5 * 60 + 30)]
    [InlineData("12:00:00", 12 * 3600)]
    [InlineData("01:02:03", 3600 + 2 * 60 + 3)]
    [InlineData("2-12", 2 * 86400 + 12 * 3600)]
    [InlineData("1-00:30", 86400 + 30 * 60)]
    [InlineData("3-01:02:03", 3 * 86400 + 3600 + 2 * 60 + 3)]
    [InlineData("0-0:0:1", 1)]
    public void Every_slurm_form_is_read(string text, int seconds)
    {
        Assert.True(SlurmDuration.TryParse(text, out TimeSpan? limit));
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit);
    }

    [Theory]
    [InlineData("UNLIMITED")]
    [InlineData("infinite")]
    [InlineData("0")]
    [InlineData("00:00:00")]
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
