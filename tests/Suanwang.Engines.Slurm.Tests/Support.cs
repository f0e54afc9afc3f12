using System.Globalization;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>Centers on the lab's clusters and helpers to watch runs.</summary>
internal static class Lab
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

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

    /// <summary>An engine for a center on <paramref name="target"/> (its <see cref="SlurmTarget.Settings"/> and <paramref name="extra"/>), built through the factory.</summary>
    public static SlurmEngine Engine(this SlurmLab lab, SlurmTarget target, IReadOnlyDictionary<string, string>? extra = null)
    {
        Dictionary<string, string> settings = target.Settings(lab);
        foreach ((string key, string value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        return new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Center(target.Cluster, settings), o => o);
    }

    /// <summary>The run on the target's pool.</summary>
    public static RunBuilder On(this RunBuilder run, SlurmTarget target) => run.OnPool(target.Pool.Pool);

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

/// <summary>What Slurm holds of a token's jobs: the controller's, and on a cluster with accounting, accounting's too (jobs the controller forgot).</summary>
internal static class SlurmRecordsOf
{
    /// <summary>The states of the jobs on <paramref name="cluster"/> whose comment is <paramref name="token"/>, by Slurm job id (the controller's word first).</summary>
    public static async Task<SortedDictionary<long, string>> SlurmJobsWithTokenAsync(this SlurmLab lab, string cluster, string token)
    {
        var jobs = new SortedDictionary<long, string>();
        (int code, string output) = await lab.SlurmAsync(cluster, "squeue", "-h", "-t", "all", "-o", "%i|%k|%T");
        Assert.True(code == 0, output);
        Collect(output, token, jobs);
        if (HasAccounting(lab, cluster))
        {
            (code, output) = await lab.SlurmAsync(cluster, "sacct", "-a", "-X", "-n", "-P", "-S", "now-2hours", "-o", "JobIDRaw,Comment,State");
            Assert.True(code == 0, output);
            Collect(output, token, jobs);
        }
        return jobs;
    }

    /// <summary>A field of job <paramref name="id"/>: from squeue (<paramref name="squeueFormat"/>) while the controller holds it, else from sacct (<paramref name="sacctField"/>).</summary>
    public static async Task<string> SlurmJobFieldAsync(this SlurmLab lab, string cluster, string id, string squeueFormat, string sacctField)
    {
        (int code, string output) = await lab.SlurmAsync(cluster, "squeue", "-t", "all", "-h", "-j", id, "-o", squeueFormat);
        if (code == 0 && output.Trim().Length > 0) return output.Trim();
        Assert.True(HasAccounting(lab, cluster), $"squeue no longer knows job {id} on {cluster}: {output}");
        (code, output) = await lab.SlurmAsync(cluster, "sacct", "-a", "-X", "-n", "-P", "-j", id, "-o", sacctField);
        Assert.True(code == 0, output);
        return output.Trim();
    }

    public static bool HasAccounting(SlurmLab lab, string cluster) => SlurmLab.CurrentClusterNames.Contains(cluster) && lab.Current(cluster).Accounting;

    private static void Collect(string output, string token, SortedDictionary<long, string> jobs)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] f = line.Split('|');
            if (f.Length == 3 && f[1] == token && long.TryParse(f[0], out long id))
                jobs.TryAdd(id, f[2].Split(' ')[0]);
        }
    }
}
