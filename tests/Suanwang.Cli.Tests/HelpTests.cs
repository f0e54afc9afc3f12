using System.CommandLine;
using System.Text.RegularExpressions;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>
/// The help text is the CLI's manual: it is pinned by snapshot files (Snapshots/*.txt), so any change to a
/// description, option or default shows up in review.
/// </summary>
public sealed partial class HelpTests
{
    public static TheoryData<string> Verbs => new("place", "simulate", "networks", "bench", "load", "serve");

    [Fact]
    public void Root_help_matches_its_snapshot()
    {
        var result = Shell.Run("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Snapshot.Matches("suanwang.txt", MachineIndependent(result.Out));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Each_verbs_help_matches_its_snapshot(string verb)
    {
        var result = Shell.Run(verb, "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Snapshot.Matches($"suanwang-{verb}.txt", MachineIndependent(result.Out));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Root_help_lists_every_verb(string verb)
    {
        var result = Shell.Run("--help");

        Assert.Matches(new Regex($"^  {verb}\\b", RegexOptions.Multiline), result.Out);
    }

    [Theory]
    [InlineData(ExitCodes.Success, "0 done")]
    [InlineData(ExitCodes.Failure, "1 failure")]
    [InlineData(ExitCodes.InvalidInput, "2 invalid input")]
    [InlineData(ExitCodes.Unplaceable, "3 no center can take the job")]
    public void Root_help_documents_every_exit_code(int code, string meaning)
    {
        var result = Shell.Run("--help");

        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), meaning);
        string exitCodes = Assert.Single(result.OutLines, l => l.TrimStart().StartsWith("Exit codes:", StringComparison.Ordinal));
        Assert.Contains(meaning, exitCodes);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Short_help_options_print_the_same_help(string option)
    {
        Assert.Equal(Shell.Run("--help").Out, Shell.Run(option).Out);
    }

    [Fact]
    public void The_start_here_examples_name_files_that_exist()
    {
        var result = Shell.Run("--help");

        foreach (Match example in ExampleFile().Matches(result.Out))
            Assert.True(File.Exists(Shell.Repo(example.Value.Split('/'))), $"the root help names {example.Value}, which is not in the repository");
    }

    [Fact]
    public void An_unknown_verb_exits_2_and_points_to_help()
    {
        var result = Shell.Run("frobnicate", "job.yaml");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("suanwang --help", result.Error);
    }

    /// <summary>
    /// What varies with the machine and not with the CLI: System.CommandLine names the root command after the
    /// running executable (here the test host; for users, <c>suanwang</c>), and simulate's --parallelism
    /// defaults to the processor count. The snapshots record <c>suanwang</c> and a placeholder.
    /// </summary>
    private static string MachineIndependent(string help) =>
        ParallelismDefault().Replace(
            help.Replace($"\n  {RootCommand.ExecutableName} ", "\n  suanwang ", StringComparison.Ordinal),
            "${option}[default: <processor count>]");

    [GeneratedRegex(@"(?<option>--parallelism <parallelism>\s+Policies replayed at once\. )\[default: \d+\]")]
    private static partial Regex ParallelismDefault();

    [GeneratedRegex(@"examples/\S+")]
    private static partial Regex ExampleFile();
}
