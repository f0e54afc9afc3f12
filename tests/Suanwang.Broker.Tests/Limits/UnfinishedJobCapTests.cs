using System.Net;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Limits;

/// <summary>
/// Each tenant may have so many unfinished jobs and no more (one tenant once queued 300,000, starving the others and
/// bloating the broker): beyond, 429 until some end, while other tenants submit as usual.
/// </summary>
public sealed class UnfinishedJobCapTests
{
    [Fact]
    public async Task A_tenant_at_its_cap_gets_429_while_another_submits_and_may_submit_again_once_jobs_are_cancelled_or_finish()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxUnfinishedJobsPerTenant = 3 });
        await Limited.DrainAllAsync(broker);
        var busy = await broker.NewTenantAsync("busy");
        var other = await broker.NewTenantAsync("other");
        var first = await SubmitAsync(busy, Spec("one", "true"));
        await SubmitAsync(busy, Spec("two", "true"));
        var third = await PostSpecAsync(busy, Spec("three", "true"), idempotencyKey: "third");
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);

        var fourth = await PostSpecAsync(busy, Spec("four", "true"));
        string detail = await Limited.AssertRefusedAsync(fourth, "unfinished-jobs");
        Assert.Contains("tenant 'busy' has 3 unfinished jobs; its limit is 3", detail);
        Assert.Equal(TimeSpan.FromSeconds(60), fourth.Headers.RetryAfter!.Delta);
        // A repeat of an acknowledged submission is answered with its jobs, not refused: it creates nothing.
        Assert.Equal(HttpStatusCode.OK, (await PostSpecAsync(busy, Spec("three", "true"), idempotencyKey: "third")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(other, Spec("others", "true"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await busy.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, first.Id), null)).StatusCode);
        await Limited.AssertRefusedAsync(await PostSpecAsync(busy, Limited.Array("pair", 2)), "unfinished-jobs");
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(busy, Spec("after-cancel", "true"))).StatusCode);
        await Limited.AssertRefusedAsync(await PostSpecAsync(busy, Spec("still-full", "true")), "unfinished-jobs");

        // Let the queued jobs run to the end: the tenant may submit again.
        await Limited.ResumeAllAsync(broker);
        foreach (var job in (await Limited.JobsAsync(busy)).Where(j => j.State != JobState.Cancelled))
            await WaitForStateAsync(busy, job.Id, JobState.Succeeded);
        Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(busy, Limited.Array("after-finish", 3))).StatusCode);
    }

    [Fact]
    public async Task Concurrent_submissions_never_take_a_tenant_past_its_cap()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxUnfinishedJobsPerTenant = 50 });
        await Limited.DrainAllAsync(broker);
        var racer = await broker.NewTenantAsync("racer");

        // 30 arrays of 5 at once: 150 jobs against a cap of 50.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => PostSpecAsync(racer, Limited.Array($"race-{i}", 5))));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode}"));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var jobs = await Limited.JobsAsync(racer);
        Assert.Equal(50, jobs.Count);
        var acknowledged = new List<string>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
            acknowledged.AddRange(JsonSerializer.Deserialize<SubmitResult>(await answer.Content.ReadAsStringAsync(), Json)!.Jobs.Select(j => j.Id));
        Assert.Equal(acknowledged.Order(), jobs.Select(j => j.Id).Order());
    }
}
