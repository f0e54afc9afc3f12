using System.Net;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Tests.Support;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Tests.Client;

/// <summary><c>suanwang submit FILE</c> against a fake broker: what is sent, what is printed, how it exits.</summary>
public sealed class SubmitCommandTests : IDisposable
{
    private readonly ClientShell _shell = new();

    public void Dispose() => _shell.Dispose();

    private static string Example(string name) => Shell.Repo("examples", "jobs", name);

    private static SubmitResult Submitted(params JobView[] jobs) => new(jobs, false);

    [Fact]
    public void Prints_the_job_id_and_sends_the_spec_as_yaml_with_its_file_name_key_and_token()
    {
        _shell.Broker.On(HttpMethod.Post, ApiRoutes.Jobs, _ => FakeBroker.JsonAnswer(Submitted(Canned.Job("j-1")), HttpStatusCode.Created));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("j-1\n", result.Out.ReplaceLineEndings("\n"));
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal(SpecMediaTypes.Yaml, sent.ContentType);
        Assert.Equal(File.ReadAllText(Example("finetune-7b.yaml")), sent.Body);
        Assert.Equal("finetune-7b.yaml", sent.Header(ApiRoutes.SourceHeader));
        Assert.Equal($"Bearer {ClientShell.Token}", sent.Authorization);
        Assert.Matches("^[0-9a-f]{32}$", sent.Header(ApiRoutes.IdempotencyKeyHeader));
    }

    [Fact]
    public void A_slurm_script_goes_as_a_shell_script_and_an_array_prints_one_id_per_line()
    {
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(Canned.Job("j-1_0"), Canned.Job("j-1_1")));

        var result = _shell.Run("submit", Example("ddp-train.sbatch"), "--idempotency-key", "nightly-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["j-1_0", "j-1_1", ""], result.OutLines);
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal(SpecMediaTypes.Script, sent.ContentType);
        Assert.Equal("nightly-1", sent.Header(ApiRoutes.IdempotencyKeyHeader));
    }

    [Fact]
    public void Dash_reads_the_spec_from_standard_input()
    {
        _shell.Input = "{\"name\": \"tiny\"}";
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(Canned.Job("j-7")));

