using System.Text.RegularExpressions;

using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>Only jobs carrying our dispatch token are ours: one per token, the only ones listed and cancelled, on every path.</summary>
[Collection(SlurmLabCollection.Name)]
public sealed partial class OwnershipTests(SlurmLab lab)
{
    [Theory]
    [MemberData(nameof(SlurmTarget.Names), MemberType = typeof(SlurmTarget))]
    [InlineData("22.05 REST on gpu-b")]
    public async Task Submitting_the_same_token_twice_makes_one_Slurm_job(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Of("sleep", "1").On(target);

        RunStatus first = await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus second = await engine.SubmitAsync(run, CancellationToken.None);
        await engine.WaitFinishedAsync(run.Token);
        RunStatus third = await engine.SubmitAsync(run, CancellationToken.None);

        Assert.Equal(first.EngineJobId, second.EngineJobId);
        Assert.Equal(first.EngineJobId, third.EngineJobId);
        Assert.Equal(RunState.Succeeded, third.State);
        Assert.Equal([long.Parse(first.EngineJobId!)], (await lab.SlurmJobsWithTokenAsync(target.Cluster, run.Token)).Keys);
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    public async Task Cancelling_a_running_job_ends_it_Cancelled_and_gone_from_squeue(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Of("sleep", "120").On(target);
        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus running = await engine.WaitAsync(run.Token, s => s.State == RunState.Running);

        Assert.True(await engine.CancelAsync(run.Token, CancellationToken.None));
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Cancelled, done.State);
        Assert.False(await engine.CancelAsync(run.Token, CancellationToken.None));
        (int code, string queue) = await lab.SlurmAsync(target.Cluster, "squeue", "-h", "-o", "%i %T");
        Assert.Equal(0, code);
        Assert.DoesNotContain(queue.Split('\n'), line => line.StartsWith(running.EngineJobId + " ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    [InlineData("22.05 REST on cpu")]
    public async Task A_job_submitted_without_a_token_is_neither_listed_nor_cancelled(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        string cluster = target.Cluster;
        await using SlurmEngine engine = lab.Engine(target);
        (int code, string output) = await lab.SlurmAsync(cluster, "sbatch", "-o", "/dev/null", "--wrap", "sleep 60");
        Assert.True(code == 0, output);
        string foreignId = SubmittedId().Match(output).Groups[1].Value;
        RunBuilder ours = Runs.Of("sleep", "60").On(target);
        try
        {
            await engine.SubmitAsync(ours, CancellationToken.None);
            await engine.WaitAsync(ours.Token, s => s.State == RunState.Running);

            IReadOnlyList<RunStatus> listed = await engine.ListAsync(CancellationToken.None);

            Assert.Contains(listed, r => r.DispatchToken == ours.Token);
            Assert.DoesNotContain(listed, r => r.EngineJobId == foreignId);
            Assert.All(listed, r => Assert.StartsWith(DispatchTokens.Prefix, r.DispatchToken));
            foreach (string token in new[] { "", "wrap", foreignId, "sw-", DispatchTokens.For("nobody", 1) })
                Assert.False(await engine.CancelAsync(token, CancellationToken.None));
            Assert.True(await engine.CancelAsync(ours.Token, CancellationToken.None));
            (_, string state) = await lab.SlurmAsync(cluster, "squeue", "-h", "-j", foreignId, "-o", "%T");
            Assert.Equal("RUNNING", state.Trim());
        }
        finally
        {
            await lab.SlurmAsync(cluster, "scancel", foreignId);
            await engine.CancelAsync(ours.Token, CancellationToken.None);
        }
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex SubmittedId();
}
