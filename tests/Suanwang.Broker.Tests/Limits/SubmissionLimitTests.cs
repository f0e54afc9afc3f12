using System.Net;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Broker.Tests.Support;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Limits;

/// <summary>
/// The per-tenant submission rate counts jobs, not requests (an array costs one token per task), an array the bucket
/// could never hold is refused as invalid rather than answered 429 for ever, and dry runs have a bucket of their own.
/// </summary>
public sealed class SubmissionLimitTests
{
    [Fact]
    public async Task An_array_larger_than_the_bucket_is_refused_as_invalid_naming_the_array_and_the_limit()
    {
        await using var broker = await StartAsync(adjust: o => o with { SubmitsPerSecondPerTenant = 10, SubmitBurst = 50 });
        await Limited.DrainAllAsync(broker);

        var response = await PostSpecAsync(broker.Tenant, Limited.Array("too-big", 100));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        string errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("array").ToString();
        Assert.Contains("100 jobs", errors);
        Assert.Contains("at most 50", errors);
        Assert.Empty(await Limited.JobsAsync(broker.Tenant));
        // The same array within the bucket passes: the refusal was about its size, not the tenant's rate.
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(broker.Tenant, Limited.Array("fits", 40))).StatusCode);
    }

    [Fact]
    public async Task An_array_over_the_brokers_array_cap_is_refused_as_invalid()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxArrayTasks = 20 });
        await Limited.DrainAllAsync(broker);

        var response = await PostSpecAsync(broker.Tenant, Limited.Array("sweep", 21));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("this broker accepts at most 20 jobs per submission", await response.Content.ReadAsStringAsync());
        Assert.Empty(await Limited.JobsAsync(broker.Tenant));
    }

    [Fact]
    public async Task A_burst_of_arrays_gets_429_once_its_jobs_not_its_requests_exceed_the_bucket_and_other_tenants_are_unaffected()
    {
        // A bucket of 1,000 jobs refilled at one a second: two arrays of 400 fit; a third, 200 s of refill short, cannot.
        await using var broker = await StartAsync(adjust: o => o with { SubmitsPerSecondPerTenant = 1, SubmitBurst = 1000 });
        await Limited.DrainAllAsync(broker);
        var sweeper = await broker.NewTenantAsync("sweeper");
        var calm = await broker.NewTenantAsync("calm");

        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(sweeper, Limited.Array("sweep-1", 400))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(sweeper, Limited.Array("sweep-2", 400))).StatusCode);
        var third = await PostSpecAsync(sweeper, Limited.Array("sweep-3", 400));

        string detail = await Limited.AssertRefusedAsync(third, "jobs-per-second");
        Assert.Contains("tenant 'sweeper'", detail);
        Assert.Contains("400 jobs", detail);
        Assert.True(third.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(100), $"Retry-After {third.Headers.RetryAfter} does not cover the missing jobs");
        Assert.Equal(800, (await Limited.JobsAsync(sweeper)).Count);
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(calm, Limited.Array("calm", 400))).StatusCode);
    }

    [Fact]
    public async Task Dry_runs_are_limited_per_tenant_by_their_own_bucket()
    {
        await using var broker = await StartAsync(adjust: o => o with { DryRunsPerSecondPerTenant = 1, DryRunBurst = 3 });
        var asker = await broker.NewTenantAsync("asker");
        var other = await broker.NewTenantAsync("other");
        string spec = Spec("what-if", "true");

        // Sent together: 30 requests against a bucket of 3 refilled at one a second.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PostSpecAsync(asker, spec, route: ApiRoutes.DryRun)));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode}"));
        string detail = await Limited.AssertRefusedAsync(answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests), "dry-runs-per-second");
        Assert.Contains("tenant 'asker'", detail);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) < 30);
        Assert.Equal(HttpStatusCode.OK, (await PostSpecAsync(other, spec, route: ApiRoutes.DryRun)).StatusCode);
        // Dry runs do not spend the submission bucket.
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(asker, spec)).StatusCode);
    }

    [Fact]
    public async Task Explaining_a_waiting_job_afresh_is_a_dry_run_and_is_limited_like_one()
    {
        await using var broker = await StartAsync(adjust: o => o with { DryRunsPerSecondPerTenant = 1, DryRunBurst = 3 });
        await Limited.DrainAllAsync(broker);
        var waiting = await SubmitAsync(broker.Tenant, Spec("waits", "true"));
        string route = ApiRoutes.With(ApiRoutes.JobExplanation, waiting.Id);

        // Sent together: 30 requests against a bucket of 3 refilled at one a second.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => broker.Tenant.GetAsync(route)));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode}"));
        await Limited.AssertRefusedAsync(answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests), "dry-runs-per-second");
    }

    [Fact]
    public async Task A_dry_run_of_an_array_costs_one_per_hundred_jobs_and_one_the_bucket_could_never_pay_for_is_refused_as_invalid()
    {
        // Ten tokens refilled at one a second: an array of 1,000 costs all ten, so even two requests are one too many
        // (counted by request they would be two of ten).
        await using var broker = await StartAsync(adjust: o => o with { DryRunsPerSecondPerTenant = 1, DryRunBurst = 10 });
        var asker = await broker.NewTenantAsync("asker");
        var other = await broker.NewTenantAsync("other");

        var first = await PostSpecAsync(asker, Limited.Array("sweep", 1000), route: ApiRoutes.DryRun);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1000, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        await Limited.AssertRefusedAsync(await PostSpecAsync(asker, Limited.Array("sweep", 1000), route: ApiRoutes.DryRun), "dry-runs-per-second");

        var tooBig = await PostSpecAsync(other, Limited.Array("huge", 1001), route: ApiRoutes.DryRun);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("a dry run places at most 1,000", await tooBig.Content.ReadAsStringAsync());
    }
}
