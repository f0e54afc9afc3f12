using System.Text.RegularExpressions;
using Suanwang.Engines.Conformance;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>The engine conformance kit on the lab's <c>cpu</c> cluster: real Slurm 22.05 through slurmrestd (REST v0.0.38).</summary>
[Collection(SlurmLabCollection.Name)]
public sealed class ConformanceTests(SlurmLab lab) : SlurmConformanceTests(lab, new SlurmTarget("22.05 REST on cpu", "cpu"));

/// <summary>
/// The same kit on the lab's <c>hpc-b</c> cluster: real Slurm 24.11 through slurmrestd, the version discovered
/// (REST v0.0.42).
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class CurrentSlurmConformanceTests(SlurmLab lab) : SlurmConformanceTests(lab, SlurmTarget.Rest2411);

/// <summary>
/// The same kit on the lab's <c>hpc-a</c> cluster through its OpenSSH login node: real Slurm 24.11 driven with
/// <c>sbatch</c>/<c>squeue</c>/<c>sacct</c>/<c>scancel</c> as the center's user, output read over SFTP, accounting by slurmdbd.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class SshSlurmConformanceTests(SlurmLab lab) : SlurmConformanceTests(lab, SlurmTarget.Ssh2411);

/// <summary>The engine conformance kit on one cluster of the lab, reached through slurmrestd or its login node.</summary>
public abstract partial class SlurmConformanceTests(SlurmLab lab, SlurmTarget target) : EngineConformanceTests
{
    private string Cluster => target.Cluster;

    protected override Task<ICenterEngine> OpenEngineAsync() => Task.FromResult<ICenterEngine>(lab.Engine(target));

    protected override string SharedFolder => target.WorkDirectory(lab);

    protected override RunBuilder OnCenter(RunBuilder run) => run.On(target);

    // Every call asks slurmrestd: a gentler pace than a local engine's in-memory look-ups.
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(150);

    // A GPU on a cluster that has none; on hpc-a (GPUs) a node feature no node has. Slurm refuses the job itself. (Not more
    // GPUs than a node has: Slurm 24.11 refuses that too, but keeps a FAILED record of it, with our token, until MinJobAge.)
    protected override RunBuilder RefusedRun() =>
        Cluster == "hpc-a" ? Runs.Of("true").WithEngineSetting("slurm", "constraint", "no-such-feature") : Runs.Of("true").NeedsGpus(1);

    // A socket in an allowed folder that no slurmrestd listens on; a loopback port no login node listens on.
    protected override Task<ICenterEngine> OpenUnreachableAsync()
    {
        var settings = target.Ssh
            ? new Dictionary<string, string> { ["ssh"] = "swlab@127.0.0.1:1" }
            : new Dictionary<string, string> { ["socket"] = Path.Combine(lab.Directory, $"no-slurmrestd-{Guid.NewGuid():N}.sock") };
        return Task.FromResult<ICenterEngine>(lab.Engine(target, settings));
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
