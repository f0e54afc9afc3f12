using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

[Collection(SlurmLabCollection.Name)]
public sealed class RunningTests(SlurmLab lab)
{
    [Theory]
    [InlineData("gpu-a")]
    [InlineData("gpu-b")]
    [InlineData("cpu")]
    public async Task A_job_runs_to_Succeeded_and_its_output_is_read_back(string cluster)
    {
        await using SlurmEngine engine = lab.Engine(cluster);
        RunBuilder run = Runs.Shell("echo \"hello from $SUANWANG_CENTER $SUANWANG_DISPATCH_TOKEN\"; echo oops >&2").On(cluster);

        RunStatus submitted = await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(run.Token, submitted.DispatchToken);
        Assert.NotNull(submitted.EngineJobId);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(0, done.ExitCode);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.EndedAt);
        Assert.Equal($"hello from {cluster} {run.Token}\n", await engine.ReadAllAsync(run.Token));
        Assert.Equal("oops\n", await engine.ReadAllAsync(run.Token, OutputStream.Stderr));
    }

    [Fact]
    public async Task A_job_exiting_3_is_Failed_with_exit_code_3()
    {
        await using SlurmEngine engine = lab.Engine("cpu");
        RunBuilder run = Runs.Shell("exit 3").On("cpu");

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Failed, done.State);
        Assert.Equal(3, done.ExitCode);
        Assert.Contains("NonZeroExitCode", done.Message);
    }

    [Fact]
    public async Task A_GPU_job_gets_its_gres_on_gpu_a()
    {
        await using SlurmEngine engine = lab.Engine("gpu-a");
        RunBuilder run = Runs.Shell("echo gpus=$SLURM_GPUS_ON_NODE").On("gpu-a").NeedsGpus(2);

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
