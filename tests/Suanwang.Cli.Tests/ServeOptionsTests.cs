using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary><c>suanwang serve</c> refuses bad options (folders and hosts to allow, job uids) before it starts anything.</summary>
public sealed class ServeOptionsTests
{
    [Fact]
    public void A_slurm_rest_host_that_is_no_host_address_or_block_and_a_relative_socket_folder_exit_2_naming_both()
    {
        using var data = new TempFolder();

        var result = Shell.Run("serve", "--data", data.Path, "--slurm-rest-host", "10.0.0.0/99", "--slurm-rest-host", "slurm.example.org",
            "--slurm-socket-dir", "run/slurmrestd");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--slurm-rest-host: Slurm REST hosts are host names, IP addresses or CIDR blocks (10.20.0.0/16), not '10.0.0.0/99'", result.Error);
        Assert.Contains("--slurm-socket-dir: slurmrestd socket folders must be absolute paths, not 'run/slurmrestd'", result.Error);
        Assert.DoesNotContain("slurm.example.org", result.Error);
        Assert.False(File.Exists(Path.Combine(data.Path, "suanwang.db")), "nothing may start on bad options");
    }

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
