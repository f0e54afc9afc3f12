using Suanwang.Model.Jobs;
using Suanwang.Specs;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>What an <c>#SBATCH</c> script asks of Slurm alone reaches Slurm through the job's <c>slurm</c> engine settings.</summary>
[Collection(SlurmLabCollection.Name)]
public sealed class JobSettingsTests(SlurmLab lab)
{
    [Fact]
    public async Task A_scripts_ntasks_and_cpus_per_task_reach_Slurm_as_tasks_and_cores()
    {
        await using SlurmEngine engine = lab.Engine("cpu");
        string id = $"settings-{Guid.NewGuid():N}"[..20];
        const string script = "#!/bin/sh\n#SBATCH -n 4 -c 2\n#SBATCH --time=00:01:00\necho \"$SLURM_NTASKS tasks on $SLURM_JOB_CPUS_PER_NODE cores\"\n";
        JobRequest job = Assert.Single(JobSpecReader.ReadSbatch(script, "job.sh", new JobSpecContext(id, DateTimeOffset.UtcNow, "tenant-a", "research")));
        var request = new DispatchRequest(id, 1, DispatchTokens.For(id, 1), "cpu", "tenant-a", job);

        await engine.SubmitAsync(request, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(request.DispatchToken);

        Assert.Equal(RunState.Succeeded, done.State);
        // Without the script's ntasks Slurm would run one task on the job's 8 cores.
        Assert.Equal("4 tasks on 8 cores\n", await engine.ReadAllAsync(request.DispatchToken));
    }

    [Fact]
    public async Task A_slurm_setting_that_is_not_a_positive_number_is_refused_naming_it()
    {
        await using SlurmEngine engine = lab.Engine("cpu");
        var run = Runs.Of("true").On("cpu").Build();
        run = run with { Job = run.Job with { EngineSettings = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["slurm"] = new Dictionary<string, string> { ["ntasks"] = "four" } } } };

        var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.Equal("engine setting slurm.ntasks must be a positive whole number, not 'four'", error.Message);
        Assert.Null(await engine.FindAsync(run.DispatchToken, CancellationToken.None));
    }
}
