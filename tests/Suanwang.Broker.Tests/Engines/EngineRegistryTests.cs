using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Network;
using Suanwang.Engines;
using Suanwang.Model.Network;
using Suanwang.Networks;
using Suanwang.Placement.Network;

namespace Suanwang.Broker.Tests.Engines;

/// <summary>
/// The registry's circuit breaker, with an engine that always fails (a test double for a hanging or
/// broken center, standing in for nothing the product runs).
/// </summary>
public sealed class EngineRegistryTests
{
    private sealed class FailingEngine(string centerId) : ICenterEngine
    {
        public int Calls;
        public string CenterId => centerId;
        private Task<T> Fail<T>() { Interlocked.Increment(ref Calls); throw new EngineUnavailableException("connection refused"); }
        public Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken) => Fail<RunStatus>();
        public Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken) => Fail<RunStatus?>();
        public Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken) => Fail<IReadOnlyList<RunStatus>>();
        public Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken) => Fail<bool>();
        public Task<OutputChunk?> ReadOutputAsync(string dispatchToken, OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken) => Fail<OutputChunk?>();
        public Task<EngineReport> ReportAsync(CancellationToken cancellationToken) => Fail<EngineReport>();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Factory : ICenterEngineFactory
    {
        public readonly Dictionary<string, FailingEngine> Engines = new();
        public string Name => "local";
        public ICenterEngine Create(Center center) => Engines[center.Id] = new FailingEngine(center.Id);
    }

    [Fact]
    public async Task A_failing_center_is_asked_three_times_then_only_once_per_back_off()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var factory = new Factory();
        await using var registry = new EngineRegistry([factory], time, TimeSpan.FromSeconds(1), NullLogger<EngineRegistry>.Instance);
        var definition = NetworkLoader.Load("china-hubs", new NetworkLoadOptions());
        await registry.ApplyAsync(new NetworkRevision(1, "", definition, new CompiledNetwork(definition)));
        string center = definition.Centers[0].Id;

        async Task<bool> Ask()
        {
            try { await registry.CallAsync(center, (e, ct) => e.ListAsync(ct), default); return true; }
            catch (EngineUnavailableException) { return false; }
        }

        for (int i = 0; i < 10; i++) Assert.False(await Ask());
        Assert.Equal(3, factory.Engines[center].Calls);          // then the circuit opened: 7 calls failed fast
        Assert.False(registry.Health(center).Reachable);

        time.Advance(TimeSpan.FromSeconds(1.1));                  // back-off after 3 failures: 1 s
        Assert.False(await Ask());
        Assert.Equal(4, factory.Engines[center].Calls);          // one probe
        Assert.False(await Ask());
        Assert.Equal(4, factory.Engines[center].Calls);          // and closed again for 2 s
        time.Advance(TimeSpan.FromSeconds(2.1));
        await Ask();
        Assert.Equal(5, factory.Engines[center].Calls);
    }
}
