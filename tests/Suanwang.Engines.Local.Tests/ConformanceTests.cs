using Suanwang.Engines.Conformance;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>The engine conformance kit on a local center: real processes, in the sandbox, on this machine.</summary>
public sealed class ConformanceTests : EngineConformanceTests
{
    private readonly TestCenter _center = new();
    private readonly TestCenter _unreachable = new();

    protected override Task<ICenterEngine> OpenEngineAsync() => Task.FromResult<ICenterEngine>(_center.Open());

    protected override string SharedFolder => _center.Shared;

    // More CPU cores than the center has: it could never start.
    protected override RunBuilder RefusedRun() => Runs.Of("true").WithCpus(1000);

    // The local engine's center is its runs folder: one it can no longer write (a file in its place) cannot take a run.
    protected override Task<ICenterEngine> OpenUnreachableAsync()
    {
        LocalEngine engine = _unreachable.Open();
        Directory.Delete(_unreachable.RunsDirectory, recursive: true);
        File.WriteAllText(_unreachable.RunsDirectory, "");
        return Task.FromResult<ICenterEngine>(engine);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _center.DisposeAsync();
        if (File.Exists(_unreachable.RunsDirectory)) File.Delete(_unreachable.RunsDirectory);
        await _unreachable.DisposeAsync();
    }
}
