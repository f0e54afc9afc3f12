using Suanwang.Lifecycle;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Tests.Support;
using Suanwang.Engines;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Networks;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Engines;

/// <summary>
/// A center's backend names an engine the broker has registered: an engine added by its own <c>Add…Engine()</c> runs
/// centers with no change to the broker, and a name no engine has is refused where it is given, naming the center,
/// the name and the engines there are.
/// </summary>
public sealed class EngineNamesTests : IAsyncLifetime
{
    private const string FirstCenter = "zhangjiakou";

    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-engine-names-").FullName;
    private readonly string _files = Directory.CreateTempSubdirectory("suanwang-engine-names-files-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_files, recursive: true);
        return Task.CompletedTask;
    }

    // The default network with its first center on the engine named <paramref name="backend"/>.
    private string NetworkWith(string backend)
    {
        string text = BundledNetworks.ReadText(BundledNetworks.DefaultName);
        int at = text.IndexOf("backend: local", StringComparison.Ordinal);
        Assert.True(text.LastIndexOf("- id: ", at, StringComparison.Ordinal) == text.IndexOf($"- id: {FirstCenter}", StringComparison.Ordinal),
            $"the default network's first center is no longer {FirstCenter}");
        string path = Path.Combine(_files, $"network-{backend}.yaml");
        File.WriteAllText(path, text[..at] + $"backend: {backend}" + text[(at + "backend: local".Length)..]);
        return path;
    }

    [Theory]
    [InlineData("kubernetes", "no engine 'kubernetes' in this broker; its engines are local, slurm")]
    [InlineData("slrum", "no engine 'slrum' in this broker; its engines are local, slurm; did you mean 'slurm'?")]
    public async Task A_network_file_naming_an_engine_the_broker_lacks_is_refused_at_start_and_nothing_is_stored(string backend, string message)
    {
        string network = NetworkWith(backend);

        var error = await Assert.ThrowsAsync<SpecException>(() => StartAsync(dataDirectory: _data, adjust: o => o with { Network = network }));

        var only = Assert.Single(error.Errors);
        Assert.Equal($"centers[0]({FirstCenter}).backend", only.Location);
        Assert.Equal(message, only.Message);
        Assert.Equal(network, error.What);
        await using var broker = await StartAsync(dataDirectory: _data);
        var centers = (await broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;
        Assert.All(centers, c => Assert.Equal("local", c.Backend));
    }

    [Fact]
    public async Task Registering_a_center_on_an_engine_the_broker_lacks_is_refused_naming_its_backend_and_the_engines()
    {
        await using var broker = await StartAsync(dataDirectory: _data);
        const string center = """
            id: k8s
            name: On Kubernetes
            region: guizhou
            backend: kubernetes
            pools:
              - { id: cpu, accelerator: x86-core, cpusPerNode: 32, memoryGiBPerNode: 64, nodes: 2 }
            pricing: { perCpuHourYuan: 0.1 }
            energy: { pue: 1.2, carbon: { annualGramsPerKwh: 500, source: test }, renewable: { annualShare: 0.3, source: test } }
            """;

        var response = await broker.Admin.PutAsync(ApiRoutes.With(ApiRoutes.Center, "k8s"), new StringContent(center, Encoding.UTF8, "application/yaml"));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().ToList();
        var backend = Assert.Single(errors);
        Assert.EndsWith("(k8s).backend", backend.Name, StringComparison.Ordinal);
        Assert.Equal(["no engine 'kubernetes' in this broker; its engines are local, slurm"], backend.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await broker.Admin.GetAsync(ApiRoutes.With(ApiRoutes.Center, "k8s"))).StatusCode);
    }

    [Fact]
    public async Task An_engine_registered_by_its_name_runs_the_centers_that_name_it()
    {
        string network = NetworkWith(EchoEngineFactory.EngineName);
        await using var broker = await StartAsync(dataDirectory: _data, adjust: o => o with { Network = network },
            engines: (services, options) => services.AddStandardEngines(options).AddCenterEngine(_ => new EchoEngineFactory()));

        var job = await SubmitAsync(broker.Tenant, Spec("echoed", "echo never run by a shell") + $"\nconstraints: {{ centers: [{FirstCenter}] }}\n");
        var done = await WaitForStateAsync(broker.Tenant, job.Id, JobState.Succeeded);
        var output = await broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
        var center = await broker.Admin.GetFromJsonAsync<CenterView>(ApiRoutes.With(ApiRoutes.Center, FirstCenter), Json);

        Assert.Equal(FirstCenter, done.CenterId);
        Assert.Equal($"{EchoEngineFactory.EngineName} at {FirstCenter} ran: sh -c echo never run by a shell\n", output!.Text);
        Assert.Equal(EchoEngineFactory.EngineName, center!.Backend);
    }

