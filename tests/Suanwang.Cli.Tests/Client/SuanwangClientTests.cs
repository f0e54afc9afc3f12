using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Tests.Client;

/// <summary>The typed REST client on its own: requests it builds, answers it reads, refusals it raises.</summary>
public sealed class SuanwangClientTests : IDisposable
{
    private readonly FakeBroker _broker = new();
    private readonly HttpClient _http;

    public SuanwangClientTests() => _http = new HttpClient(_broker, disposeHandler: false) { BaseAddress = new Uri("http://broker.test:8080") };

    public void Dispose() => _http.Dispose();

    private SuanwangClient Client(string? token = "t0k") => new(_http, token);

    [Fact]
    public async Task Problem_details_become_an_exception_with_title_detail_every_location_and_retry_after()
    {
        _broker.Problem(HttpMethod.Post, ApiRoutes.Jobs, 400, "invalid job spec", "2 problems", new Dictionary<string, string[]>
        {
            ["resources.accelerators.count"] = ["must be at least 1"],
            ["line 4 (#SBATCH --gres=gpu:x)"] = ["'x' is not a number", "use gpu:N"],
        }, retryAfter: TimeSpan.FromSeconds(12));

        var e = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().SubmitAsync("name: x\n"));

        Assert.Equal(400, e.Status);
        Assert.Equal("invalid job spec", e.Title);
        Assert.Equal("2 problems", e.Detail);
        Assert.Equal("about:blank", e.Type);
        Assert.Equal(["must be at least 1"], e.Errors["resources.accelerators.count"]);
        Assert.Equal(["'x' is not a number", "use gpu:N"], e.Errors["line 4 (#SBATCH --gres=gpu:x)"]);
        Assert.Equal(TimeSpan.FromSeconds(12), e.RetryAfter);
        Assert.Equal("invalid job spec (400): 2 problems", e.Message);
    }

    [Fact]
    public async Task A_dated_retry_after_is_measured_against_the_brokers_date()
    {
        _broker.On(HttpMethod.Get, ApiRoutes.Jobs, _ =>
        {
            var response = FakeBroker.ProblemAnswer(503, "store unavailable");
            response.Headers.Date = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(new DateTimeOffset(2026, 11, 24, 12, 1, 30, TimeSpan.Zero));
            return response;
        });

        var e = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().ListJobsAsync());

        Assert.Equal(503, e.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), e.RetryAfter);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task Problem_details_are_read_leniently()
    {
        _broker.On(HttpMethod.Get, ApiRoutes.Usage, _ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("{\"Title\":\"bad\",\"errors\":{\"limit\":\"must be positive\",\"n\":[1]}}", Encoding.UTF8, ApiJson.ProblemMediaType),
        });

        var e = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().GetUsageAsync());

        Assert.Equal("bad", e.Title);
        Assert.Null(e.Detail);
        Assert.Equal(["must be positive"], e.Errors["limit"]);
        Assert.Equal(["1"], e.Errors["n"]);
    }

    [Fact]
    public async Task An_answer_that_is_not_problem_details_keeps_the_status_and_a_title()
    {
        _broker.On(HttpMethod.Get, ApiRoutes.Centers, _ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html><body>502 Bad Gateway</body></html>", Encoding.UTF8, "text/html"),
        });
        _broker.On(HttpMethod.Get, ApiRoutes.Tokens, _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no such   route\n") });

        var gateway = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().ListCentersAsync());
        var missing = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().ListTokensAsync());

        Assert.Equal(502, gateway.Status);
        Assert.Equal("Bad Gateway", gateway.Title);
        Assert.Null(gateway.Detail);
        Assert.Equal("not found", missing.Title);
        Assert.Equal("no such route", missing.Detail);
        Assert.Empty(missing.Errors);
    }

    [Fact]
    public async Task A_refused_connection_is_status_0_naming_the_broker_and_serve()
    {
        using var http = new HttpClient(new RefusingHandler()) { BaseAddress = new Uri("http://127.0.0.1:8080/") };

        var e = await Assert.ThrowsAsync<SuanwangApiException>(() => new SuanwangClient(http, null).GetJobAsync("j-1"));

        Assert.Equal(0, e.Status);
        Assert.True(e.IsUnreachable);
        Assert.StartsWith("cannot reach the broker at http://127.0.0.1:8080 (", e.Message);
        Assert.Contains("suanwang serve", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task A_2xx_answer_that_is_not_the_api_is_an_unexpected_answer()
    {
        _broker.On(HttpMethod.Get, ApiRoutes.Centers, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>hello</html>", Encoding.UTF8, "application/json") });

        var e = await Assert.ThrowsAsync<SuanwangApiException>(() => Client().ListCentersAsync());

        Assert.Equal(200, e.Status);
        Assert.Contains("is it a Suanwang broker?", e.Message);
    }

    [Fact]
    public async Task Every_request_carries_the_bearer_token_and_asks_for_json()
    {
        _broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Job, "j 1/x"), Canned.Job("j 1/x"));

        var job = await Client().GetJobAsync("j 1/x");

        var sent = Assert.Single(_broker.Requests);
        Assert.Equal("j 1/x", job.Id);
        Assert.Equal("Bearer t0k", sent.Authorization);
        Assert.Contains("application/json", sent.Header("Accept"));
        Assert.Contains(ApiJson.ProblemMediaType, sent.Header("Accept"));
        Assert.Equal("/v1/jobs/j%201%2Fx", sent.Uri.AbsolutePath);
    }

    [Fact]
    public async Task A_path_prefix_in_the_broker_url_is_kept()
    {
        using var http = new HttpClient(_broker, disposeHandler: false) { BaseAddress = new Uri("https://gw.example.org/suanwang/") };
        _broker.Json(HttpMethod.Get, "/suanwang" + ApiRoutes.Usage, (IReadOnlyList<UsageView>)[Canned.Usage()]);

        var usage = await new SuanwangClient(http, "t").GetUsageAsync();

        Assert.Equal("default", Assert.Single(usage).Tenant);
    }

    [Fact]
    public async Task List_jobs_puts_every_filter_in_the_query()
    {
        _broker.Json(HttpMethod.Get, ApiRoutes.Jobs, new JobPage([], null));
        var since = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));

        await Client().ListJobsAsync(new JobQuery([JobState.Running, JobState.Unknown], "acme", "qingyang", since, since.AddDays(1), 50, "abc+/="));

        var sent = Assert.Single(_broker.Requests);
        Assert.Equal("Running,Unknown", sent.Query("state"));
        Assert.Equal("2026-11-24T09:00:00.0000000+08:00", sent.Query("since"));
        Assert.Equal("2026-11-25T09:00:00.0000000+08:00", sent.Query("until"));
        Assert.Equal("50", sent.Query("limit"));
        Assert.Equal("abc+/=", sent.Query("cursor"));
    }

    [Fact]
    public async Task The_source_file_name_travels_percent_encoded()
    {
        _broker.Json(HttpMethod.Post, ApiRoutes.Jobs, new SubmitResult([Canned.Job()], false));

        await Client().SubmitAsync("#!/bin/bash\n#SBATCH -N 1\n", "训练 job.sbatch", "key-1");

        var sent = Assert.Single(_broker.Requests);
        Assert.Equal("训练 job.sbatch", Uri.UnescapeDataString(sent.Header(ApiRoutes.SourceHeader)!));
        Assert.Equal("key-1", sent.Header(ApiRoutes.IdempotencyKeyHeader));
        Assert.Equal(SpecMediaTypes.Script, sent.ContentType);
    }

    [Fact]
    public async Task Admin_calls_without_a_body_in_the_answer_return_nothing()
    {
        _broker.On(HttpMethod.Post, ApiRoutes.With(ApiRoutes.CenterDrain, "wuhu"), _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        _broker.On(HttpMethod.Delete, ApiRoutes.With(ApiRoutes.Token, "tok-1"), _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        Assert.Null(await Client().DrainCenterAsync("wuhu"));
        await Client().RevokeTokenAsync("tok-1");

        Assert.Equal(2, _broker.Requests.Count);
    }

    [Fact]
    public void A_client_needs_the_brokers_url()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new SuanwangClient(http, "t"));
    }

    [Theory]
    [InlineData("#!/bin/bash\necho hi\n", SpecMediaTypes.Script)]
    [InlineData("\uFEFF#SBATCH --gres=gpu:1\n", SpecMediaTypes.Script)]
    [InlineData("# a comment\n#SBATCH -N 2\npython train.py\n", SpecMediaTypes.Script)]
    [InlineData("  {\"name\": \"x\"}", SpecMediaTypes.Json)]
    [InlineData("name: x\ncommand: [python3]\n", SpecMediaTypes.Yaml)]
    [InlineData("# SBATCH is mentioned in a comment\nname: x\n", SpecMediaTypes.Yaml)]
    public void Spec_media_types_follow_the_readers_detection(string text, string expected)
    {
        Assert.Equal(expected, SpecMediaTypes.Detect(text));
    }
}
