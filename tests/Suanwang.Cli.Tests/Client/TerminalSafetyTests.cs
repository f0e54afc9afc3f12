using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Tests.Client;

/// <summary>
/// Text someone else wrote reaches the terminal escaped: a job name or argument with <c>\e]0;…\a</c> (retitle the
/// window), <c>\e[2J</c> (clear the screen) or U+202E (reverse what follows) is printed as those visible characters.
/// </summary>
public sealed class TerminalSafetyTests : IDisposable
{
    private const string Title = "\u001b]0;pwned\u0007";
    private const string Clear = "\u001b[2J";
    private const string Reverse = "\u202e";
    private const string Csi = "\u009b"; // the C1 form of ESC [

    private readonly ClientShell _shell = new();

    public void Dispose() => _shell.Dispose();

    /// <summary>Nothing a terminal would act on but the line breaks of the output itself.</summary>
    private static void AssertPrintable(string output)
    {
        var unsafeChars = output.Where(c => c != '\n' && TerminalText.IsUnsafe(c)).Distinct().Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(unsafeChars.Count == 0, $"raw control characters {string.Join(", ", unsafeChars)} in:\n{output}");
    }

    private static JobView HostileJob(string id = "j-1") => Canned.Job(id, JobState.Running, "qingyang", name: $"train{Title}", tenant: $"acme{Clear}") with
    {
        Reason = $"running{Reverse}txt.exe",
        Spec = Canned.Spec with { Command = ["sh", "-c", $"echo {Clear}{Csi}31m"] },
    };

    [Fact]
    public void Job_prints_names_arguments_tenants_and_reasons_escaped()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), HostileJob());
        _shell.Broker.Json<IReadOnlyList<JobEventView>>(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobEvents, "j-1"),
            [new JobEventView(1, null, JobState.Submitted, Canned.Now, $"submitted by {Title}", 1)]);
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobMetering, "j-1"), 404, "Not found");

        var result = _shell.Run("job", "j-1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertPrintable(result.Out);
        Assert.Contains(@"train\x1b]0;pwned\x07", result.Out);
        Assert.Contains(@"tenant acme\x1b[2J", result.Out);
        Assert.Contains(@"echo \x1b[2J\x9b31m", result.Out);
        Assert.Contains(@"running\u202etxt.exe", result.Out);
        Assert.Contains(@"submitted by \x1b]0;pwned\x07", result.Out);
    }

    [Fact]
    public void Jobs_centers_and_cancel_print_escaped()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([HostileJob()], $"next{Clear}"));
        _shell.Broker.Json<IReadOnlyList<CenterView>>(HttpMethod.Get, ApiRoutes.Centers, [Canned.Center(name: $"Qingyang{Title}", nameZh: Reverse)]);
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.With(ApiRoutes.JobCancel, "j-1"), HostileJob() with { CenterId = $"qingyang{Csi}" });

        foreach (var result in new[] { _shell.Run("jobs"), _shell.Run("centers"), _shell.Run("cancel", "j-1") })
        {
            Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
            AssertPrintable(result.Out);
            AssertPrintable(result.Error);
        }
        Assert.Contains(@"\x1b]0;pwned\x07", _shell.Run("jobs").Out);
        Assert.Contains(@"--cursor next\x1b[2J", _shell.Run("jobs").Error);
        Assert.Contains(@"Qingyang\x1b]0;pwned\x07 \u202e", _shell.Run("centers").Out);
    }

    [Fact]
    public void A_state_that_is_no_job_state_is_refused_as_not_the_APIs_answer_and_nothing_of_it_reaches_the_terminal()
    {
        // Job states are a closed set: a broker (or anything posing as one) that answers another is not read at all.
        string answer = System.Text.Json.JsonSerializer.Serialize(HostileJob(), Suanwang.Api.Client.ApiJson.Options)
            .Replace("\"state\":\"Running\"", $"\"state\":\"Cancelling{Csi}\"", StringComparison.Ordinal);
        Assert.Contains("Cancelling", answer);
        _shell.Broker.On(HttpMethod.Post, ApiRoutes.With(ApiRoutes.JobCancel, "j-1"),
            _ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(answer, System.Text.Encoding.UTF8, "application/json") });

        var result = _shell.Run("cancel", "j-1");

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        AssertPrintable(result.Out);
        AssertPrintable(result.Error);
        Assert.Contains("is not the Suanwang API's JSON", result.Error);
        Assert.DoesNotContain("Cancelling", result.Out + result.Error);
    }

    [Fact]
    public void The_brokers_refusals_are_printed_escaped()
    {
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), 404, "Not found", $"no job '{Clear}'",
            new Dictionary<string, string[]> { [$"name{Title}"] = [$"bad{Reverse}"] });

        var result = _shell.Run("job", "j-1");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        AssertPrintable(result.Error);
        Assert.Contains(@"no job '\x1b[2J'", result.Error);
        Assert.Contains(@"name\x1b]0;pwned\x07: bad\u202e", result.Error);
    }

    [Fact]
    public void Json_output_carries_the_text_with_jsons_own_escapes()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), HostileJob());
        _shell.Broker.Json<IReadOnlyList<JobEventView>>(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobEvents, "j-1"), []);
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobMetering, "j-1"), 404, "Not found");

        var result = _shell.Run("job", "j-1", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        AssertPrintable(result.Out);
        ContractAssert.RoundTrips(new Commands.Client.JobCommand.JobDetails(HostileJob(), [], null), result.Out);
    }

    [Fact]
    public void Logs_into_a_file_or_pipe_are_the_jobs_output_unchanged()
    {
        string output = $"epoch 1\r\n{Clear}{Title}progress 50%\rprogress 100%\n\tdone{Reverse}\n";
        _shell.Broker.JsonInTurn(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobOutput, "j-1"), new OutputView("j-1", OutputStream.Stdout, output, output.Length, true));

        var result = _shell.Run("logs", "j-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(output, result.Out);
    }

    [Fact]
    public void Logs_on_a_terminal_keep_lines_and_tabs_and_escape_the_rest()
    {
        // Two slices, the second beginning with the \n of a \r\n the first ends with.
        _shell.Broker.JsonInTurn(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobOutput, "j-1"),
            new OutputView("j-1", OutputStream.Stdout, $"epoch 1\r", 8, false),
            new OutputView("j-1", OutputStream.Stdout, $"\n{Clear}{Title}50%\r100%\n\tdone{Reverse}\n", 40, true));
        _shell.Terminal = true;

        var result = _shell.Run("logs", "j-1", "--follow");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("epoch 1\r\n" + @"\x1b[2J\x1b]0;pwned\x0750%\x0d100%" + "\n\tdone" + @"\u202e" + "\n", result.Out);
    }
}
