using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>A job's life through the real broker: submitted over HTTP, placed by the core, run as a real process on a local center.</summary>
public sealed class JobFlowTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task A_submitted_job_runs_on_a_local_center_and_its_output_history_and_metering_can_be_read()
    {
        var job = await SubmitAsync(_broker.Tenant, Spec("hello", "echo \"hello from $SUANWANG_CENTER\"; sleep 1; echo bye >&2", seconds: 1));
        Assert.Equal(JobState.Queued, job.State); // read, checked and admitted in the transaction that stored it
        Assert.Equal("default", job.Tenant);

        var done = await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
        Assert.Equal(0, done.ExitCode);
        Assert.NotNull(done.CenterId);
        Assert.NotNull(done.StartedAt);

        var stdout = await _broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
        Assert.Equal($"hello from {done.CenterId}\n", stdout!.Text);
        Assert.True(stdout.Complete);
        var stderr = await _broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id) + "?stream=stderr", Json);
        Assert.Equal("bye\n", stderr!.Text);

        var events = (await _broker.Tenant.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, job.Id), Json))!;
        Assert.Equal([JobState.Submitted, JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Succeeded], events!.Select(e => e.To));
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (long)v), events!.Select(e => e.Version));
        Assert.All(events.Skip(1), e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));

        var explanation = await _broker.Tenant.GetFromJsonAsync<DecisionView>(ApiRoutes.With(ApiRoutes.JobExplanation, job.Id), Json);
        Assert.True(explanation!.Placed);
        Assert.Equal(done.CenterId, explanation.Plan!.CenterId);
        Assert.Equal(10, explanation.Candidates.Count); // every center of the default network, with its verdict
        Assert.Equal(CandidateVerdict.Chosen, explanation.Candidates[0].Verdict);

        var metering = await _broker.Tenant.GetFromJsonAsync<MeteringView>(ApiRoutes.With(ApiRoutes.JobMetering, job.Id), Json);
        Assert.NotNull(metering!.Estimated);
        Assert.NotNull(metering.Actual);
        Assert.InRange(metering.Actual!.RuntimeSeconds, 0.9, 10);
        Assert.True(metering.Actual.CostYuan > 0 && metering.Actual.EnergyKwh > 0 && metering.Actual.CarbonKg > 0);
    }

    [Fact]
    public async Task A_failing_command_ends_Failed_with_its_exit_code()
    {
        var job = await SubmitAsync(_broker.Tenant, Spec("fails", "echo oops >&2; exit 3"));
        var done = await WaitForAsync(_broker.Tenant, job.Id, j => j.State is JobState.Failed or JobState.Succeeded);
        Assert.Equal((JobState.Failed, (int?)3), (done.State, done.ExitCode));
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_its_whole_process_tree()
    {
        // A child in the background, found on the machine by its unique argument (the job runs in a sandbox of its own,
        // whose pids mean nothing here); after the cancel it must be gone (waited for, never timed).
        string duration = $"600.{Random.Shared.Next(100_000, 999_999)}";
        var job = await SubmitAsync(_broker.Tenant, Spec("sleeper", $"sleep {duration} & wait", seconds: 60));
        await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Running);
        Assert.True(await WaitUntilAsync(() => Task.FromResult(Running("sleep", duration).Count == 1)), "the job's child never started");
        int child = Running("sleep", duration).Single();
        var cancel = await _broker.Tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, job.Id), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = await GetJobAsync(_broker.Tenant, job.Id);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Contains("stopped", cancelled.Reason);
        Assert.True(await WaitUntilAsync(() => Task.FromResult(!IsAlive(child))), $"the cancelled job's child {child} kept running");
        // Cancelling again is harmless and answers the same.
        var again = await _broker.Tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, job.Id), null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(JobState.Cancelled, (await GetJobAsync(_broker.Tenant, job.Id)).State);
    }

    [Fact]
    public async Task Cancelling_a_finished_job_is_a_conflict()
    {
        var job = await SubmitAsync(_broker.Tenant, Spec("quick", "true"));
        await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
        var cancel = await _broker.Tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, job.Id), null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_job_and_never_a_second_one()
    {
        string spec = Spec("once", "true");
        var first = await PostSpecAsync(_broker.Tenant, spec, "key-1");
        var second = await PostSpecAsync(_broker.Tenant, spec, "key-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<SubmitResult>(Json))!;
        var b = (await second.Content.ReadFromJsonAsync<SubmitResult>(Json))!;
        Assert.False(a.Replayed);
        Assert.True(b.Replayed);
        Assert.Equal(a.Jobs.Single().Id, b.Jobs.Single().Id);
        var page = await _broker.Tenant.GetFromJsonAsync<JobPage>(ApiRoutes.Jobs, Json);
        Assert.Single(page!.Items, j => j.Name == "once");

        var other = await PostSpecAsync(_broker.Tenant, Spec("different", "true"), "key-1");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task A_job_array_from_an_sbatch_script_becomes_one_job_per_index()
    {
        const string script = "#!/bin/bash\n#SBATCH --job-name=sweep\n#SBATCH --array=0-2\n#SBATCH --cpus-per-task=1\n#SBATCH --time=00:05:00\necho task $SLURM_ARRAY_TASK_ID\n";
        var response = await PostSpecAsync(_broker.Tenant, script);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var result = System.Text.Json.JsonSerializer.Deserialize<SubmitResult>(body, Json)!;
        Assert.Equal(3, result.Jobs.Count);
        Assert.All(result.Jobs, j => Assert.StartsWith("sweep", j.Name));
        foreach (var job in result.Jobs) await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
    }

    [Fact]
    public async Task Dry_run_explains_where_a_job_would_go_and_stores_nothing()
    {
        var response = await PostSpecAsync(_broker.Tenant, Spec("what-if", "true"), route: ApiRoutes.DryRun);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decisions = (await response.Content.ReadFromJsonAsync<DecisionView[]>(Json))!;
        var decision = Assert.Single(decisions);
        Assert.True(decision.Placed);
        Assert.Equal(10, decision.Candidates.Count);
        var page = await _broker.Tenant.GetFromJsonAsync<JobPage>(ApiRoutes.Jobs, Json);
        Assert.Empty(page!.Items);
    }

    [Fact]
    public async Task A_job_waits_for_its_dependency_and_fails_when_the_dependency_fails()
    {
        var first = await SubmitAsync(_broker.Tenant, Spec("first", "sleep 1; exit 1"));
        var second = await SubmitAsync(_broker.Tenant, $"name: second\ncommand: [\"true\"]\nresources: {{ cpus: 1, memoryGiB: 1 }}\nwork: {{ referenceHours: 0.001 }}\ndependsOn: [{first.Id}]\n");
        var waiting = await WaitForAsync(_broker.Tenant, second.Id, j => j.Reason.Contains("dependency"));
        Assert.Equal(JobState.Queued, waiting.State);
        var failed = await WaitForStateAsync(_broker.Tenant, second.Id, JobState.Failed);
        Assert.Contains(first.Id, failed.Reason);
    }

    [Fact]
    public async Task Centers_report_live_load_and_a_drained_center_takes_no_new_work()
    {
        var centers = (await _broker.Tenant.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;
        Assert.Equal(10, centers.Length);
        Assert.All(centers, c => Assert.Equal(CenterAvailability.Up, c.Availability));
        Assert.All(centers, c => Assert.True(c.Pue >= 1 && c.CarbonGramsPerKwh > 0 && c.PerAcceleratorHourYuan > 0));

        // Find where an idle network sends a job, drain that center, and check the next job goes elsewhere.
        var dry = (await (await PostSpecAsync(_broker.Tenant, Spec("probe", "true"), route: ApiRoutes.DryRun)).Content.ReadFromJsonAsync<DecisionView[]>(Json))!;
        string favourite = dry[0].Plan!.CenterId;
        var drained = await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, favourite), null);
        Assert.Equal(CenterAvailability.Draining, (await drained.Content.ReadFromJsonAsync<CenterView>(Json))!.Availability);
        var job = await SubmitAsync(_broker.Tenant, Spec("elsewhere", "true"));
        var placed = await WaitForAsync(_broker.Tenant, job.Id, j => j.CenterId is not null);
        Assert.NotEqual(favourite, placed.CenterId);
        var explanation = await _broker.Tenant.GetFromJsonAsync<DecisionView>(ApiRoutes.With(ApiRoutes.JobExplanation, job.Id), Json);
        var lost = explanation!.Candidates.Single(c => c.CenterId == favourite);
        Assert.Equal(CandidateVerdict.Filtered, lost.Verdict);

        await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterResume, favourite), null);
        var resumed = await _broker.Tenant.GetFromJsonAsync<CenterView>(ApiRoutes.With(ApiRoutes.Center, favourite), Json);
        Assert.Equal(CenterAvailability.Up, resumed!.Availability);
    }

    [Fact]
    public async Task A_job_waiting_because_every_center_is_drained_explains_why_and_runs_once_they_resume()
    {
        var centers = (await _broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;
        foreach (var c in centers) await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, c.Id), null);
        var job = await SubmitAsync(_broker.Tenant, Spec("patient", "echo finally"));
        var waiting = await WaitForAsync(_broker.Tenant, job.Id, j => j.Reason.StartsWith("waiting:", StringComparison.Ordinal));
        Assert.Equal(JobState.Queued, waiting.State);
        var why = (await _broker.Tenant.GetFromJsonAsync<DecisionView>(ApiRoutes.With(ApiRoutes.JobExplanation, job.Id), Json))!;
        Assert.False(why.Placed);
        Assert.Equal(10, why.Candidates.Count);
        Assert.All(why.Candidates, c => Assert.Equal(CandidateVerdict.Filtered, c.Verdict));
        foreach (var c in centers) await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterResume, c.Id), null);
        await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
    }

    [Fact]
    public async Task Usage_shows_what_a_tenant_ran_against_its_budget()
    {
        var client = await _broker.NewTenantAsync("lab", tier: "research", budgetYuan: 1000, quota: 50);
        var job = await SubmitAsync(client, Spec("count", "sleep 1", seconds: 1));
        await WaitForStateAsync(client, job.Id, JobState.Succeeded);
        var usage = Assert.Single((await client.GetFromJsonAsync<UsageView[]>(ApiRoutes.Usage, Json))!);
        Assert.Equal("lab", usage.Tenant);
        Assert.Equal(1, usage.JobsByState[JobState.Succeeded]);
        Assert.True(usage.CostYuan > 0);
        Assert.Equal(1000 - usage.CostYuan, usage.RemainingBudgetYuan!.Value, 6);
        var all = (await _broker.Admin.GetFromJsonAsync<UsageView[]>(ApiRoutes.Usage, Json))!;
        Assert.Contains(all, u => u.Tenant == "lab");
        Assert.Contains(all, u => u.Tenant == "default");
    }

    [Fact]
    public async Task Listing_filters_by_state_and_pages_with_a_cursor()
    {
        for (int i = 0; i < 5; i++) await SubmitAsync(_broker.Tenant, Spec($"list-{i}", "true"));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await _broker.Tenant.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"), Json))!;
            seen.AddRange(page.Items.Select(j => j.Name));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(["list-4", "list-3", "list-2", "list-1", "list-0"], seen);
        var bad = await _broker.Tenant.GetAsync($"{ApiRoutes.Jobs}?state=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Sleeping", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_readiness_metrics_and_the_OpenAPI_document_are_served()
    {
        Assert.Equal("ok", await _broker.Anonymous.GetStringAsync(ApiRoutes.Health));
        var ready = await WaitUntilAsync(async () => (await _broker.Anonymous.GetAsync(ApiRoutes.Ready)).StatusCode == HttpStatusCode.OK);
        Assert.True(ready);
        var job = await SubmitAsync(_broker.Tenant, Spec("metered", "true"));
        await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
        string metrics = await _broker.Anonymous.GetStringAsync(ApiRoutes.Metrics);
        Assert.Contains("suanwang_jobs{state=\"Queued\"}", metrics);
        Assert.Contains("suanwang_queue_length{tier=\"research\"}", metrics);
        Assert.Contains("suanwang_placement_decisions_total{outcome=\"placed\"}", metrics);
        Assert.Contains("suanwang_dispatch_latency_seconds_bucket", metrics);
        string openApi = await _broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi);
        Assert.Contains("\"/v1/jobs\"", openApi);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for at most 90 s (generous: a loaded machine is slow, not wrong).</summary>
    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition();
    }

    /// <summary>The processes on this machine whose command line is exactly <paramref name="argv"/>.</summary>
    private static List<int> Running(params string[] argv)
    {
        string wanted = string.Join('\0', argv) + "\0";
        var found = new List<int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")) == wanted && IsAlive(pid)) found.Add(pid);
            }
            catch (IOException) { } // ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Whether a process runs: it exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[^1][0] != 'Z'; }
        catch (IOException) { return false; }
    }
}
