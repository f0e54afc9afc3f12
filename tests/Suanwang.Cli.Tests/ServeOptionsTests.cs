using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>The folders and hosts <c>suanwang serve</c> may be told to allow are checked before anything starts.</summary>
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
}