    [Fact]
    public async Task A_stored_network_naming_an_engine_no_longer_registered_starts_with_that_center_down_saying_why()
    {
        string network = NetworkWith(EchoEngineFactory.EngineName);
        await using (await StartAsync(dataDirectory: _data, adjust: o => o with { Network = network },
                         engines: (services, options) => services.AddStandardEngines(options).AddCenterEngine(_ => new EchoEngineFactory())))
        {
        }

        await using var broker = await StartAsync(dataDirectory: _data);
        var centers = (await broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;
        var operations = (await broker.Admin.GetFromJsonAsync<OperationsView>(ApiRoutes.Operations, Json))!;

        Assert.Equal("Down", centers.Single(c => c.Id == FirstCenter).Availability.ToString());
        Assert.All(centers.Where(c => c.Id != FirstCenter), c => Assert.NotEqual("Down", c.Availability.ToString()));
        Assert.Contains($"no engine '{EchoEngineFactory.EngineName}' in this broker; its engines are local, slurm",
            operations.Flagged.Single(f => f.CenterId == FirstCenter).Detail);
    }

    [Fact]
    public void Two_engines_of_one_name_or_a_name_that_is_no_engine_name_are_refused()
    {
        var twice = Assert.Throws<InvalidOperationException>(() =>
            new EngineRegistry([new EchoEngineFactory(), new EchoEngineFactory()], TimeProvider.System, TimeSpan.FromSeconds(1), NullLogger<EngineRegistry>.Instance));
        var badName = Assert.Throws<InvalidOperationException>(() =>
            new EngineRegistry([new EchoEngineFactory("Echo Engine")], TimeProvider.System, TimeSpan.FromSeconds(1), NullLogger<EngineRegistry>.Instance));

        Assert.Equal("two engines are registered as 'test-echo' (EchoEngineFactory, EchoEngineFactory)", twice.Message);
        Assert.StartsWith("engine 'Echo Engine' (EchoEngineFactory) is not an engine name", badName.Message, StringComparison.Ordinal);
    }

    /// <summary>An engine only this test knows: it "runs" a job by writing what it was asked to run as the job's output.</summary>
    private sealed class EchoEngineFactory(string name = EchoEngineFactory.EngineName) : ICenterEngineFactory
    {
        public const string EngineName = "test-echo";

        public string Name => name;

        public ICenterEngine Create(Center center) => new EchoEngine(center.Id);
    }

    private sealed class EchoEngine(string centerId) : ICenterEngine
    {
        private readonly ConcurrentDictionary<string, (RunStatus Status, string Output)> _runs = new();

        public string CenterId => centerId;

        public Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow;
            var run = _runs.GetOrAdd(request.DispatchToken, token => (
                new RunStatus(token, RunState.Succeeded, 0, now, now, now, null, token),
                $"{EchoEngineFactory.EngineName} at {centerId} ran: {string.Join(' ', request.Job.Command)}\n"));
            return Task.FromResult(run.Status);
        }

        public Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken) =>
            Task.FromResult(_runs.TryGetValue(dispatchToken, out var run) ? run.Status : null);

        public Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RunStatus>>([.. _runs.Values.Select(r => r.Status)]);

        public Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<OutputChunk?> ReadOutputAsync(string dispatchToken, Suanwang.Engines.OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken)
        {
            if (!_runs.TryGetValue(dispatchToken, out var run)) return Task.FromResult<OutputChunk?>(null);
            byte[] bytes = stream == Suanwang.Engines.OutputStream.Stdout ? Encoding.UTF8.GetBytes(run.Output) : [];
            int start = (int)Math.Min(offset, bytes.Length);
            int count = Math.Min(maxBytes, bytes.Length - start);
            return Task.FromResult<OutputChunk?>(new OutputChunk(Encoding.UTF8.GetString(bytes, start, count), start + count, start + count == bytes.Length));
        }

        public Task<EngineReport> ReportAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new EngineReport(centerId, true, 100, 0, 0, 1000, 0, 4000, 0, DateTimeOffset.UtcNow));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
