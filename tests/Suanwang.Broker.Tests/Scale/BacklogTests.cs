using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Submissions;
using Suanwang.Lifecycle;
using Suanwang.Specs;
using Suanwang.Store;
using Suanwang.Store.Connection;
using Suanwang.Testing.Brokers;
using Xunit.Abstractions;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Scale;

/// <summary>
/// One tenant queues 300,000 jobs; another's five small jobs still run promptly (fair share decides who gets freed
/// capacity, and at most a few of the flood's jobs wait in any center's own queue), the broker's memory stays
/// bounded (a cycle reads each tenant's front of the queue, not the queue), and a restart with the backlog is
/// ready soon. The backlog is stored the way the broker stores submissions (arrays of 10,000), straight into the
/// store with the broker stopped: it takes seconds rather than the minutes of going through the API.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BacklogTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Arrays = 30, PerArray = 10_000, SmallJobs = 5;
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-backlog-").FullName;
    private BrokerProcess _broker = null!;

    public Task InitializeAsync()
    {
        _broker = new BrokerProcess(_data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        SqliteConnection.ClearAllPools();
        KillRunsAndDelete(_data);
    }

    [Fact]
    public async Task Another_tenants_five_jobs_run_promptly_behind_a_300000_job_backlog_and_the_broker_stays_small()
    {
        await _broker.StartAsync();
        string smallToken;
        using (var admin = _broker.Client("admin"))
        {
            foreach (string tenant in new[] { "flood", "small" })
                Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(ApiRoutes.Tenants, new CreateTenantRequest(tenant, null, "sme", null, null), Json)).StatusCode);
            var issued = await admin.PostAsJsonAsync(ApiRoutes.Tokens, new IssueTokenRequest("tenant", "small", "backlog test"), Json);
            smallToken = (await issued.Content.ReadFromJsonAsync<IssuedToken>(Json))!.Secret;
        }
        _broker.Kill();

        var clock = Stopwatch.StartNew();
        var store = new JobStore(StoreOpener.Options(StoreLocation.Sqlite(Path.Combine(_data, "suanwang.db"))));
        const string script = "#!/bin/sh\n#SBATCH --job-name=flood\n#SBATCH --array=0-9999\n#SBATCH --cpus-per-task=1\n#SBATCH --time=00:05:00\ntrue\n";
        var now = DateTimeOffset.UtcNow;
        for (int a = 0; a < Arrays; a++)
        {
            string id = $"j-flood{a:D2}";
            var requests = JobSpecReader.Read(script, "flood.sh", new JobSpecContext(id, now, "flood", "sme"));
            var rows = SubmissionRows.For(id, script, "flood.sh", requests, now.ToUnixTimeMilliseconds() + a);
            Assert.Equal(SubmitStatus.Created, (await store.SubmitAsync([new NewSubmission("flood", null, id, rows)], default))[0].Status);
        }
        SqliteConnection.ClearAllPools();
        output.WriteLine($"{Arrays * PerArray:N0} jobs of tenant flood stored in {StoreFigures.Seconds(clock)}; store {StoreFigures.Mb(StoreFigures.StoreBytes(_data))}");

        clock.Restart();
        await _broker.StartAsync(TimeSpan.FromSeconds(300));
        long rssReady = StoreFigures.RssBytes(_broker.ProcessId);
        output.WriteLine($"broker restarted with the backlog: ready in {StoreFigures.Seconds(clock)}, {StoreFigures.Mb(rssReady)} resident");

        using var small = new HttpClient { BaseAddress = _broker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        small.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", smallToken);
        clock.Restart();
        var jobs = new List<JobView>();
        for (int i = 0; i < SmallJobs; i++) jobs.Add(await SubmitAsync(small, Spec($"small-{i}", "echo small")));
        long rssPeak = 0;
        foreach (var job in jobs)
        {
            await WaitForAsync(small, job.Id, j =>
            {
                rssPeak = Math.Max(rssPeak, StoreFigures.RssBytes(_broker.ProcessId));
                return j.State == JobState.Succeeded;
            }, seconds: 180);
        }
        output.WriteLine($"tenant small's {SmallJobs} jobs: all Succeeded {StoreFigures.Seconds(clock)} after submission; broker peak {StoreFigures.Mb(rssPeak)} resident meanwhile");

        using var flood = _broker.Client("admin");
        var usage = (await flood.GetFromJsonAsync<UsageView[]>(ApiRoutes.Usage, Json))!.Single(u => u.Tenant == "flood");
        output.WriteLine($"meanwhile tenant flood: {string.Join(", ", usage.JobsByState.OrderBy(s => s.Key).Select(s => $"{s.Value:N0} {s.Key}"))}");
        // Reading the whole queue each cycle held about 2 GB here; the window holds a few hundred jobs per tenant. The
        // bound is several times the normal figure (a few hundred MB), so only holding the queue trips it.
        Assert.True(rssPeak < 1024L * 1024 * 1024, $"the broker reached {StoreFigures.Mb(rssPeak)} resident with the backlog");
    }
}
