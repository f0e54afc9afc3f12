using System.Net;
using System.Net.Http.Json;
using System.Text;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Testing;
using Suanwang.Testing.Brokers;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// The broker killed with SIGKILL (no shutdown code runs) during a burst of retried submissions and
/// while jobs run: nothing acknowledged is lost, nothing is doubled, and runs are reconciled, never
/// started twice.
/// </summary>
[Trait("Category", "Fault")]
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-crash-").FullName;
    // Gates live outside the data folder, which jobs never see; every local center exposes this folder to them.
    private readonly string _gates = SharedFolder.Create("suanwang-crash-gates-");
    private BrokerProcess _broker = null!;

    public async Task InitializeAsync()
    {
        _broker = new BrokerProcess(_data);
        _broker.Arguments.AddRange(["--network", ExposingNetwork.Write(_gates)]);
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        KillRunsAndDelete(_data);
        Directory.Delete(_gates, recursive: true);
    }

    [Fact]
    public async Task Killing_the_broker_during_a_submission_storm_loses_no_acknowledged_job_and_doubles_none()
    {
        const int Clients = 4, Kills = 4;
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(); // key → job id
        int retries = 0;
        bool stopping = false;

        // Each client submits one job after another until told to stop; a submission that fails or gets no
        // answer is retried with the same key until it is acknowledged.
        async Task Client(int c)
        {
            using var http = _broker.Client("default", TimeSpan.FromSeconds(5));
            for (int i = 0; !Volatile.Read(ref stopping); i++)
            {
                string key = $"storm-{c}-{i}";
                while (true)
                {
                    try
                    {
                        var response = await PostSpecAsync(http, Spec(key, "true"), key);
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            var result = (await response.Content.ReadFromJsonAsync<SubmitResult>(Json))!;
                            string id = result.Jobs.Single().Id;
                            // A retry of an acknowledged key must return the same job.
                            Assert.Equal(id, acknowledged.GetOrAdd(key, id));
                            break;
                        }
                        Assert.True((int)response.StatusCode >= 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                    catch (HttpRequestException) { }
                    catch (TaskCanceledException) { }
                    Interlocked.Increment(ref retries);
                    await Task.Delay(50);
                }
                await Task.Delay(20);
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))).ToArray();
        for (int kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400 + 250 * kill));
            Assert.False(clients.Any(t => t.IsFaulted), "a client failed");
            _broker.Kill();
            await Task.Delay(150);
            await _broker.StartAsync();
        }
        await Task.Delay(300);
        Volatile.Write(ref stopping, true);
        await Task.WhenAll(clients);
        Assert.True(retries > 0, "no submission was ever interrupted: the kills missed the storm");

        // Replay every key once more: the same jobs come back, nothing new is made.
        using (var http = _broker.Client("default"))
            foreach (var (key, id) in acknowledged.Take(20))
            {
                var again = await PostSpecAsync(http, Spec(key, "true"), key);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                Assert.Equal(id, (await again.Content.ReadFromJsonAsync<SubmitResult>(Json))!.Jobs.Single().Id);
            }

        var stored = await AllJobsAsync(_broker.Client("admin"));
        var byName = stored.GroupBy(j => j.Name).ToDictionary(g => g.Key, g => g.ToList());
        var lost = acknowledged.Where(a => !stored.Any(j => j.Id == a.Value)).Select(a => a.Key).ToList();
        var doubled = byName.Where(g => g.Value.Count > 1).Select(g => g.Key).ToList();
        Assert.True(lost.Count == 0, $"lost after {Kills} kills: {string.Join(", ", lost)}");
        Assert.True(doubled.Count == 0, $"duplicated: {string.Join(", ", doubled)}");
        Assert.Equal(acknowledged.Count, stored.Count);
        output.WriteLine($"storm: {acknowledged.Count} submissions acknowledged across {Kills} SIGKILLs of the broker, {retries} retries; lost 0, duplicated 0");

        // Every job runs to the end, each run started once.
        using var admin = _broker.Client("admin");
        foreach (var job in stored) await WaitForAsync(admin, job.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, seconds: 120);
        var states = (await AllJobsAsync(admin)).GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(acknowledged.Count, states.GetValueOrDefault(JobState.Succeeded));
        var runs = StartedRuns();
        Assert.Equal(acknowledged.Count, runs.Count);
        Assert.All(runs.GroupBy(JobOf), g => Assert.Single(g));
    }

    [Fact]
    public async Task A_job_that_finished_while_the_broker_was_down_is_found_finished_and_not_run_again()
    {
        using var http = _broker.Client("default");
        Gate gate = Gate.In(_gates);
        var job = await SubmitAsync(http, Spec("outlives", $"{gate.ShellWait}; echo done", seconds: 2));
        await WaitForStateAsync(http, job.Id, JobState.Running);
        _broker.Kill();
        // The job ends while nobody watches: the test lets it go on and waits for its wrapper to record the exit.
        gate.Open();
        await WaitUntilAsync(() => Directory.EnumerateFiles(Path.Combine(_data, "centers"), "exit", SearchOption.AllDirectories).Any(),
            "the run recorded its exit while the broker was down");
        await _broker.StartAsync();
        using var after = _broker.Client("default");
        var done = await WaitForStateAsync(after, job.Id, JobState.Succeeded);
        var output = await after.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
        Assert.Equal("done\n", output!.Text);
        Assert.Equal(1, done.Attempt);
        Assert.Equal([DispatchToken(job.Id)], StartedRuns());
    }

    [Fact]
    public async Task A_job_still_running_after_a_restart_is_reattached_not_restarted()
    {
        using var http = _broker.Client("default");
        // The job runs until the test opens its gate, however long the restart takes on a loaded machine.
        Gate gate = Gate.In(_gates);
        var job = await SubmitAsync(http, Spec("long", $"echo start; {gate.ShellWait}; echo end", seconds: 4));
        await WaitForStateAsync(http, job.Id, JobState.Running);
        _broker.Kill();
        await _broker.StartAsync();
        using var after = _broker.Client("default");
        Assert.Equal(JobState.Running, (await GetJobAsync(after, job.Id)).State);
        gate.Open();
        await WaitForStateAsync(after, job.Id, JobState.Succeeded);
        var output = await after.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
        Assert.Equal("start\nend\n", output!.Text);
        var events = (await after.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, job.Id), Json))!;
        Assert.Single(events, e => e.To == JobState.Running);
        Assert.Equal([DispatchToken(job.Id)], StartedRuns());
    }

    [Fact]
    public async Task A_run_that_died_while_the_broker_was_down_is_found_lost_and_requeued_as_a_new_attempt()
    {
        using var http = _broker.Client("default");
        var job = await SubmitAsync(http, Spec("dies", "if [ \"$SUANWANG_ATTEMPT\" = 1 ]; then sleep 600; else echo second attempt; fi", seconds: 5));
        await WaitForStateAsync(http, job.Id, JobState.Running);
        _broker.Kill();
        // The machine loses the run while nobody watches (as after a reboot): its whole process group is gone.
        string started = Directory.EnumerateFiles(Path.Combine(_data, "centers"), "started", SearchOption.AllDirectories).Single();
        int group = int.Parse(File.ReadAllText(started).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(group > 1);
        System.Diagnostics.Process.Start("kill", ["-s", "KILL", "--", $"-{group}"])!.WaitForExit();
        await _broker.StartAsync();
        using var after = _broker.Client("default");
        JobView done;
        try { done = await WaitForStateAsync(after, job.Id, JobState.Succeeded); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"{e.Message}\nbroker log:\n{_broker.Log()}"); }
        Assert.Equal(2, done.Attempt);
        var events = (await after.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, job.Id), Json))!;
        Assert.Contains(events, e => e.To == JobState.Lost && e.Attempt == 1);
        Assert.Contains(events, e => e.To == JobState.Requeued && e.Attempt == 2);
        var output = await after.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
        Assert.Equal("second attempt\n", output!.Text);
        Assert.Equal([DispatchToken(job.Id), Suanwang.Engines.DispatchTokens.For(job.Id, 2)], StartedRuns());
    }

    [Fact]
    public async Task Every_job_record_is_identical_after_a_restart()
    {
        using var http = _broker.Client("default");
        var a = await SubmitAsync(http, Spec("fidelity-a", "true"));
        var b = await SubmitAsync(http, Spec("fidelity-b", "sleep 600", seconds: 30));
        await WaitForStateAsync(http, a.Id, JobState.Succeeded);
        await WaitForStateAsync(http, b.Id, JobState.Running);
        await http.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, b.Id), null);
        await WaitForStateAsync(http, b.Id, JobState.Cancelled);
        string Snapshot(HttpClient c) => string.Join("\n", new[] { a.Id, b.Id }.SelectMany(id => new[]
        {
            c.GetStringAsync(ApiRoutes.With(ApiRoutes.Job, id)).Result,
            c.GetStringAsync(ApiRoutes.With(ApiRoutes.JobEvents, id)).Result,
            c.GetStringAsync(ApiRoutes.With(ApiRoutes.JobExplanation, id)).Result,
            c.GetStringAsync(ApiRoutes.With(ApiRoutes.JobMetering, id)).Result,
        }));
        string before = Snapshot(http);
        _broker.Kill();
        await _broker.StartAsync();
        using var after = _broker.Client("default");
        await Task.Delay(500); // a few scheduler cycles
        Assert.Equal(before, Snapshot(after));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {seconds} s for: {what}");
            await Task.Delay(50);
        }
    }

    private static async Task<List<JobView>> AllJobsAsync(HttpClient client)
    {
        var all = new List<JobView>();
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?limit=500" + (cursor is null ? "" : $"&cursor={cursor}"), Json))!;
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    /// <summary>
    /// The dispatch tokens of every run a local center started (a run directory gets its `started`
    /// marker when its command starts, and its wrapper refuses to start it a second time): one per job
    /// means no job was started twice, under the same attempt or a new one.
    /// </summary>
    private List<string> StartedRuns() =>
        Directory.EnumerateFiles(Path.Combine(_data, "centers"), "started", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f))!).Order(StringComparer.Ordinal).ToList();

    private static string DispatchToken(string jobId) => Suanwang.Engines.DispatchTokens.For(jobId, 1);

    private static string JobOf(string token) => token[Suanwang.Engines.DispatchTokens.Prefix.Length..token.LastIndexOf("-a", StringComparison.Ordinal)];
}
