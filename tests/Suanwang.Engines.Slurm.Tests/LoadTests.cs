namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// How a cluster's nodes and other users' jobs, as slurmrestd lists them, become each pool's live capacity and
/// foreign work (no lab needed: the shapes are those Slurm 22.05 answers with).
/// </summary>
public sealed class LoadTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static readonly SlurmEngineOptions Options = new()
    {
        CenterId = "hpc",
        SocketPath = "/run/slurmrestd.sock",
        PoolIds = ["a100", "cpu"],
        Partitions = new Dictionary<string, string> { ["a100"] = "gpu", ["cpu"] = "batch" },
    };

    private static SlurmNode Node(string name, string state, string partition, string? gres = null, params string[] flags) =>
        new(name, 32, 0, 256_000, 0, state, flags, [partition], gres);

    private static SlurmJob Job(string state, string partition, int cpus, int nodes, string? tresPerNode = null, long start = 0, long end = 0,
        long limitMinutes = 60, string comment = "", string? reason = null) =>
        new(1, "x", comment, state, reason, 0, Now.ToUnixTimeSeconds() - 100, start, end, null, null,
            partition, cpus, nodes, MemoryPerNodeMB: 2048, TimeLimitMinutes: limitMinutes, TresPerNode: tresPerNode);

    [Fact]
    public void Only_usable_nodes_count_and_their_GRES_give_the_accelerators_and_types()
    {
        var nodes = new[]
        {
            Node("g1", "idle", "gpu", "gpu:a100:4"),
            Node("g2", "mixed", "gpu", "gpu:a100:4(S:0-1)"),
            Node("g3", "idle", "gpu", "gpu:a100:4", "DRAIN"),
            Node("g4", "down", "gpu", "gpu:a100:4"),
            Node("c1", "allocated", "batch"),
        };

        var pools = SlurmLoad.Pools(Options, nodes, [], Now);

        var gpu = pools.Single(p => p.PoolId == "a100");
        Assert.Equal((8.0, 64.0, 2, 2), (gpu.Capacity.Accelerators, gpu.Capacity.Cpus, gpu.Nodes, gpu.NodesDown));
        Assert.Equal(["a100"], gpu.AcceleratorTypes);
        var cpu = pools.Single(p => p.PoolId == "cpu");
        Assert.Equal((0.0, 32.0, 250.0), (cpu.Capacity.Accelerators, cpu.Capacity.Cpus, cpu.Capacity.MemoryGiB));
    }

    [Fact]
    public void Other_users_running_and_pending_jobs_are_work_in_their_pool_with_Slurms_times_and_ours_are_not()
    {
        long now = Now.ToUnixTimeSeconds();
        var jobs = new[]
        {
            Job("RUNNING", "gpu", cpus: 4, nodes: 2, tresPerNode: "gres:gpu:4", start: now - 600, end: now + 1200),
            Job("PENDING", "gpu,debug", cpus: 2, nodes: 1, tresPerNode: "gres:gpu:a100:2", start: now + 1200, end: now + 4800),
            Job("PENDING", "batch", cpus: 8, nodes: 1, limitMinutes: 30),
            Job("PENDING", "batch", cpus: 8, nodes: 1, reason: "JobHeldUser"),
            Job("COMPLETED", "batch", cpus: 8, nodes: 1),
            Job("RUNNING", "gpu", cpus: 1, nodes: 1, tresPerNode: "gres:gpu:1", start: now - 10, end: now + 50, comment: "sw-j1-a1"),
            Job("RUNNING", "other", cpus: 1, nodes: 1, start: now - 10, end: now + 50),
        };

        var pools = SlurmLoad.Pools(Options, [], jobs, Now);

        var gpu = pools.Single(p => p.PoolId == "a100").OtherWork;
        Assert.Equal(2, gpu.Count);
        Assert.Equal((8.0, 4.0, 4.0, true), (gpu[0].Demand.Accelerators, gpu[0].Demand.Cpus, gpu[0].Demand.MemoryGiB, gpu[0].Running));
        Assert.Equal(Now.AddSeconds(1200), gpu[0].End);
        Assert.Equal((2.0, false, Now.AddSeconds(1200), Now.AddSeconds(4800)), (gpu[1].Demand.Accelerators, gpu[1].Running, gpu[1].Start, gpu[1].End));
        var cpu = Assert.Single(pools.Single(p => p.PoolId == "cpu").OtherWork);
        // No expected start from Slurm: from now, for its time limit.
        Assert.Equal((8.0, Now, Now.AddMinutes(30)), (cpu.Demand.Cpus, cpu.Start, cpu.End));
    }
}
