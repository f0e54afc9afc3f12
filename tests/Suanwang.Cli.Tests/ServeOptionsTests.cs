using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary><c>suanwang serve</c> refuses bad options before it starts anything.</summary>
public sealed class ServeOptionsTests
{
    [Theory]
    [InlineData("0-100", "must not include 0: jobs never run as root")]
    [InlineData("2000-1000", "above its last")]
    [InlineData("lots", "is not a range of user ids FIRST-LAST")]
    public void A_job_uid_range_that_would_run_jobs_as_root_or_is_not_a_range_is_refused(string range, string message)
    {
        string data = Path.Combine(Path.GetTempPath(), $"suanwang-serve-{Guid.NewGuid():N}");

        var result = Shell.Run("serve", "--data", data, "--job-uids", range);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--job-uids", result.Error);
        Assert.Contains(message, result.Error);
        Assert.False(Directory.Exists(data)); // nothing was started or made
    }
}
