using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Lifecycle;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// One tenant hangs tens of thousands of jobs (job arrays, <c>#SBATCH --dependency=afterok:…</c>) on one job of
/// its own — as many as the broker accepts — then cancels that job. Every dependent must end Failed, its reason
/// naming the dependency, and meanwhile another tenant's jobs must run to the end. On SQLite the size is just past
/// its 32,766 variables per statement, the limit one list of ids once ran into (the incident had 4 × 10,000).
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class DependencyFanOutTests(AttackReport report, ITestOutputHelper output)
{
    // Past SQLite's 32,766 variables per statement; PostgreSQL's limit (65,535) is past what CI can spend here
    // (the store's own tests take 100,000), so it gets a size that exercises the same path cheaply.
    private static int DependentsOn(StoreKind store) => store == StoreKind.Sqlite ? 33_000 : 5_000;
    private const int OtherJobs = 3;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public Task Cancelling_a_job_with_a_huge_fan_out_fails_its_dependents_and_stalls_no_one(StoreKind store) => report.RunAsync("dependency-fan-out", store, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(store, output);
        var mallory = await broker.NewTenantAsync("mallory");
        var alice = await broker.NewTenantAsync("alice");
        // Never opened: the parent runs until it is cancelled.
        var parent = await BrokerApi.SubmitOneAsync(mallory.Http, BrokerApi.Spec("parent", broker.NewGate().ShellWait));
        await BrokerApi.WaitForAsync(mallory.Http, parent.Id, j => j.State == JobState.Running, "the parent job to run");

        var clock = Stopwatch.StartNew();
        using var slow = broker.Client(mallory.Token, TimeSpan.FromMinutes(5));
        int dependents = DependentsOn(store);
        var queued = await Backlog.QueueAsync(slow, dependents, (chunk, size) =>
            BrokerApi.Script([$"--job-name=fan-{chunk}", $"--array=0-{size - 1}", $"--dependency=afterok:{parent.Id}", "--time=00:01:00"], "true"));
        attack.Figure($"{queued.Describe(dependents)} in {clock.Elapsed.TotalSeconds:0} s");
        attack.Check("get a 5xx while queueing dependents", queued.ServerError is null, "none", () => queued.ServerError!);
        Assert.True(queued.Accepted > 0, $"no dependent was accepted: {queued.Refusal}");
        using (var cancel = await mallory.Http.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, parent.Id), null))
            Assert.True(cancel.StatusCode == HttpStatusCode.OK, $"cancelling the parent answered {(int)cancel.StatusCode}");
        clock.Restart();
        var others = new List<string>();
        for (int i = 0; i < OtherJobs; i++)
            others.Add((await BrokerApi.SubmitOneAsync(alice.Http, BrokerApi.Spec($"bystander-{i}", "echo ok"))).Id);

        // Both outcomes are watched at once, so a stall shows in both and the attack ends within the longer wait.
        var bystanders = Task.Run(async () =>
        {
            string? stuck = null;
            try
            {
                foreach (string id in others)
                {
                    var done = await BrokerApi.WaitForEndAsync(alice.Http, id, "the other tenant's job to end", seconds: 180);
                    if (done.State != JobState.Succeeded) return $"alice's job {id} ended {done.State} ({done.Reason})";
                }
                return null;
            }
            catch (TimeoutException e)
            {
                stuck = e.Message;
            }
            var views = new List<string>();
            foreach (string id in others)
            {
                var job = await BrokerApi.GetJobAsync(alice.Http, id);
                if (BrokerApi.FinalStates.Contains(job.State)) continue;
                var explanation = await alice.Http.GetFromJsonAsync<DecisionView>(ApiRoutes.With(ApiRoutes.JobExplanation, id), BrokerApi.Json);
                views.Add($"{id} is {job.State} while its explanation says placed: {explanation!.Placed}, \"{explanation.Summary}\"");
            }
            return $"{stuck}; {string.Join("; ", views)}; {broker.LoggedErrors()}";
        });
        var ending = Task.Run(async () =>
        {
            try
            {
                await BrokerApi.WaitUntilAsync(async () => !await BrokerApi.AnyAsync(mallory.Http, BrokerApi.Unfinished), "every dependent to end", seconds: 240,
                    status: async () => $"mallory's jobs: {await BrokerApi.CountsAsync(mallory.Http)}");
                return (Time: clock.Elapsed, Error: (string?)null);
            }
            catch (TimeoutException e)
            {
                return (Time: clock.Elapsed, Error: (string?)$"{e.Message}; {broker.LoggedErrors()}");
            }
        });

        string? stalled = await bystanders;
        attack.Figure(stalled is null ? $"the other tenant's {OtherJobs} jobs done in {clock.Elapsed.TotalSeconds:0} s" : $"the other tenant's jobs not done after {clock.Elapsed.TotalSeconds:0} s");
        attack.Check($"stall another tenant's {OtherJobs} jobs", stalled is null, $"all {OtherJobs} Succeeded", () => stalled!);
        var (took, unfinished) = await ending;
        if (unfinished is null) attack.Figure($"every dependent ended {took.TotalSeconds:0} s after the cancel");
        attack.Check("leave the dependents waiting for ever", unfinished is null, $"all ended within {took.TotalSeconds:0} s of the cancel", () => unfinished!);
        if (unfinished is null)
        {
            var failed = await BrokerApi.ListAllAsync(mallory.Http, "Failed");
            var wrong = failed.Where(j => j.Id != parent.Id && !j.Reason.Contains(parent.Id, StringComparison.Ordinal)).ToList();
            int count = failed.Count(j => j.Id != parent.Id);
            attack.Check("end the dependents other than Failed naming the dependency", count == queued.Accepted && wrong.Count == 0,
                $"{count:N0} Failed, each naming {parent.Id}",
                () => $"{count:N0} of {queued.Accepted:N0} Failed; {wrong.Count} without the dependency in their reason, e.g. {wrong.FirstOrDefault()?.Reason}");
        }
        attack.Check("take the broker down", await broker.IsHealthyAsync(), "/healthz 200", () => "/healthz does not answer 200");
    });
}
