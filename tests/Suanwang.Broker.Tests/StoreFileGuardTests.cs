using System.Net;
using System.Net.Http.Json;
using System.Text;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Testing.Brokers;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// No code path opens the store's files but the store. Each broker path that opens a file a user or an operator
/// names — a job's output (through a symlink or a hard link planted in its run folder), a center's carbon file
/// (admin API), the network file at start — is pointed at the store, its log and its index. Then another process
/// opens and closes the store (an operator's sqlite3), more jobs are acknowledged, and the broker is killed with
/// SIGKILL: had any attempt opened and closed the store, the broker would have lost its locks, the outside close
/// would have deleted the live log, and the jobs acknowledged after it would be gone after the restart.
/// </summary>
[Trait("Category", "Fault")]
public sealed class StoreFileGuardTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-guard-").FullName;
    private BrokerProcess _broker = null!;

    private string Store => Path.Combine(_data, "suanwang.db");

    public async Task InitializeAsync()
    {
        _broker = new BrokerProcess(_data);
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        KillRunsAndDelete(_data);
    }

    [Fact]
    public async Task Every_path_that_opens_a_named_file_refuses_the_store_and_no_acknowledged_job_is_lost()
    {
        using var tenant = _broker.Client("default");
        using var admin = _broker.Client("admin");
        var acknowledged = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            var job = await SubmitAsync(tenant, Spec($"victim-{i}", $"echo output {i}"));
            acknowledged.Add(job.Id);
            await WaitForStateAsync(tenant, job.Id, JobState.Succeeded);
        }

        // A job's output pointed at the store: by symlink, at the log and the index too, and by hard link.
        var attempts = new List<string>();
        string[] targets = [Store, Store + "-wal", Store + "-shm"];
        for (int i = 0; i < targets.Length; i++)
        {
            string stdout = RunFile(acknowledged[i], "stdout");
            File.Delete(stdout);
            File.CreateSymbolicLink(stdout, targets[i]);
            attempts.Add(await ReadOutputAsync(tenant, acknowledged[i], $"output symlinked to {Path.GetFileName(targets[i])}"));
        }
        string linked = RunFile(acknowledged[3], "stdout");
        File.Delete(linked);
        Mount.Run("ln", Store, linked);
        attempts.Add(await ReadOutputAsync(tenant, acknowledged[3], "output hard-linked to the store"));
        File.Delete(linked);

        // A center whose carbon file is the store.
        var put = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.With(ApiRoutes.Center, "intruder"))
        {
            Content = new StringContent(CenterWithCarbonFile(Store), Encoding.UTF8, "application/yaml"),
        };
        var registered = await admin.SendAsync(put);
        string answer = await registered.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, registered.StatusCode);
        Assert.DoesNotContain("SQLite format", answer);
        attempts.Add($"center carbon file = store: {(int)registered.StatusCode}");

        // An operator reads the store from another process meanwhile.
        var (sqliteExit, sqliteOutput) = Sqlite3.Run(Store, "SELECT count(*) FROM jobs;");
        attempts.Add($"sqlite3 read of the store: exit {sqliteExit} ({sqliteOutput.Trim()})");

        // Jobs acknowledged after all that, then SIGKILL and a restart.
        for (int i = 0; i < 10; i++) acknowledged.Add((await SubmitAsync(tenant, Spec($"after-{i}", "true"))).Id);
        _broker.Kill();

        // The network file at start pointed at the store: refused before it is read.
        var network = await SecondBroker.TryAsync(["--data", _data, "--network", Store]);
        Assert.True(network.ExitCode is { } code && code != 0, $"a broker started with the store as its network file:\n{network.Output}");
        Assert.Contains("is the broker's store", network.Output);
        attempts.Add($"serve --network <store>: exit {network.ExitCode}");

        await _broker.StartAsync();
        using var after = _broker.Client("admin");
        var lost = new List<string>();
        foreach (string id in acknowledged)
            if ((await after.GetAsync(ApiRoutes.With(ApiRoutes.Job, id))).StatusCode == HttpStatusCode.NotFound) lost.Add(id);
        output.WriteLine($"store-file guard: {attempts.Count} attempts ({string.Join("; ", attempts)}); " +
                         $"{acknowledged.Count} jobs acknowledged, {lost.Count} lost after SIGKILL and restart");
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged jobs were lost: {string.Join(", ", lost)}");
    }

    // The attempt's outcome; fails if the answer carries any of the store's bytes.
    private static async Task<string> ReadOutputAsync(HttpClient client, string jobId, string what)
    {
        var response = await client.GetAsync(ApiRoutes.With(ApiRoutes.JobOutput, jobId));
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SQLite format", body);
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.DoesNotContain("suanwang", (await response.Content.ReadFromJsonAsync<OutputView>(Json))!.Text, StringComparison.OrdinalIgnoreCase);
        return $"{what}: {(int)response.StatusCode}";
    }

    private string RunFile(string jobId, string name)
    {
        string token = Suanwang.Engines.DispatchTokens.For(jobId, 1);
        string run = Directory.EnumerateDirectories(Path.Combine(_data, "centers"), token, SearchOption.AllDirectories).Single();
        return Path.Combine(run, name);
    }

    private static string CenterWithCarbonFile(string file) =>
        $$"""
        id: intruder
        name: Intruder
        region: yangtze-delta
        backend: local
        pools:
          - { id: cpu, accelerator: kunpeng-core, cpusPerNode: 96, memoryGiBPerNode: 384, nodes: 1 }
        pricing: { perCpuHourYuan: 0.10 }
        energy:
          pue: 1.25
          carbon: { file: {{file}}, format: greendcc, column: direct }
        engine: { slots: 1, cpus: 4, memoryGiB: 8 }
        """;
}
