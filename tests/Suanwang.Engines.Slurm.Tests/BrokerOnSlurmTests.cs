using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Hosting;
using Suanwang.Lifecycle;
using Xunit.Abstractions;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// The broker with real Slurm centers: the lab's clusters are registered through the admin API, the
/// network's local centers are drained, and jobs submitted to the broker run in Slurm.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class BrokerOnSlurmTests(SlurmLab lab, ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = LabBroker.Json;
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-broker-slurm-").FullName;
    private WebApplication _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _tenant = null!;
    private LabBroker _broker = null!;

    public async Task InitializeAsync()
    {
        var options = BrokerOptions.For(_data) with
        {
            Urls = "http://127.0.0.1:0",
            Tick = TimeSpan.FromMilliseconds(200),
            CenterLease = TimeSpan.FromSeconds(3),
            EngineTimeout = TimeSpan.FromSeconds(3),
            SlurmEndpoints = lab.Endpoints,
        };
        (_app, _) = await BrokerHost.BuildAsync(options, logging => { });
        await _app.StartAsync();
        _admin = Client("admin.token");
        _tenant = Client("default.token");
        _broker = new LabBroker(lab, _admin, _tenant);
        await _broker.DrainAllAsync();
        await RegisterAsync("lab-gpu-a", "guizhou", "gpu", "a100-80g", acceleratorsPerNode: 4, cpusPerNode: 32, memoryGiBPerNode: 250, cluster: "gpu-a");
        await RegisterAsync("lab-cpu", "ningxia", "batch", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 125, cluster: "cpu");
    }

    private HttpClient Client(string tokenFile)
    {
        var client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(_data, "tokens", tokenFile)).Trim());
        return client;
    }

    private Task RegisterAsync(string id, string region, string pool, string model, int acceleratorsPerNode, int cpusPerNode, int memoryGiBPerNode, string cluster,
        string? partition = null, double acceleratorHourYuan = 10, string engine = "") =>
        _broker.RegisterAsync(id, region, pool, model, acceleratorsPerNode, cpusPerNode, memoryGiBPerNode, cluster, partition, acceleratorHourYuan, engine);

    private Task<JobView> SubmitAsync(string spec) => _broker.SubmitAsync(spec);

    private Task<OutputView> OutputAsync(string id) => _broker.OutputAsync(id);

    private Task<JobView> WaitAsync(string id, Func<JobView, bool> until, double seconds = 60) => _broker.WaitAsync(id, until, seconds);

    [Fact]
    public async Task Jobs_submitted_to_the_broker_run_in_Slurm_and_their_output_and_cancel_go_through_it()
    {
        var cpu = await SubmitAsync("name: on-slurm\ncommand: [\"sh\", \"-c\", \"echo ran in slurm on $SLURM_CLUSTER_NAME\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.01 }\n");
        var gpu = await SubmitAsync("name: gpu-on-slurm\ncommand: [\"sh\", \"-c\", \"echo gpus=$SLURM_GPUS_ON_NODE\"]\nresources: { accelerators: { count: 2, models: [a100-80g] }, cpus: 2, memoryGiB: 4 }\nwork: { referenceHours: 0.01 }\n");
        var sleeper = await SubmitAsync("name: long\ncommand: [\"sleep\", \"300\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\n");

        var done = await WaitAsync(cpu.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        Assert.Equal((JobState.Succeeded, "lab-cpu"), (done.State, done.CenterId));
        Assert.Contains("ran in slurm", (await OutputAsync(cpu.Id)).Text);

        var gpuDone = await WaitAsync(gpu.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        Assert.Equal((JobState.Succeeded, "lab-gpu-a"), (gpuDone.State, gpuDone.CenterId));
        Assert.Equal("gpus=2\n", (await OutputAsync(gpu.Id)).Text);

        await WaitAsync(sleeper.Id, j => j.State == JobState.Running);
        var cancel = await _tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, sleeper.Id), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var (_, queue) = await lab.SlurmAsync("cpu", "squeue", "-h", "-o", "%k %T");
        Assert.DoesNotContain(DispatchTokens.For(sleeper.Id, 1) + " RUNNING", queue);

        var metering = await _broker.TenantApi.GetMeteringAsync(cpu.Id);
        Assert.NotNull(metering!.Actual);
    }

    [Fact]
    public async Task A_center_whose_controller_stops_loses_its_job_to_another_center_after_the_lease_and_the_extra_run_is_cancelled_when_it_returns()
    {
        // A second CPU center, on the gpu-b cluster, for the job to move to.
        await RegisterAsync("lab-b-cpu", "gansu", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b", partition: "gpu");
        var clusterOf = new Dictionary<string, string> { ["lab-cpu"] = "cpu", ["lab-b-cpu"] = "gpu-b" };
        var job = await SubmitAsync("name: survivor\ncommand: [\"sleep\", \"120\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\n");
        var running = await WaitAsync(job.Id, j => j.State == JobState.Running);
        string first = running.CenterId!, cluster = clusterOf[first];
        string firstToken = DispatchTokens.For(job.Id, 1);
        try
        {
            var stoppedAt = DateTime.UtcNow;
            var (stopped, stopOutput) = await lab.SlurmAsync(cluster, "scontrol", "shutdown", "slurmctld");
            Assert.True(stopped == 0, stopOutput);

            // Unreachable → Unknown; past the 3 s lease → Lost → Requeued → placed on the other center as attempt 2.
            var moved = await WaitAsync(job.Id, j => j.Attempt == 2 && j.State == JobState.Running, seconds: 90);
            log.WriteLine($"running job: attempt 2 running at {moved.CenterId} {(DateTime.UtcNow - stoppedAt).TotalSeconds:0.0} s after the controller stopped (lease 3 s)");
            Assert.NotEqual(first, moved.CenterId);
            var events = await _broker.EventsAsync(job.Id);
            Assert.Equal([JobState.Unknown, JobState.Lost, JobState.Requeued], events.Select(e => e.To).SkipWhile(s => s != JobState.Unknown).Take(3));
        }
        finally
        {
            await lab.RestartMissingAsync();
        }
        // The center is back, and so is attempt 1 (its node kept running it): an extra run, found by its token and cancelled.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string states;
        do
        {
            await Task.Delay(500);
            (_, states) = await lab.SlurmAsync(cluster, "squeue", "-h", "-t", "all", "-o", "%k %T");
        } while (states.Contains(firstToken + " RUNNING", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.DoesNotContain(firstToken + " RUNNING", states);
        Assert.Equal(JobState.Running, (await WaitAsync(job.Id, j => true)).State);
        await _tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, job.Id), null);
    }

    [Fact]
    public async Task A_job_that_must_not_run_twice_fails_when_its_center_loses_it_and_its_run_is_cancelled_on_return()
    {
        await RegisterAsync("lab-b-cpu", "gansu", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b", partition: "gpu");
        await _broker.AdminApi.DrainCenterAsync("lab-b-cpu");
        var job = await SubmitAsync("name: once-only\ncommand: [\"sleep\", \"120\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\nrequeue: false\n");
        var running = await WaitAsync(job.Id, j => j.State == JobState.Running);
        string cluster = running.CenterId == "lab-gpu-a" ? "gpu-a" : "cpu";
        await _broker.AdminApi.ResumeCenterAsync("lab-b-cpu"); // somewhere it could have gone
        string token = DispatchTokens.For(job.Id, 1);
        try
        {
            var (stopped, stopOutput) = await lab.SlurmAsync(cluster, "scontrol", "shutdown", "slurmctld");
            Assert.True(stopped == 0, stopOutput);
            var failed = await WaitAsync(job.Id, j => j.State is JobState.Failed or JobState.Requeued or JobState.Succeeded, seconds: 60);
            Assert.Equal((JobState.Failed, 1), (failed.State, failed.Attempt));
            Assert.Contains("requeue: false", failed.Reason);
            Assert.Equal([JobState.Unknown, JobState.Lost, JobState.Failed], (await _broker.EventsAsync(job.Id)).Select(e => e.To).SkipWhile(s => s != JobState.Unknown));
        }
        finally
        {
            await lab.RestartMissingAsync();
        }
        // The run went on on its node; back in touch, the broker ends it (no live attempt owns it).
        Assert.Equal(["CANCELLED"], await _broker.WaitSlurmStatesAsync(cluster, token, ["CANCELLED"]));
    }

    [Fact]
    public async Task Other_users_jobs_filling_a_cluster_show_as_queue_wait_and_send_work_to_another_cluster()
    {
        // A second GPU center on gpu-b, priced like lab-gpu-a.
        await RegisterAsync("lab-gpu-b", "gansu", "gpu", "a100-80g", acceleratorsPerNode: 8, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b");
        const string spec = "name: gpu-work\ncommand: [\"true\"]\nresources: { accelerators: { count: 4, models: [a100-80g] }, cpus: 2, memoryGiB: 4 }\nwork: { referenceHours: 0.1 }\n";
        // (Until the broker has heard from the new center, it may not be a candidate yet.)
        CandidateView idle;
        var settle = DateTime.UtcNow.AddSeconds(30);
        do
        {
            idle = Candidate(await DryRunAsync(spec), "lab-gpu-a");
            if (idle.Plan is { QueueWaitSeconds: < 60 }) break;
            await Task.Delay(300);
        } while (DateTime.UtcNow < settle);
        Assert.True(idle.Plan is { QueueWaitSeconds: < 60 }, $"idle gpu-a: {idle.Verdict}, {idle.Reason}, wait {idle.Plan?.QueueWaitSeconds} s");

        // Another user of gpu-a takes all its GPUs for up to 30 minutes, straight through Slurm.
        var (code, output) = await lab.SlurmAsync("gpu-a", "sbatch", "--parsable", "-p", "gpu", "-N", "2", "--gres=gpu:4", "-t", "30", "-o", "/dev/null", "--wrap", "sleep 600");
        Assert.True(code == 0, output);
        string other = output.Trim();
        try
        {
            DecisionView decision;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(300);
                decision = await DryRunAsync(spec);
            } while (decision.Plan?.CenterId != "lab-gpu-b" && DateTime.UtcNow < deadline);

            Assert.Equal("lab-gpu-b", decision.Plan!.CenterId);
            var busy = Candidate(decision, "lab-gpu-a");
            Assert.True(busy.Plan is null || busy.Plan.QueueWaitSeconds >= 25 * 60,
                $"gpu-a should wait for the other user's job (30 min limit): {busy.Verdict}, {busy.Reason}, wait {busy.Plan?.QueueWaitSeconds} s");
        }
        finally
        {
            await lab.SlurmAsync("gpu-a", "scancel", other);
        }
    }

    [Fact]
    public async Task A_job_waiting_in_the_queue_of_a_center_that_goes_down_is_placed_elsewhere_after_the_lease()
    {
        await _broker.AdminApi.DrainCenterAsync("lab-gpu-a");
        // Another user fills the cpu cluster; the job is placed there anyway (nothing else is open) and waits in its queue.
        var (code, output) = await lab.SlurmAsync("cpu", "sbatch", "--parsable", "-p", "batch", "-N", "2", "--exclusive", "-t", "30", "-o", "/dev/null", "--wrap", "sleep 600");
        Assert.True(code == 0, output);
        string other = output.Trim();
        var job = await SubmitAsync("name: queued-there\ncommand: [\"true\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.01 }\n");
        string firstToken = DispatchTokens.For(job.Id, 1);
        try
        {
            var dispatched = await WaitAsync(job.Id, j => j.State == JobState.Dispatched);
            Assert.Equal("lab-cpu", dispatched.CenterId);
            Assert.Equal(["PENDING"], await _broker.SlurmJobsWithTokenAsync("cpu", firstToken));

            // A free center joins, then the cpu cluster's controller stops: after the 3 s lease the job runs there.
            await RegisterAsync("lab-b-cpu", "gansu", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b", partition: "gpu");
            var stoppedAt = DateTime.UtcNow;
            var (stopped, stopOutput) = await lab.SlurmAsync("cpu", "scontrol", "shutdown", "slurmctld");
            Assert.True(stopped == 0, stopOutput);
            var moved = await WaitAsync(job.Id, j => j.Attempt == 2 && j.State is JobState.Running or JobState.Succeeded, seconds: 60);
            log.WriteLine($"queued job: attempt 2 {moved.State} at {moved.CenterId} {(DateTime.UtcNow - stoppedAt).TotalSeconds:0.0} s after the controller stopped (lease 3 s)");
            Assert.Equal("lab-b-cpu", moved.CenterId);
            var events = await _broker.EventsAsync(job.Id);
            Assert.Equal([JobState.Unknown, JobState.Lost, JobState.Requeued], events.Select(e => e.To).SkipWhile(s => s != JobState.Unknown).Take(3));
        }
        finally
        {
            await lab.RestartMissingAsync();
        }
        // Back again, the cluster still holds attempt 1 in its queue: found by its token and cancelled before it runs.
        var states = await _broker.WaitSlurmStatesAsync("cpu", firstToken, ["CANCELLED"]);
        await lab.SlurmAsync("cpu", "scancel", other);
        Assert.Equal(["CANCELLED"], states);
    }

    [Fact]
    public async Task A_job_Slurm_requeues_itself_stays_the_same_attempt_and_succeeds()
    {
        // Each run waits for a gate the test opens once Slurm has requeued the first, so the first run cannot finish
        // before the requeue however slow the machine is.
        var gate = Suanwang.Testing.Gate.In(lab.OutDirectory("cpu"));
        var job = await SubmitAsync($"name: requeued\ncommand: [\"sh\", \"-c\", {System.Text.Json.JsonSerializer.Serialize("echo started; " + gate.ShellWait)}]\nresources: {{ cpus: 1, memoryGiB: 1 }}\nwork: {{ referenceHours: 0.01 }}\n");
        var running = await WaitAsync(job.Id, j => j.State == JobState.Running);
        // Requeued once its program runs (a requeue while Slurm is still launching the batch step can fail the job).
        var started = DateTime.UtcNow.AddSeconds(30);
        while (!(await OutputAsync(job.Id)).Text.Contains("started", StringComparison.Ordinal) && DateTime.UtcNow < started)
            await Task.Delay(100);
        string token = DispatchTokens.For(job.Id, 1);
        string slurmId = await SlurmJobIdAsync("cpu", token);

        // As after a node failure or preemption: Slurm puts the job back in its queue and starts it again.
        var (code, output) = await lab.SlurmAsync("cpu", "scontrol", "requeue", slurmId);
        Assert.True(code == 0, output);
        await WaitAsync(job.Id, j => j.Reason.StartsWith("requeued by lab-cpu", StringComparison.Ordinal), seconds: 60);
        gate.Open();
        // Slurm delays a requeued job's start by a couple of minutes; the operator lets it go now.
        (code, output) = await lab.SlurmAsync("cpu", "scontrol", "update", $"jobid={slurmId}", "starttime=now");
        Assert.True(code == 0, output);

        var done = await WaitAsync(job.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Requeued);
        Assert.True((JobState.Succeeded, 1, "lab-cpu") == (done.State, done.Attempt, done.CenterId),
            $"{done.State} (attempt {done.Attempt} at {done.CenterId}): {done.Reason}; events: {string.Join(" → ", (await _broker.EventsAsync(job.Id)).Select(e => $"{e.To} ({e.Reason})"))}");
        Assert.Equal([JobState.Running, JobState.Succeeded], (await _broker.EventsAsync(job.Id)).Select(e => e.To).SkipWhile(s => s != JobState.Running));
        Assert.Single(await _broker.SlurmJobsWithTokenAsync("cpu", token));
        Assert.True(done.StartedAt > running.StartedAt, "the metered start is the second run's");
    }

    [Fact]
    public async Task A_center_whose_slurmrestd_hangs_does_not_hold_up_work_for_the_others()
    {
        await RegisterAsync("lab-b-cpu", "gansu", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b", partition: "gpu");
        await _broker.AdminApi.DrainCenterAsync("lab-gpu-a");
        int rest = int.Parse(await File.ReadAllTextAsync(Path.Combine(lab.Directory, "cpu", "run", "slurmrestd.pid")), System.Globalization.CultureInfo.InvariantCulture);
        await SignalAsync(rest, "STOP");
        try
        {
            // Every call to lab-cpu now hangs until its 3 s timeout; jobs go to lab-b-cpu meanwhile.
            var jobs = new List<JobView>();
            for (int i = 0; i < 3; i++)
                jobs.Add(await SubmitAsync($"name: around-{i}\ncommand: [\"true\"]\nresources: {{ cpus: 1, memoryGiB: 1 }}\nwork: {{ referenceHours: 0.01 }}\n"));
            var hungAt = DateTime.UtcNow;
            foreach (var job in jobs)
            {
                var done = await WaitAsync(job.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled, seconds: 60);
                Assert.Equal((JobState.Succeeded, "lab-b-cpu"), (done.State, done.CenterId));
            }
            log.WriteLine($"hung center: 3 jobs succeeded on the other cluster {(DateTime.UtcNow - hungAt).TotalSeconds:0.0} s after submission (engine timeout 3 s)");
            // Once its calls time out (3 s), the hung center is shown as such.
            CenterAvailability availability;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                await Task.Delay(200);
                availability = (await _broker.AdminApi.GetCenterAsync("lab-cpu")).Availability;
            } while (availability == CenterAvailability.Up && DateTime.UtcNow < deadline);
            Assert.NotEqual(CenterAvailability.Up, availability);
        }
        finally
        {
            await SignalAsync(rest, "CONT");
        }
    }

    [Fact]
    public async Task A_tenants_jobs_are_charged_to_the_Slurm_account_the_operator_maps_it_to()
    {
        await RegisterAsync("lab-cpu", "ningxia", "batch", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 125, cluster: "cpu",
            engine: "account: suanwang, account.default: physics-lab");
        var job = await SubmitAsync("name: charged\ncommand: [\"true\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.01 }\n");
        await WaitAsync(job.Id, j => j.State is JobState.Succeeded);

        var (code, output) = await lab.SlurmAsync("cpu", "squeue", "-h", "-t", "all", "-o", "%k %a");
        Assert.True(code == 0, output);
        Assert.Contains($"{DispatchTokens.For(job.Id, 1)} physics-lab", output);
    }

    [Fact]
    public async Task The_center_files_the_lab_writes_register_as_they_are_and_an_NPU_job_runs_on_the_Ascend_cluster()
    {
        foreach (string cluster in SlurmLab.ClusterNames)
        {
            string file = Path.Combine(lab.Directory, "centers", $"lab-{cluster}.yaml");
            var response = await _admin.PutAsync(ApiRoutes.With(ApiRoutes.Center, $"lab-{cluster}"),
                new StringContent(await File.ReadAllTextAsync(file), Encoding.UTF8, "application/yaml"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {await response.Content.ReadAsStringAsync()}");
        }
        await _broker.AdminApi.DrainCenterAsync("lab-gpu-a");

        var npu = await SubmitAsync("name: on-ascend\ncommand: [\"true\"]\nresources: { accelerators: { count: 8, models: [ascend-910b] }, cpus: 4, memoryGiB: 8 }\nwork: { referenceHours: 0.01 }\n");
        var done = await WaitAsync(npu.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        Assert.Equal((JobState.Succeeded, "lab-gpu-b"), (done.State, done.CenterId));
    }

    [Fact]
    public async Task A_tenant_mapped_to_its_own_Slurm_user_runs_and_is_cancelled_as_that_user()
    {
        // The lab runs a second slurmrestd per cluster as user swlab2: the operator maps tenant physics to it.
        string physicsSocket = Path.Combine(Path.GetDirectoryName(lab.Socket("cpu"))!, "swlab2.sock");
        await RegisterAsync("lab-cpu", "ningxia", "batch", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 125, cluster: "cpu",
            engine: $"socket.physics: \"{physicsSocket}\", account.physics: physics-lab");
        await _broker.AdminApi.DrainCenterAsync("lab-gpu-a");
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync(ApiRoutes.Tenants, new CreateTenantRequest("physics", null, "research", null, null), Json)).StatusCode);
        var issued = (await (await _admin.PostAsJsonAsync(ApiRoutes.Tokens, new IssueTokenRequest("tenant", "physics", "test"), Json)).Content.ReadFromJsonAsync<IssuedToken>(Json))!;
        using var physicsClient = new HttpClient { BaseAddress = _admin.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        physicsClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Secret);
        var physics = new LabBroker(lab, _admin, physicsClient);

        var theirs = await physics.SubmitAsync("name: theirs\ncommand: [\"sleep\", \"120\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\n");
        var ours = await SubmitAsync("name: ours\ncommand: [\"true\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.01 }\n");
        await physics.WaitAsync(theirs.Id, j => j.State == JobState.Running);
        await WaitAsync(ours.Id, j => j.State == JobState.Succeeded);

        var (code, output) = await lab.SlurmAsync("cpu", "squeue", "-h", "-t", "all", "-o", "%k %u %a");
        Assert.True(code == 0, output);
        Assert.Contains($"{DispatchTokens.For(theirs.Id, 1)} swlab2 physics-lab", output);
        Assert.Contains($"{DispatchTokens.For(ours.Id, 1)} swlab ", output);

        // Only its own user may cancel it in Slurm: the broker's cancel goes through the tenant's socket.
        Assert.Equal(HttpStatusCode.OK, (await physicsClient.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, theirs.Id), null)).StatusCode);
        var cancelled = await physics.WaitAsync(theirs.Id, j => j.State is JobState.Cancelled or JobState.Failed or JobState.Succeeded);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(["CANCELLED"], await physics.WaitSlurmStatesAsync("cpu", DispatchTokens.For(theirs.Id, 1), ["CANCELLED"]));
    }

    private Task<DecisionView> DryRunAsync(string spec) => _broker.DryRunAsync(spec);

    private static CandidateView Candidate(DecisionView decision, string centerId) =>
        decision.Candidates.Single(c => c.CenterId == centerId);

    private async Task<string> SlurmJobIdAsync(string cluster, string token)
    {
        var (code, output) = await lab.SlurmAsync(cluster, "squeue", "-h", "-t", "all", "-o", "%k %i");
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Single(line => line.StartsWith(token + " ", StringComparison.Ordinal))[(token.Length + 1)..];
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-s", signal, "--", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _admin.Dispose();
        _tenant.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
