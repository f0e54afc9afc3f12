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

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    public async Task A_scripts_tasks_per_node_reach_Slurm_as_that_layout(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string id = $"layout-{Guid.NewGuid():N}"[..20];
        // No --ntasks: Slurm makes it nodes × ntasks-per-node (8), each with 3 cores (24 CPUs in all).
        const string script = "#!/bin/sh\n#SBATCH -N 2\n#SBATCH --ntasks-per-node=4\n#SBATCH -c 3\n#SBATCH --time=00:01:00\necho \"$SLURM_NTASKS tasks, $SLURM_NTASKS_PER_NODE per node\"\n";
        JobRequest job = Assert.Single(JobSpecReader.ReadSbatch(script, "job.sh", new JobSpecContext(id, DateTimeOffset.UtcNow, "tenant-a", "research")));
        var request = new DispatchRequest(id, 1, DispatchTokens.For(id, 1), target.Pool.Pool, "tenant-a", job);

        RunStatus submitted = await engine.SubmitAsync(request, CancellationToken.None);
        string nodes = await lab.SlurmJobFieldAsync(target.Cluster, submitted.EngineJobId!, "%D", "NNodes");
        string cpus = await lab.SlurmJobFieldAsync(target.Cluster, submitted.EngineJobId!, "%C", "ReqCPUS");
        RunStatus done = await engine.WaitFinishedAsync(request.DispatchToken);

        Assert.Equal(("2", "24"), (nodes, cpus));
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal("8 tasks, 4 per node\n", await engine.ReadAllAsync(request.DispatchToken));
    }

    [Theory]
    [InlineData("chem", "chem")]   // one of the tenant's accounts: charged to it
    [InlineData("physics", "phys")] // not the tenant's: charged to the tenant's first, never to the one asked for
    public async Task A_scripts_account_reaches_Slurm_only_when_the_center_gives_it_to_the_tenant(string asked, string charged)
    {
        var settings = new Dictionary<string, string>
        {
            ["socket"] = lab.Socket("cpu"), ["partition.cpu"] = "batch", ["workDir"] = lab.OutDirectory("cpu"), ["account.tenant-a"] = "phys,chem",
        };
        await using SlurmEngine engine = new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Lab.Center("cpu", settings), o => o);
        string id = $"account-{Guid.NewGuid():N}"[..20];
        string script = $"#!/bin/sh\n#SBATCH -A {asked}\n#SBATCH --time=00:01:00\ntrue\n";
        JobRequest job = Assert.Single(JobSpecReader.ReadSbatch(script, "job.sh", new JobSpecContext(id, DateTimeOffset.UtcNow, "tenant-a", "research")));

        RunStatus submitted = await engine.SubmitAsync(new DispatchRequest(id, 1, DispatchTokens.For(id, 1), "cpu", "tenant-a", job), CancellationToken.None);
        (int code, string shown) = await lab.SlurmAsync("cpu", "scontrol", "show", "job", submitted.EngineJobId!);

        Assert.True(code == 0, shown);
        Assert.Contains($"Account={charged} ", shown);
        await engine.WaitFinishedAsync(DispatchTokens.For(id, 1));
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
