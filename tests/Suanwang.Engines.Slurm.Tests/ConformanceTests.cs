using System.Text.RegularExpressions;
using Suanwang.Engines.Conformance;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>The engine conformance kit on the lab's <c>cpu</c> cluster: real Slurm 22.05 through slurmrestd (REST v0.0.38).</summary>
[Collection(SlurmLabCollection.Name)]
public sealed class ConformanceTests(SlurmLab lab) : SlurmConformanceTests(lab, "cpu");

/// <summary>
/// The same kit on the lab's <c>hpc-b</c> cluster: real Slurm 24.11 through slurmrestd, the version discovered
/// (REST v0.0.42).
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class CurrentSlurmConformanceTests(SlurmLab lab) : SlurmConformanceTests(lab, "hpc-b");

/// <summary>The engine conformance kit on one cluster of the lab, reached through slurmrestd.</summary>
public abstract partial class SlurmConformanceTests(SlurmLab lab, string cluster) : EngineConformanceTests
{
    private string Cluster => cluster;

    protected override Task<ICenterEngine> OpenEngineAsync() => Task.FromResult<ICenterEngine>(lab.Engine(Cluster));

    protected override string SharedFolder => lab.OutDirectory(Cluster);

    protected override RunBuilder OnCenter(RunBuilder run) => run.On(Cluster);

    // Every call asks slurmrestd: a gentler pace than a local engine's in-memory look-ups.
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(150);

    // A GPU on a cluster that has none: Slurm refuses the job itself.
    protected override RunBuilder RefusedRun() => Runs.Of("true").NeedsGpus(1);

    // A socket in an allowed folder that no slurmrestd listens on.
    protected override Task<ICenterEngine> OpenUnreachableAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["socket"] = Path.Combine(lab.Directory, $"no-slurmrestd-{Guid.NewGuid():N}.sock"),
            [$"partition.{Lab.PoolOf(Cluster).Pool}"] = Lab.PoolOf(Cluster).Partition,
            ["workDir"] = lab.OutDirectory(Cluster),
        };
        return Task.FromResult<ICenterEngine>(new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Lab.Center(Cluster, settings), o => o));
    }

    // Another user's plain sbatch job, with no dispatch token, held on a gate until the test ends.
    protected override async Task<ForeignWork?> StartForeignWorkAsync()
    {
        var gate = Gate.In(SharedFolder);
        (int code, string output) = await lab.SlurmAsync(Cluster, "sbatch", "--wrap", gate.ShellWait);
        Assert.True(code == 0, output);
        return new SbatchJob(lab, Cluster, SubmittedId().Match(output).Groups[1].Value, gate);
    }

    private sealed class SbatchJob(SlurmLab lab, string cluster, string id, Gate gate) : ForeignWork
    {
        public override string EngineJobId => id;

        public override async Task<bool> IsUnfinishedAsync()
        {
            (_, string state) = await lab.SlurmAsync(cluster, "squeue", "-h", "-j", id, "-o", "%T");
            return state.Trim() is "PENDING" or "RUNNING";
        }

        public override async ValueTask DisposeAsync()
        {
            gate.Open();
            await lab.SlurmAsync(cluster, "scancel", id);
        }
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex SubmittedId();
}
