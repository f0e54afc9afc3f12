using System.Globalization;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>Centers on the lab's clusters and helpers to watch runs.</summary>
internal static class Lab
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The pool each cluster's tests use, and the partition it maps to.</summary>
    public static (string Pool, string Partition) PoolOf(string cluster) => cluster switch
    {
        "gpu-a" => ("a100", "gpu"),
        "gpu-b" => ("910b", "gpu"),
        "hpc-a" => ("a100", "gpu"),
        _ => ("cpu", "batch"),
    };

    /// <summary>A center whose pools are the ones its <c>partition.&lt;pool&gt;</c> settings name (2 nodes each).</summary>
    public static Center Center(string id, IReadOnlyDictionary<string, string> engine, string backend = SlurmEngineFactory.EngineName) => new(
        id, id, null, "east", backend,
        [.. engine.Keys.Where(k => k.StartsWith("partition.", StringComparison.Ordinal) && k.Length > "partition.".Length)
            .Select(k => new NodePool(k["partition.".Length..], "x86-core", 0, 32, 125, 2))],
        new Pricing(10, 0.1, null, 8),
        new EnergyProfile(1.2, HourlySignal.Flat(500, SignalProvenance.Annual, "test"), HourlySignal.Flat(0.3, SignalProvenance.Annual, "test"), 5),
        "cn", 0, 0, engine);

    /// <summary>An engine for <paramref name="cluster"/> built through the factory from engine settings, as the broker would.</summary>
    public static SlurmEngine Engine(this SlurmLab lab, string cluster)
    {
        (string pool, string partition) = PoolOf(cluster);
        var settings = new Dictionary<string, string>
        {
            ["socket"] = lab.Socket(cluster),
            [$"partition.{pool}"] = partition,
            ["workDir"] = lab.OutDirectory(cluster),
        };
        return new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Center(cluster, settings), o => o);
    }

    public static RunBuilder On(this RunBuilder run, string cluster) => run.OnPool(PoolOf(cluster).Pool);

    /// <summary>Polls until the run satisfies <paramref name="done"/>; fails with the last status after <see cref="Patience"/>.</summary>
    public static async Task<RunStatus> WaitAsync(this ICenterEngine engine, string token, Func<RunStatus, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        RunStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await engine.FindAsync(token, CancellationToken.None);
            if (status is not null && done(status)) return status;
            await Task.Delay(150);
        }
        throw new TimeoutException($"run {token} did not get there within {Patience}; last status: {status}");
    }

    public static Task<RunStatus> WaitFinishedAsync(this ICenterEngine engine, string token) => engine.WaitAsync(token, s => s.IsFinished);

    /// <summary>The whole of a stream, read in small slices until complete.</summary>
    public static async Task<string> ReadAllAsync(this ICenterEngine engine, string token, OutputStream stream = OutputStream.Stdout)
    {
        var text = new System.Text.StringBuilder();
        long offset = 0;
        for (int i = 0; i < 10_000; i++)
        {
            OutputChunk chunk = await engine.ReadOutputAsync(token, stream, offset, 64, CancellationToken.None)
                ?? throw new InvalidOperationException($"no run {token}");
            text.Append(chunk.Text);
            offset = chunk.NextOffset;
            if (chunk.Complete) return text.ToString();
        }
        throw new InvalidOperationException("output never completed");
    }
}
