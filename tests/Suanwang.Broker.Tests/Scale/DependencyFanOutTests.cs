using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Testing;
using Xunit.Abstractions;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Scale;

/// <summary>
/// One tenant's 40,000 jobs depending on one of its own jobs, which it then cancels, wedged scheduling for every
/// tenant (each cycle's query of their dependencies passed SQLite's 32,766 variables). Now the dependents fail in
/// bounded batches, naming the dependency, while everyone else's jobs are placed and run as usual.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DependencyFanOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Arrays = 4, PerArray = 10_000;
    private TestBroker _broker = null!;

    // The flood arrives faster than a tenant's default job rate allows: this test is about what the scheduler does
    // with 40,000 dependents, so the submission bucket is widened to hold them all.
    public async Task InitializeAsync() =>
        _broker = await StartAsync(adjust: o => o with { SubmitBurst = Arrays * PerArray, SubmitsPerSecondPerTenant = Arrays * PerArray });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Forty_thousand_dependents_of_a_cancelled_job_fail_naming_it_while_another_tenant_is_served()
    {
        using var flooder = await _broker.NewTenantAsync("flooder");
        using var bystander = await _broker.NewTenantAsync("bystander");
        var gate = Gate.In(_broker.Options.DataDirectory);
        var first = await SubmitAsync(flooder, Spec("first", gate.ShellWait, seconds: 60));
        await WaitForStateAsync(flooder, first.Id, JobState.Running);

        var clock = Stopwatch.StartNew();
        string script = $"#!/bin/sh\n#SBATCH --array=0-{PerArray - 1}\n#SBATCH --dependency=afterok:{first.Id}\n#SBATCH --cpus-per-task=1\ntrue\n";
        var dependents = new List<string>();
        for (int a = 0; a < Arrays; a++)
        {
            var response = await PostSpecAsync(flooder, script);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            dependents.AddRange((await response.Content.ReadFromJsonAsync<SubmitResult>(Json))!.Jobs.Select(j => j.Id));
        }
        output.WriteLine($"{dependents.Count:N0} dependents submitted in {StoreFigures.Seconds(clock)}");
        var held = await GetJobAsync(flooder, dependents[^1]);
        Assert.Equal((JobState.Queued, $"waiting for dependency '{first.Id}' to succeed (afterok)"), (held.State, held.Reason));

        clock.Restart();
        Assert.Equal(HttpStatusCode.OK, (await flooder.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, first.Id), null)).StatusCode);
        var other = await SubmitAsync(bystander, Spec("unrelated", "echo served"));
        await WaitForStateAsync(bystander, other.Id, JobState.Succeeded);
        output.WriteLine($"another tenant's job submitted after the cancel: Succeeded after {StoreFigures.Seconds(clock)}");

        // Every dependent ends Failed, in batches (the count is read from the tenant's usage).
        var deadline = DateTime.UtcNow.AddSeconds(300);
        int failed = 0;
        while (DateTime.UtcNow < deadline)
        {
            var usage = (await flooder.GetFromJsonAsync<UsageView[]>(ApiRoutes.Usage, Json))!.Single();
            failed = usage.JobsByState.GetValueOrDefault(JobState.Failed);
            if (failed == dependents.Count) break;
            await Task.Delay(500);
        }
        output.WriteLine($"{failed:N0} of {dependents.Count:N0} dependents Failed {StoreFigures.Seconds(clock)} after the cancel");
        Assert.Equal(dependents.Count, failed);
        foreach (string id in new[] { dependents[0], dependents[PerArray + 17], dependents[^1] })
        {
            var job = await GetJobAsync(flooder, id);
            Assert.Equal((JobState.Failed, $"dependency '{first.Id}' ended Cancelled, so this job cannot run (afterok)"), (job.State, job.Reason));
        }
    }
}
