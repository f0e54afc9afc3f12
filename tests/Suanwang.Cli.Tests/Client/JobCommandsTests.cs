using System.Net;
using System.Net.Sockets;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Tests.Client;

/// <summary><c>jobs</c>, <c>job</c>, <c>explain</c>, <c>cancel</c>: tables, JSON and the exit codes of refusals.</summary>
public sealed class JobCommandsTests : IDisposable
{
    private readonly ClientShell _shell = new();

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Jobs_shows_a_row_per_job_with_local_times()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([Canned.Job("j-2", JobState.Running, "qingyang"), Canned.Job("j-1", JobState.Queued, tenant: "acme")], null));

        var result = _shell.Run("jobs");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^│ id +│ name +│ tenant +│ state +│ center +│ submitted +│ updated +│$", result.Out);
        Assert.Matches(@"(?m)^│ j-2 +│ finetune-7b │ default +│ Running │ qingyang │ 2026-11-24 19:30 \+08:00 │ 2026-11-24 19:55 \+08:00 │$", result.Out);
        Assert.Matches(@"(?m)^│ j-1 +│ finetune-7b │ acme +│ Queued +│ +│ 2026-11-24 19:30 \+08:00 │ 2026-11-24 19:55 \+08:00 │$", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Jobs_passes_the_filters_in_the_query_with_the_state_spelled_as_the_api_does()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([], null));

        var result = _shell.Run("jobs", "--state", "running", "--tenant", "acme", "--center", "qingyang", "--since", "24h", "--limit", "5");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("No jobs match.", result.Out);
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal("Running", sent.Query("state"));
        Assert.Equal("acme", sent.Query("tenant"));
        Assert.Equal("qingyang", sent.Query("center"));
        Assert.Equal(Canned.Now.AddHours(-24), DateTimeOffset.Parse(sent.Query("since")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("5", sent.Query("limit"));
    }

    [Fact]
    public void Jobs_with_an_unknown_state_exits_2_naming_the_states()
    {
        var result = _shell.Run("jobs", "--state", "sleeping");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("unknown state 'sleeping'", result.Error);
        Assert.Contains("Succeeded", result.Error);
        Assert.Empty(_shell.Broker.Requests);
    }

    [Fact]
    public void Jobs_all_follows_the_cursors_and_json_round_trips_to_one_page()
    {
        _shell.Broker.On(HttpMethod.Get, ApiRoutes.Jobs, request => FakeBroker.JsonAnswer(request.Query("cursor") switch
        {
            null => new JobPage([Canned.Job("j-3")], "c2"),
            "c2" => new JobPage([Canned.Job("j-2")], "c3"),
            _ => new JobPage([Canned.Job("j-1")], null),
        }));

        var result = _shell.Run("jobs", "--all", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        ContractAssert.RoundTrips(new JobPage([Canned.Job("j-3"), Canned.Job("j-2"), Canned.Job("j-1")], null), result.Out);
        Assert.Equal([null, "c2", "c3"], _shell.Broker.Requests.Select(r => r.Query("cursor")));
    }

    [Fact]
    public void Jobs_without_all_says_how_to_get_the_next_page_on_stderr()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([Canned.Job("j-3")], "c2"));

        var result = _shell.Run("jobs");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--cursor c2", result.Error);
        Assert.Single(_shell.Broker.Requests);
    }

    [Fact]
    public void A_refused_token_exits_5_and_says_where_the_token_came_from()
    {
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.Jobs, 401, "not authenticated", "unknown or revoked token");

        var result = _shell.Run("jobs");

        Assert.Equal(ExitCodes.NotAuthorised, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("error: not authenticated (401): unknown or revoked token [token from $SUANWANG_TOKEN]", result.Error.TrimEnd());
    }

    [Fact]
    public void A_forbidden_verb_exits_5()
    {
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.Tenants, 403, "forbidden", "needs an admin token");

        var result = _shell.Run("tenants", "list");

        Assert.Equal(ExitCodes.NotAuthorised, result.ExitCode);
        Assert.StartsWith("error: forbidden (403): needs an admin token", result.Error);
    }

    [Fact]
    public void A_broker_nothing_listens_for_exits_4_with_its_url()
    {
        int port = ClosedPort();
        _shell.RealNetwork = true;

        var result = _shell.Run("jobs", "--broker", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.BrokerUnreachable, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"error: cannot reach the broker at http://127.0.0.1:{port} (", result.Error);
        Assert.Contains("suanwang serve", result.Error);
    }

    [Fact]
    public void Too_many_requests_exits_8_saying_when_to_retry()
    {
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.Jobs, 429, "too many requests", null, retryAfter: TimeSpan.FromSeconds(30));

        var result = _shell.Run("jobs");

        Assert.Equal(ExitCodes.LimitReached, result.ExitCode);
        Assert.Equal("error: too many requests (429); retry after 30 s", result.Error.TrimEnd());
    }

    [Fact]
    public void Job_shows_details_costs_and_history()
    {
        var job = Canned.Ended(Canned.Job("j-1", JobState.Running, "qingyang"), JobState.Succeeded, 0, 5);
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), job);
        _shell.Broker.Json<IReadOnlyList<JobEventView>>(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobEvents, "j-1"),
        [
            new JobEventView(1, null, JobState.Submitted, Canned.Now.AddMinutes(-30), "submitted", 1),
            new JobEventView(5, JobState.Running, JobState.Succeeded, Canned.Now, "exited 0", 1),
        ]);
        var estimate = new MeterFigures(Canned.Now.AddMinutes(-3), Canned.Now, 180, 1.5, 2.25, 0.9);
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobMetering, "j-1"), new MeteringView("j-1", "qingyang", estimate, estimate with { CostYuan = 1.25 }));

        var result = _shell.Run("job", "j-1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^state +Succeeded \(attempt 1, version 5\) — exited 0$", result.Text());
        Assert.Matches(@"(?m)^center +qingyang \(pool a100\)$", result.Text());
        Assert.Matches(@"(?m)^ended +2026-11-24 20:00 \+08:00  \(ran 3 min\)$", result.Text());
        Assert.Matches(@"(?m)^estimated +¥1\.50, 2\.25 kWh, 0\.9 kg CO₂ over 3 min$", result.Text());
        Assert.Matches(@"(?m)^metered +¥1\.25, ", result.Text());
        Assert.Matches(@"(?m)^│ 2026-11-24 20:00 \+08:00 │ Running +│ Succeeded │ +1 │ exited 0 +│$", result.Out);
    }

    [Theory]
    [InlineData(1, 1, 1.0, "1 accelerator (a100), 1 CPU core, 512 GiB", "1 reference hour")]
    [InlineData(8, 64, 12.0, "8 accelerators (a100), 64 CPU cores, 512 GiB", "12 reference hours")]
    [InlineData(0, 2, 0.5, "2 CPU cores, 512 GiB", "0.5 reference hours")]
    public void Job_counts_what_it_asked_for_in_the_right_number(int accelerators, int cpus, double hours, string resources, string work)
    {
        var job = Canned.Job("j-1") with { Spec = Canned.Spec with { Accelerators = accelerators, Cpus = cpus, ReferenceHours = hours } };
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), job);
        _shell.Broker.Json<IReadOnlyList<JobEventView>>(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobEvents, "j-1"), []);
        _shell.Broker.Problem(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobMetering, "j-1"), 404, "Not found");

        var result = _shell.Run("job", "j-1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches($@"(?m)^resources +{System.Text.RegularExpressions.Regex.Escape(resources)}$", result.Text());
        Assert.Matches($@"(?m)^work +{System.Text.RegularExpressions.Regex.Escape(work)}, time limit", result.Text());
    }

    [Fact]
    public void Job_json_has_the_job_its_history_and_metering()
    {
        var job = Canned.Job("j-1");
        IReadOnlyList<JobEventView> events = [new JobEventView(1, null, JobState.Submitted, Canned.Now, "submitted", 1)];
        var metering = new MeteringView("j-1", null, null, null);
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j-1"), job);
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobEvents, "j-1"), events);
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobMetering, "j-1"), metering);

        var result = _shell.Run("job", "j-1", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        ContractAssert.RoundTrips(new Commands.Client.JobCommand.JobDetails(job, events, metering), result.Out);
    }

    [Fact]
    public void An_unknown_job_exits_6()
    {
        var result = _shell.Run("job", "j-404");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.StartsWith("error: not found (404)", result.Error);
    }

    [Fact]
    public void Explain_shows_the_plan_and_every_candidate_with_what_lost_it()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobExplanation, "j-1"), Canned.Decision("j-1"));

        var result = _shell.Run("explain", "j-1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("j-1 · policy suanwang · network revision 0123456789ab · decided at 2026-11-24 20:00 +08:00", result.Out);
        Assert.Matches(@"(?m)^center +qingyang \(pool a100, a100\)$", result.Text());
        Assert.Matches(@"(?m)^cost +¥120\.50$", result.Text());
        Assert.Matches(@"(?m)^│ qingyang +│ chosen +│", result.Out);
        Assert.Matches(@"(?m)^│ zhongwei +│ lost on cost +│.*│ costs more: ¥180\.25 vs ¥120\.50 +│$", result.Out);
        Assert.Matches(@"(?m)^│ wuhu +│ filtered: residency │.*│ outside zone cn +│$", result.Out);
        Assert.Contains("Times in UTC+08:00", result.Out);
    }

    [Fact]
    public void Explain_json_round_trips_to_the_contract()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.JobExplanation, "j-1"), Canned.Decision("j-1"));

        var result = _shell.Run("explain", "j-1", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(Canned.Decision("j-1"), result.Out);
    }

    [Fact]
    public void Cancel_posts_to_the_cancel_route_and_prints_the_state()
    {
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.With(ApiRoutes.JobCancel, "j-1"), Canned.Job("j-1", JobState.Cancelled));

        var result = _shell.Run("cancel", "j-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("j-1: Cancelled", result.Out.TrimEnd());
    }

    [Fact]
    public void Cancelling_a_finished_job_exits_1_with_the_brokers_reason()
    {
        _shell.Broker.Problem(HttpMethod.Post, ApiRoutes.With(ApiRoutes.JobCancel, "j-1"), 409, "conflict", "j-1 already Succeeded");

        var result = _shell.Run("cancel", "j-1");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal("error: conflict (409): j-1 already Succeeded", result.Error.TrimEnd());
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
