using System.CommandLine;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>
/// <c>suanwang bench slurm</c> needs real Slurm clusters and runs for minutes, so it is run by hand (its figures are
/// never asserted); what is pinned here is its help and that a bad command line is refused before anything starts.
/// </summary>
public sealed class BenchSlurmCommandTests
{
    [Fact]
    public void Its_help_matches_its_snapshot()
    {
        var result = Shell.Run("bench", "slurm", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Snapshot.Matches("suanwang-bench-slurm.txt", result.Out.Replace($"\n  {RootCommand.ExecutableName} ", "\n  suanwang ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_bench_help_lists_it()
    {
        var result = Shell.Run("bench", "--help");

        Assert.Matches(@"(?m)^  slurm\b", result.Out);
    }

    [Theory]
    [InlineData("--jobs", "0")]
    [InlineData("--clients", "0")]
    [InlineData("--clients", "1000")]
    [InlineData("--warmup", "-1")]
    [InlineData("--poll", "0")]
    [InlineData("--timeout", "0")]
    [InlineData("--pause", "-5")]
    public void An_invalid_option_exits_2_naming_it_and_starts_nothing(params string[] args)
    {
        var result = Shell.Run(["bench", "slurm", "--lab", Path.GetTempPath(), .. args]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(args[0], result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void A_lab_folder_without_clusters_exits_2_saying_what_it_expected()
    {
        using var folder = new TempFolder();

        var result = Shell.Run("bench", "slurm", "--lab", folder.Path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--lab", result.Error);
        Assert.Contains("slurm.conf", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void An_ssh_path_on_a_lab_without_24_11_clusters_exits_2_saying_what_it_expected()
    {
        using var folder = new TempFolder();
        // A 22.05 cluster's folder: the 24.11 paths measure only clusters with a login node (DIR/NAME/ssh).
        Directory.CreateDirectory(Path.Combine(folder.Path, "cpu"));
        File.WriteAllText(Path.Combine(folder.Path, "cpu", "slurm.conf"), "NodeName=n1 CPUs=4 RealMemory=4000\nPartitionName=batch Nodes=ALL Default=YES\n");

        var result = Shell.Run("bench", "slurm", "--lab", folder.Path, "--path", "ssh-24.11");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--lab", result.Error);
        Assert.Contains("no Slurm 24.11 cluster", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void An_unknown_path_exits_2_listing_the_known_ones()
    {
        var result = Shell.Run("bench", "slurm", "--lab", Path.GetTempPath(), "--path", "rest-23.11");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("rest-23.11", result.Error);
        Assert.Contains("ssh-24.11", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void A_lab_folder_that_does_not_exist_exits_2()
    {
        var result = Shell.Run("bench", "slurm", "--lab", Path.Combine(Path.GetTempPath(), $"no-such-lab-{Guid.NewGuid():N}"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
    }
}
