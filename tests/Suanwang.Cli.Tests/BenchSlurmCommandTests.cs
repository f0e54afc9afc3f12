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
    public void A_lab_folder_that_does_not_exist_exits_2()
    {
        var result = Shell.Run("bench", "slurm", "--lab", Path.Combine(Path.GetTempPath(), $"no-such-lab-{Guid.NewGuid():N}"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
    }
}
