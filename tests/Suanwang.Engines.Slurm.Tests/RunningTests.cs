using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

[Collection(SlurmLabCollection.Name)]
public sealed class RunningTests(SlurmLab lab)
{
    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    [InlineData("22.05 REST on gpu-b")]
    [InlineData("22.05 REST on cpu")]
    [InlineData("24.11 SSH without accounting")]
    public async Task A_job_runs_to_Succeeded_and_its_output_is_read_back(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        string cluster = target.Cluster;
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Shell("echo \"hello from $SUANWANG_CENTER $SUANWANG_DISPATCH_TOKEN as $(id -un)\"; echo oops >&2").On(target);

        RunStatus submitted = await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(run.Token, submitted.DispatchToken);
        Assert.NotNull(submitted.EngineJobId);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(0, done.ExitCode);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.EndedAt);
        Assert.Equal($"hello from {cluster} {run.Token} as {target.JobUser}\n", await engine.ReadAllAsync(run.Token));
        Assert.Equal("oops\n", await engine.ReadAllAsync(run.Token, OutputStream.Stderr));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithoutAccounting), MemberType = typeof(SlurmTarget))]
    public async Task A_job_exiting_3_is_Failed_with_exit_code_3(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Shell("exit 3").On(target);

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Failed, done.State);
        Assert.Equal(3, done.ExitCode);
        Assert.Contains("NonZeroExitCode", done.Message);
    }

    [Theory]
    [InlineData("22.05 REST")] // gpu-a
    [InlineData("24.11 SSH")]  // hpc-a
    public async Task A_GPU_job_gets_its_gres(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Shell("echo gpus=$SLURM_GPUS_ON_NODE").On(target).NeedsGpus(2);

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("gpus=2\n", await engine.ReadAllAsync(run.Token));
    }

    [Fact]
    public async Task A_GPU_job_is_rejected_by_the_cpu_cluster()
    {
        await using SlurmEngine engine = lab.Engine("cpu");
        RunBuilder run = Runs.Of("true").On("cpu").NeedsGpus(1);

        var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.Contains("refused", error.Message);
        Assert.Null(await engine.FindAsync(run.Token, CancellationToken.None));
    }

    [Fact]
    public async Task A_job_for_a_partition_that_does_not_exist_is_rejected_with_Slurms_message()
    {
        await using SlurmEngine engine = lab.Engine("cpu");
        RunBuilder run = Runs.Of("true").OnPool("no-such-pool");

        var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.Contains("Invalid partition name", error.Message);
    }

    [Fact]
    public async Task Report_counts_the_clusters_nodes_cpus_and_memory()
    {
        await using SlurmEngine engine = lab.Engine("cpu");

        EngineReport report = await engine.ReportAsync(CancellationToken.None);

        Assert.True(report.Reachable);
        Assert.Equal(2, report.SlotsTotal);
        Assert.Equal(128, report.CpusTotal);
        Assert.Equal(2 * 128000 / 1024.0, report.MemoryGiBTotal, 3);
        Assert.InRange(report.CpusInUse, 0, 128);
    }
}
