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

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// The broker with real Slurm centers: the lab's clusters are registered through the admin API, the
/// network's local centers are drained, and jobs submitted to the broker run in Slurm.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class BrokerOnSlurmTests(SlurmLab lab) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = CreateJson();
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-broker-slurm-").FullName;
    private WebApplication _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _tenant = null!;

    public async Task InitializeAsync()
    {
        var options = BrokerOptions.For(_data) with
        {
            Urls = "http://127.0.0.1:0",
            Tick = TimeSpan.FromMilliseconds(200),
            CenterLease = TimeSpan.FromSeconds(3),
            EngineTimeout = TimeSpan.FromSeconds(3),
        };
        (_app, _) = await BrokerHost.BuildAsync(options, logging => { });
        await _app.StartAsync();
        _admin = Client("admin.token");
        _tenant = Client("default.token");
        foreach (var center in (await _admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!)
            await _admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, center.Id), null);
        await RegisterAsync("lab-gpu-a", "guizhou", "gpu", "a100-80g", acceleratorsPerNode: 4, cpusPerNode: 32, memoryGiBPerNode: 250, cluster: "gpu-a");
        await RegisterAsync("lab-cpu", "ningxia", "batch", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 125, cluster: "cpu");
    }

    private HttpClient Client(string tokenFile)
    {
        var client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(_data, "tokens", tokenFile)).Trim());
        return client;
    }

    private async Task RegisterAsync(string id, string region, string pool, string model, int acceleratorsPerNode, int cpusPerNode, int memoryGiBPerNode, string cluster,
        string? partition = null)
    {
        string accelerators = acceleratorsPerNode > 0 ? $"acceleratorsPerNode: {acceleratorsPerNode}, " : "";
        string price = acceleratorsPerNode > 0 ? ", perAcceleratorHourYuan: 10" : "";
        string yaml = $$"""
            id: {{id}}
            name: Lab {{cluster}}
            region: {{region}}
            backend: slurm
            pools:
              - { id: {{pool}}, accelerator: {{model}}, {{accelerators}}cpusPerNode: {{cpusPerNode}}, memoryGiBPerNode: {{memoryGiBPerNode}}, nodes: 2{{price}} }
            pricing: { perCpuHourYuan: 0.1 }
            energy: { pue: 1.2, carbon: { annualGramsPerKwh: 500, source: test }, renewable: { annualShare: 0.3, source: test } }
            engine: { socket: "{{lab.Socket(cluster)}}", workDir: "{{lab.OutDirectory(cluster)}}"{{(partition is null ? "" : $", partition.{pool}: {partition}")}} }
            """;
        var response = await _admin.PutAsync(ApiRoutes.With(ApiRoutes.Center, id), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = (await response.Content.ReadFromJsonAsync<CenterView>(Json))!;
        Assert.Equal("slurm", view.Backend);
    }

    [Fact]
    public async Task Jobs_submitted_to_the_broker_run_in_Slurm_and_their_output_and_cancel_go_through_it()
    {
        var cpu = await SubmitAsync("name: on-slurm\ncommand: [\"sh\", \"-c\", \"echo ran in slurm on $SLURM_CLUSTER_NAME\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.01 }\n");
        var gpu = await SubmitAsync("name: gpu-on-slurm\ncommand: [\"sh\", \"-c\", \"echo gpus=$SLURM_GPUS_ON_NODE\"]\nresources: { accelerators: { count: 2, models: [a100-80g] }, cpus: 2, memoryGiB: 4 }\nwork: { referenceHours: 0.01 }\n");
        var sleeper = await SubmitAsync("name: long\ncommand: [\"sleep\", \"300\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\n");

        var done = await WaitAsync(cpu.Id, j => j.State is "Succeeded" or "Failed" or "Cancelled");
        Assert.Equal(("Succeeded", "lab-cpu"), (done.State, done.CenterId));
        Assert.Contains("ran in slurm", (await OutputAsync(cpu.Id)).Text);

        var gpuDone = await WaitAsync(gpu.Id, j => j.State is "Succeeded" or "Failed" or "Cancelled");
        Assert.Equal(("Succeeded", "lab-gpu-a"), (gpuDone.State, gpuDone.CenterId));
        Assert.Equal("gpus=2\n", (await OutputAsync(gpu.Id)).Text);

        await WaitAsync(sleeper.Id, j => j.State == "Running");
        var cancel = await _tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, sleeper.Id), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var (_, queue) = await lab.SlurmAsync("cpu", "squeue", "-h", "-o", "%k %T");
        Assert.DoesNotContain(DispatchTokens.For(sleeper.Id, 1) + " RUNNING", queue);

        var metering = await _tenant.GetFromJsonAsync<MeteringView>(ApiRoutes.With(ApiRoutes.JobMetering, cpu.Id), Json);
        Assert.NotNull(metering!.Actual);
    }

    [Fact]
    public async Task A_center_whose_controller_stops_loses_its_job_to_another_center_after_the_lease_and_the_extra_run_is_cancelled_when_it_returns()
    {
        // A second CPU center, on the gpu-b cluster, for the job to move to.
        await RegisterAsync("lab-b-cpu", "gansu", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 64, memoryGiBPerNode: 500, cluster: "gpu-b", partition: "gpu");
        var clusterOf = new Dictionary<string, string> { ["lab-cpu"] = "cpu", ["lab-b-cpu"] = "gpu-b" };
        var job = await SubmitAsync("name: survivor\ncommand: [\"sleep\", \"120\"]\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 0.1 }\n");
        var running = await WaitAsync(job.Id, j => j.State == "Running");
        string first = running.CenterId!, cluster = clusterOf[first];
        string firstToken = DispatchTokens.For(job.Id, 1);
        try
        {
            var (stopped, output) = await lab.SlurmAsync(cluster, "scontrol", "shutdown", "slurmctld");
            Assert.True(stopped == 0, output);

            // Unreachable → Unknown; past the 3 s lease → Lost → Requeued → placed on the other center as attempt 2.
            var moved = await WaitAsync(job.Id, j => j.Attempt == 2 && j.State == "Running", seconds: 90);
            Assert.NotEqual(first, moved.CenterId);
            var events = (await _tenant.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, job.Id), Json))!;
            Assert.Equal(["Unknown", "Lost", "Requeued"], events.Select(e => e.To).SkipWhile(s => s != "Unknown").Take(3));
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
        Assert.Equal("Running", (await WaitAsync(job.Id, j => true)).State);
        await _tenant.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, job.Id), null);
    }

    private async Task<JobView> SubmitAsync(string spec)
    {
        var response = await _tenant.PostAsync(ApiRoutes.Jobs, new StringContent(spec, Encoding.UTF8, "application/yaml"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs.Single();
    }

    private async Task<OutputView> OutputAsync(string id) =>
        (await _tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, id), Json))!;

    private async Task<JobView> WaitAsync(string id, Func<JobView, bool> until, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JobView job;
        do
        {
            job = (await _tenant.GetFromJsonAsync<JobView>(ApiRoutes.With(ApiRoutes.Job, id), Json))!;
            if (until(job)) return job;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"job {id} stayed {job.State} ({job.Reason})");
        return job;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        BrokerHost.ConfigureJson(json);
        return json;
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
