using System.Diagnostics;
using Suanwang.Lifecycle;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// One tenant queues a large backlog (<see cref="Jobs"/> jobs of ten seconds each, as many as the broker accepts:
/// over an hour of work for the ten centers), then another submits <see cref="SmallJobs"/> small jobs: those must all
/// run to the end within a generous time while the backlog is still there. (The incident had 300,000 jobs; the
/// store's own tests take that size, this suite keeps to what CI runs in a minute.)
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class BacklogStarvationTests(AttackReport report, ITestOutputHelper output)
{
    private const int Jobs = 20_000;
    private const int SmallJobs = 5;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public Task A_large_backlog_does_not_starve_another_tenant(StoreKind store) => report.RunAsync("backlog-starvation", store, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(store, output);
        var mallory = await broker.NewTenantAsync("mallory");
        var alice = await broker.NewTenantAsync("alice");
        var clock = Stopwatch.StartNew();
        using var slow = broker.Client(mallory.Token, TimeSpan.FromMinutes(5));
        var queued = await Backlog.QueueAsync(slow, Jobs, (chunk, size) =>
            BrokerApi.Script([$"--job-name=backlog-{chunk}", $"--array=0-{size - 1}", "--time=00:05:00"], "sleep 10"));
        attack.Figure($"{queued.Describe(Jobs)} in {clock.Elapsed.TotalSeconds:0} s");
        attack.Check("get a 5xx while queueing the backlog", queued.ServerError is null, "none", () => queued.ServerError!);

        clock.Restart();
        var small = new List<string>();
        for (int i = 0; i < SmallJobs; i++)
            small.Add((await BrokerApi.SubmitOneAsync(alice.Http, BrokerApi.Spec($"small-{i}", "echo ok"))).Id);
        string? starved = null;
        try
        {
            foreach (string id in small)
            {
                var done = await BrokerApi.WaitForEndAsync(alice.Http, id, "the other tenant's small job to end", seconds: 180);
                if (done.State != JobState.Succeeded) starved ??= $"{id} ended {done.State} ({done.Reason})";
            }
        }
        catch (TimeoutException e)
        {
            starved = $"{e.Message}; {await BrokerApi.CountsAsync(alice.Http)}; {broker.LoggedErrors()}";
        }
        var took = clock.Elapsed;
        attack.Figure(starved is null ? $"the other tenant's {SmallJobs} jobs done in {took.TotalSeconds:0} s" : $"the other tenant's jobs not done after {took.TotalSeconds:0} s");
        attack.Figure($"broker memory {ProcessMemory.Mb(broker.ResidentBytes() ?? 0)}");
        bool backlogLeft = await BrokerApi.AnyAsync(mallory.Http, BrokerApi.Waiting + ",Placed,Dispatched");
        Assert.True(backlogLeft, "the backlog ran out before the other tenant's jobs were done: the attack proved nothing (make the backlog's jobs longer)");
        attack.Check($"starve another tenant's {SmallJobs} jobs behind {queued.Accepted:N0} of its own", starved is null,
            $"all {SmallJobs} Succeeded in {took.TotalSeconds:0} s, backlog still queued", () => starved!);
        attack.Check("take the broker down", await broker.IsHealthyAsync(), "/healthz 200", () => "/healthz does not answer 200");
    });
}
