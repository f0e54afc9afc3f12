using System.CommandLine;
using System.Text.RegularExpressions;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests.Client;

/// <summary>The client verbs' help, pinned by snapshot files like the other verbs' (Snapshots/suanwang-VERB[-SUB].txt).</summary>
public sealed class ClientHelpTests
{
    private static readonly string[] All =
    [
        "submit", "jobs", "job", "explain", "cancel", "logs",
        "centers", "centers show", "centers register", "centers drain", "centers resume", "centers remove",
        "usage", "tenants", "tenants list", "tenants create", "tokens", "tokens list", "tokens issue", "tokens revoke",
    ];

    public static TheoryData<string> Verbs => new(All);

    /// <summary>The verbs that talk to the broker (not the groups tenants and tokens).</summary>
    public static TheoryData<string> Leaves => new(All.Where(v => v is not ("tenants" or "tokens")));

    public static TheoryData<string> TopLevel => new("submit", "jobs", "job", "explain", "cancel", "logs", "centers", "usage", "tenants", "tokens");

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Each_client_verbs_help_matches_its_snapshot(string verb)
    {
        var result = Shell.Run([.. verb.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Snapshot.Matches($"suanwang-{verb.Replace(' ', '-')}.txt", MachineIndependent(result.Out));
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public void Each_client_verb_has_an_example_and_the_connection_options(string verb)
    {
        var result = Shell.Run([.. verb.Split(' '), "--help"]);

        Assert.Matches(new Regex($"(?m)^Examples?:\\n  suanwang {verb}\\b"), result.Out.ReplaceLineEndings("\n"));
        Assert.Contains("--broker <URL>", result.Out);
        Assert.Contains("--token <TOKEN>", result.Out);
        Assert.Contains("--json", result.Out);
    }

    [Theory]
    [MemberData(nameof(TopLevel))]
    public void Root_help_lists_every_client_verb(string verb)
    {
        var result = Shell.Run("--help");

        Assert.Matches(new Regex($"^  {verb}\\b", RegexOptions.Multiline), result.Out);
    }

    [Theory]
    [InlineData(ExitCodes.BrokerUnreachable, "4 broker unreachable or unavailable")]
    [InlineData(ExitCodes.NotAuthorised, "5 not authorised (401/403)")]
    [InlineData(ExitCodes.NotFound, "6 not found (404)")]
    [InlineData(ExitCodes.JobUnsuccessful, "7 the job failed or was cancelled (submit --wait)")]
    public void Root_help_documents_the_client_exit_codes(int code, string meaning)
    {
        var result = Shell.Run("--help");

        Assert.StartsWith(code.ToString(System.Globalization.CultureInfo.InvariantCulture), meaning);
        string exitCodes = result.Out.ReplaceLineEndings("\n").Split("Exit codes:")[1].Split("\n\n")[0];
        Assert.Contains(meaning, exitCodes);
    }

    [Fact]
    public void A_group_without_its_subcommand_exits_2_and_points_to_help()
    {
        var result = Shell.Run("tokens");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("suanwang COMMAND --help", result.Error);
    }

    private static string MachineIndependent(string help) =>
        help.Replace($"\n  {RootCommand.ExecutableName} ", "\n  suanwang ", StringComparison.Ordinal);
}
