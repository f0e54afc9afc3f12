using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Hosting;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// A broker (in-process or a real <c>suanwang serve</c>) seen through its API with the lab's clusters as its
/// centers: registers them through the admin API, drains the network's local centers, submits and follows jobs.
/// </summary>
internal sealed class LabBroker(SlurmLab lab, HttpClient admin, HttpClient tenant)
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    // The project's typed client over the same connections (each carries its bearer token).
    private readonly SuanwangClient _admin = new(admin, admin.DefaultRequestHeaders.Authorization?.Parameter);
    private readonly SuanwangClient _tenant = new(tenant, tenant.DefaultRequestHeaders.Authorization?.Parameter);

    public HttpClient Admin => admin;

    public HttpClient Tenant => tenant;

    /// <summary>The typed client with the admin token.</summary>
    public SuanwangClient AdminApi => _admin;

    /// <summary>The typed client with the tenant's token.</summary>
    public SuanwangClient TenantApi => _tenant;

    /// <summary>Drains every center the broker has now, so only the lab's clusters registered later take work.</summary>
    public async Task DrainAllAsync()
    {
        foreach (var center in await _admin.ListCentersAsync())
            await _admin.DrainCenterAsync(center.Id);
    }

    /// <summary>Registers <paramref name="cluster"/> as center <paramref name="id"/> with one pool of 2 nodes.</summary>
    /// <param name="engine">Extra engine settings (YAML flow-map entries, e.g. <c>account.default: physics</c>).</param>
    public async Task RegisterAsync(string id, string region, string pool, string model, int acceleratorsPerNode, int cpusPerNode, int memoryGiBPerNode,
        string cluster, string? partition = null, double acceleratorHourYuan = 10, string engine = "")
    {
        string settings = $"socket: \"{lab.Socket(cluster)}\", workDir: \"{lab.OutDirectory(cluster)}\""
                          + (partition is null ? "" : $", partition.{pool}: {partition}")
                          + (engine.Length > 0 ? ", " + engine : "");
        await PutCenterAsync(id, region, pool, model, acceleratorsPerNode, cpusPerNode, memoryGiBPerNode, cluster, settings, acceleratorHourYuan);
    }

    /// <summary>Registers a center on <paramref name="target"/> (its access settings; pool <paramref name="pool"/> on the target's partition).</summary>
    public Task RegisterAsync(string id, string region, string pool, string model, int acceleratorsPerNode, int cpusPerNode, int memoryGiBPerNode,
        SlurmTarget target, string engine = "")
    {
        var settings = target.Settings(lab).Where(kv => !kv.Key.StartsWith("partition.", StringComparison.Ordinal))
            .Append(new KeyValuePair<string, string>($"partition.{pool}", target.Pool.Partition))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        string yaml = string.Join(", ", settings.Select(kv => $"{kv.Key}: {JsonSerializer.Serialize(kv.Value)}")) + (engine.Length > 0 ? ", " + engine : "");
        return PutCenterAsync(id, region, pool, model, acceleratorsPerNode, cpusPerNode, memoryGiBPerNode, target.Cluster, yaml, 10);
    }

    private async Task PutCenterAsync(string id, string region, string pool, string model, int acceleratorsPerNode, int cpusPerNode, int memoryGiBPerNode,
        string cluster, string settings, double acceleratorHourYuan)
    {
        string accelerators = acceleratorsPerNode > 0 ? $"acceleratorsPerNode: {acceleratorsPerNode}, " : "";
        string price = acceleratorsPerNode > 0 ? $", perAcceleratorHourYuan: {acceleratorHourYuan}" : "";
        string yaml = $$"""
            id: {{id}}
            name: Lab {{cluster}}
            region: {{region}}
            backend: slurm
            pools:
              - { id: {{pool}}, accelerator: {{model}}, {{accelerators}}cpusPerNode: {{cpusPerNode}}, memoryGiBPerNode: {{memoryGiBPerNode}}, nodes: 2{{price}} }
            pricing: { perCpuHourYuan: 0.1 }
            energy: { pue: 1.2, carbon: { annualGramsPerKwh: 500, source: test }, renewable: { annualShare: 0.3, source: test } }
            engine: { {{settings}} }
            """;
        var view = await _admin.PutCenterAsync(id, yaml);
        Assert.Equal("slurm", view?.Backend);
    }

    public async Task<JobView> SubmitAsync(string spec) => (await _tenant.SubmitAsync(spec)).Jobs.Single();

    public Task<JobView> GetAsync(string id) => _tenant.GetJobAsync(id);

    public Task<OutputView> OutputAsync(string id) => _tenant.GetOutputAsync(id);

    public Task<IReadOnlyList<JobEventView>> EventsAsync(string id) => _tenant.GetEventsAsync(id);

    /// <summary>Where <paramref name="spec"/> would go now, and why.</summary>
    public async Task<DecisionView> DryRunAsync(string spec) => (await _tenant.DryRunAsync(spec)).Single();

    /// <summary>Polls the job until <paramref name="until"/> holds; fails with its last state after <paramref name="seconds"/>.</summary>
    public async Task<JobView> WaitAsync(string id, Func<JobView, bool> until, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JobView job;
        do
        {
            job = await GetAsync(id);
            if (until(job)) return job;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"job {id} stayed {job.State} at {job.CenterId} ({job.Reason})");
        return job;
    }

    /// <summary>
    /// The Slurm jobs on <paramref name="cluster"/>, finished ones included (from accounting once the controller has
    /// forgotten them, where the cluster has it), whose comment is <paramref name="token"/>: their states, oldest first.
    /// </summary>
    public async Task<string[]> SlurmJobsWithTokenAsync(string cluster, string token) => [.. (await lab.SlurmJobsWithTokenAsync(cluster, token)).Values];

    /// <summary>
    /// Polls Slurm until the jobs carrying <paramref name="token"/> are in exactly <paramref name="expected"/> states
    /// (a cancel passes through COMPLETING first); returns the last states seen, after <paramref name="seconds"/> at most.
    /// </summary>
    public async Task<string[]> WaitSlurmStatesAsync(string cluster, string token, string[] expected, double seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string[] states;
        while (!(states = await SlurmJobsWithTokenAsync(cluster, token)).SequenceEqual(expected) && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        return states;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        BrokerHost.ConfigureJson(json);
        return json;
    }
}