        var result = _shell.Run("submit", "-");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal(SpecMediaTypes.Json, sent.ContentType);
        Assert.Equal("stdin", sent.Header(ApiRoutes.SourceHeader));
        Assert.Equal(_shell.Input, sent.Body);
    }

    [Fact]
    public void A_replayed_submission_says_so_on_stderr_and_still_prints_the_ids()
    {
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, new SubmitResult([Canned.Job("j-1")], Replayed: true));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--idempotency-key", "k1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("j-1", result.OutLines[0]);
        Assert.Contains("'k1' was used before", result.Error);
    }

    [Fact]
    public void Json_output_round_trips_to_the_contract()
    {
        var answer = Submitted(Canned.Job("j-1"));
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, answer);

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(answer, result.Out);
    }

    [Fact]
    public void An_invalid_spec_exits_2_listing_each_location_and_reason_and_prints_nothing_on_stdout()
    {
        _shell.Broker.Problem(HttpMethod.Post, ApiRoutes.Jobs, 400, "invalid job spec", "train.sbatch has 2 problems", new Dictionary<string, string[]>
        {
            ["resources.accelerators.count"] = ["must be at least 1"],
            ["line 4 (#SBATCH --gres=gpu:x)"] = ["'x' is not a number of GPUs", "use --gres=gpu:N"],
        });

        var result = _shell.Run("submit", Example("ddp-train.sbatch"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(
            [
                "error: invalid job spec (400): train.sbatch has 2 problems",
                "  resources.accelerators.count: must be at least 1",
                "  line 4 (#SBATCH --gres=gpu:x): 'x' is not a number of GPUs",
                "  line 4 (#SBATCH --gres=gpu:x): use --gres=gpu:N",
                "",
            ],
            result.Error.ReplaceLineEndings("\n").Split('\n'));
    }

    [Theory]
    [InlineData(ApiRoutes.Jobs)]
    [InlineData(ApiRoutes.DryRun)]
    public void A_valid_spec_the_broker_says_no_center_could_ever_run_exits_3_with_each_reason(string route)
    {
        _shell.Broker.Problem(HttpMethod.Post, route, 422, "No center can run this job", "no center in the network could ever run job 'x'", new Dictionary<string, string[]>
        {
            ["centers qingyang, wuhu"] = ["pool 'cpu' holds 0 accelerators"],
        });

        var result = _shell.Run(route == ApiRoutes.DryRun ? ["submit", Example("finetune-7b.yaml"), "--dry-run"] : ["submit", Example("finetune-7b.yaml")]);

        Assert.Equal(ExitCodes.Unplaceable, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(
            [
                "error: No center can run this job (422): no center in the network could ever run job 'x'",
                "  centers qingyang, wuhu: pool 'cpu' holds 0 accelerators",
                "",
            ],
            result.Error.ReplaceLineEndings("\n").Split('\n'));
    }

    [Theory]
    [InlineData(ApiRoutes.Jobs)]
    [InlineData(ApiRoutes.DryRun)]
    public void A_submission_over_a_limit_exits_8_with_the_brokers_reason_and_when_to_retry_and_is_not_retried(string route)
    {
        _shell.Broker.Problem(HttpMethod.Post, route, 429, "Limit reached", "tenant 'busy' has 100,000 unfinished jobs; its limit is 100,000",
            retryAfter: TimeSpan.FromSeconds(60));

        var result = _shell.Run(route == ApiRoutes.DryRun ? ["submit", Example("finetune-7b.yaml"), "--dry-run"] : ["submit", Example("finetune-7b.yaml")]);

        Assert.Equal(ExitCodes.LimitReached, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("error: Limit reached (429): tenant 'busy' has 100,000 unfinished jobs; its limit is 100,000; retry after 1 min",
            result.Error.TrimEnd());
        Assert.Single(_shell.Broker.Requests);
    }

    [Fact]
    public void A_missing_file_exits_2_without_asking_the_broker()
    {
        var result = _shell.Run("submit", Path.Combine(_shell.Home.Path, "nowhere.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("nowhere.yaml", result.Error);
        Assert.Empty(_shell.Broker.Requests);
    }

    [Fact]
    public void A_5xx_answer_is_retried_once_with_the_same_idempotency_key()
    {
        _shell.Broker.On(HttpMethod.Post, ApiRoutes.Jobs,
            _ => FakeBroker.ProblemAnswer(503, "store unavailable"),
            _ => FakeBroker.JsonAnswer(Submitted(Canned.Job("j-1")), HttpStatusCode.Created));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("j-1", result.OutLines[0]);
        Assert.Contains("retrying once with the same idempotency key", result.Error);
        var keys = _shell.Broker.Requests.Select(r => r.Header(ApiRoutes.IdempotencyKeyHeader)).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public void An_unreachable_broker_is_tried_twice_then_exits_4_naming_the_url_and_serve()
    {
        var refusing = new RefusingHandler();
        _shell.Handler = refusing;

        var result = _shell.Run("submit", Example("finetune-7b.yaml"));

        Assert.Equal(ExitCodes.BrokerUnreachable, result.ExitCode);
        Assert.Equal(2, refusing.Attempts);
        Assert.Equal("", result.Out);
        string error = result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith("error: cannot reach the broker at http://127.0.0.1:8080", error);
        Assert.Contains("suanwang serve", error);
    }

    [Fact]
    public void A_4xx_answer_is_not_retried()
    {
        _shell.Broker.Problem(HttpMethod.Post, ApiRoutes.Jobs, 413, "request too large", "specs are limited to 1 MiB");

        var result = _shell.Run("submit", Example("finetune-7b.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(_shell.Broker.Requests);
    }

    [Fact]
    public void Wait_prints_each_change_of_state_and_exits_0_when_the_job_succeeds()
    {
        var queued = Canned.Job("j-1");
        var running = queued with { State = JobState.Running, Version = 4, CenterId = "qingyang", UpdatedAt = Canned.Now.AddMinutes(-3), Reason = "started" };
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(queued));
        _shell.Broker.JsonInTurn(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), running, running, Canned.Ended(running, JobState.Succeeded, 0, 5));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--wait");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            [
                "j-1",
                "2026-11-24 19:55 +08:00  j-1  Queued — waiting for capacity",
                "2026-11-24 19:57 +08:00  j-1  Running on qingyang — started",
                "2026-11-24 20:00 +08:00  j-1  Succeeded on qingyang (exit 0) after 3 min — exited 0",
                "",
            ],
            result.OutLines);
        Assert.Equal(3, _shell.Broker.To(ApiRoutes.With(ApiRoutes.Job, "j-1")).Count);
    }

    [Theory]
    [InlineData(JobState.Failed, 137)]
    [InlineData(JobState.Cancelled, 143)]
    public void Wait_exits_7_when_the_job_fails_or_is_cancelled(JobState state, int exitCode)
    {
        var running = Canned.Job("j-1", JobState.Running, "qingyang");
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(running));
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), Canned.Ended(running, state, exitCode, 9));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--wait");

        Assert.Equal(ExitCodes.JobUnsuccessful, result.ExitCode);
        Assert.Contains($"j-1  {state} on qingyang (exit {exitCode})", result.Out);
    }

    [Fact]
    public void Wait_with_json_prints_one_document_with_the_jobs_as_they_ended()
    {
        var queued = Canned.Job("j-1");
        var ended = Canned.Ended(queued with { CenterId = "qingyang" }, JobState.Succeeded, 0, 6);
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(queued));
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), ended);

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--wait", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(Submitted(ended), result.Out);
    }

    [Fact]
    public void Wait_rides_out_a_broker_restart()
    {
        var running = Canned.Job("j-1", JobState.Running, "qingyang");
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Jobs, Submitted(running));
        _shell.Broker.On(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"),
            _ => FakeBroker.ProblemAnswer(503, "store unavailable"),
            _ => FakeBroker.JsonAnswer(Canned.Ended(running, JobState.Succeeded, 0, 5)));

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--wait");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
    }

    [Fact]
    public void Dry_run_shows_the_decision_without_submitting()
    {
        _shell.Broker.Json<IReadOnlyList<DecisionView>>(HttpMethod.Post, ApiRoutes.DryRun, [Canned.Decision("finetune-7b")]);

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^center\s+qingyang \(pool a100, a100\)", result.Out);
        Assert.Contains("decided at 2026-11-24 20:00 +08:00", result.Out);
        Assert.DoesNotContain(_shell.Broker.Requests, r => r.Path == ApiRoutes.Jobs);
        Assert.Equal(SpecMediaTypes.Yaml, Assert.Single(_shell.Broker.Requests).ContentType);
    }

    [Fact]
    public void Dry_run_exits_3_when_no_center_can_take_the_job()
    {
        _shell.Broker.Json<IReadOnlyList<DecisionView>>(HttpMethod.Post, ApiRoutes.DryRun, [Canned.Decision(placed: false)]);

        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--dry-run");

        Assert.Equal(ExitCodes.Unplaceable, result.ExitCode);
        Assert.Contains("not placed: No center can take the job", result.Out);
    }

    [Fact]
    public void Dry_run_and_wait_together_are_invalid()
    {
        var result = _shell.Run("submit", Example("finetune-7b.yaml"), "--dry-run", "--wait");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Empty(_shell.Broker.Requests);
    }
}

/// <summary>Checks that <c>--json</c> output is the contract itself.</summary>
public static class ContractAssert
{
    /// <summary>The output reads back as <typeparamref name="T"/> and writes out as <paramref name="expected"/> does.</summary>
    public static void RoundTrips<T>(T expected, string output)
    {
        var read = JsonSerializer.Deserialize<T>(output, ApiJson.Options);
        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(expected, ApiJson.Options), JsonSerializer.Serialize(read, ApiJson.Options));
    }
}
