using Suanwang.Lifecycle;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Engines;
using Suanwang.Networks;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Network;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>The snapshot placement decides on: what is taken at each center, and by whom.</summary>
public sealed class SnapshotBuilderTests
{
    private const double Hour = 3600;

    [Fact]
    public void A_shared_centers_missing_nodes_are_held_back_until_they_return_and_its_other_users_work_while_it_runs()
    {
        var network = new CompiledNetwork(NetworkLoader.LoadFromText(TwoCenters(nodes: 4, cpusPerNode: 16), "harness.yaml", new NetworkLoadOptions(null)));
        var profiles = network.PoolCapacity.Select(c => new CapacityProfile(c)).ToArray();
        double now = 1_000_000;
        var start = DateTimeOffset.FromUnixTimeSeconds((long)now);
        // East's engine says one node of four is down, and another user's 8-core job will run from in an hour for an hour.
        var load = new PoolLoad("cpu", new ResourceAmount(0, 48, 192), Nodes: 3, NodesDown: 1, [],
            [new OtherWork(new ResourceAmount(0, 8, 32), Running: false, start.AddHours(1), start.AddHours(2))]);

        SnapshotBuilder.ReserveCenterLoad(network, "east", [load], profiles, now);

        var east = profiles[network.PoolIndexOf("east", "cpu")];
        Assert.Equal(48, east.FreeAt(now).Cpus);
        Assert.Equal(40, east.FreeAt(now + 1.5 * Hour).Cpus);
        Assert.Equal(256 - 64 - 32, east.FreeAt(now + 1.5 * Hour).MemoryGiB);
        Assert.Equal(48, east.FreeAt(now + 3 * Hour).Cpus);
        Assert.Equal(64, east.FreeAt(now + SnapshotBuilder.MissingCapacityHorizonSeconds + Hour).Cpus);
        Assert.Equal(64, profiles[network.PoolIndexOf("west", "cpu")].FreeAt(now).Cpus);
    }

    [Fact]
    public async Task Jobs_at_centers_hold_their_cores_and_count_for_their_tenants_share_from_when_they_are_committed()
    {
        await using var h = await SchedulerHarness.StartAsync();
        await h.AddTenantAsync("waiting-one");
        string running = await h.SubmitOneAsync(Job("running", cpus: 8, hours: 2, "constraints: { centers: [east] }"));
        string handedOver = await h.SubmitOneAsync(Job("handed-over", cpus: 4, hours: 2, "constraints: { centers: [east] }"), "waiting-one");
        await h.CycleAfterAsync();
        h.Centers["east"].Start(running);
        await h.CycleAfterAsync();

        var revision = h.Network.Current;
        var snapshot = h.Part<SnapshotBuilder>().Build(revision, await h.Jobs.AtCentersAsync(default), new HashSet<string>(), h.Time.GetUtcNow());

        double now = SimTime.ToSeconds(h.Time.GetUtcNow());
        var east = snapshot.PoolProfiles[revision.Compiled.PoolIndexOf("east", "cpu")];
        Assert.Equal(64 - 12, east.FreeAt(now).Cpus);
        Assert.Equal(64, east.FreeAt(now + 3 * Hour).Cpus);
        // Committed is held, running or not (as the simulator counts it from the commitment).
        Assert.Equal(8 / 128.0, snapshot.Usage.TenantShareNow("default"), 9);
        Assert.Equal(4 / 128.0, snapshot.Usage.TenantShareNow("waiting-one"), 9);
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(handedOver)).State);
    }

    [Fact]
    public async Task Node_features_a_centers_engine_reports_are_added_to_its_pools_and_placement_honours_them()
    {
        await using var h = await SchedulerHarness.StartAsync();
        // West's engine (a Slurm center, say) reports its nodes' features; the network file gives the pools none.
        h.Centers["west"].Pools = [new PoolLoad("cpu", new ResourceAmount(0, 64, 256), 4, 0, [], []) { Features = ["nvme", "x86_64", "not a feature"] }];
        await h.CycleAfterAsync();

        var revision = h.Network.Current;
        var snapshot = h.Part<SnapshotBuilder>().Build(revision, [], new HashSet<string>(), h.Time.GetUtcNow());
        Assert.Equal(["nvme", "x86_64"], snapshot.PoolFeatures[revision.Compiled.PoolIndexOf("west", "cpu")].Order(StringComparer.Ordinal));
        Assert.Empty(snapshot.PoolFeatures[revision.Compiled.PoolIndexOf("east", "cpu")]);

        // Admitted because west reports the feature, and placed there though east comes first.
        string id = await h.SubmitOneAsync(Job("fast-disk", cpus: 4, hours: 1, "constraints: { features: nvme }"));
        await h.CycleAfterAsync();
        Assert.Equal("west", (await h.JobAsync(id)).CenterId);
    }

    [Fact]
    public async Task A_feature_no_center_has_or_reports_is_refused_at_submission_naming_it_and_what_the_network_offers()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["west"].Pools = [new PoolLoad("cpu", new ResourceAmount(0, 64, 256), 4, 0, [], []) { Features = ["nvme"] }];
        await h.CycleAfterAsync();

        var e = await Assert.ThrowsAsync<Suanwang.Broker.Submissions.SubmissionRefusedException>(() => h.SubmitOneAsync(Job("gpu-job", 1, 1, "constraints: { features: h100 }")));
        Assert.Contains(e.Reasons, r => r.Message.Contains("the job needs h100 (no pool in the network satisfies it; the network offers nvme)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_center_that_does_not_answer_or_that_an_operator_drained_takes_no_work()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["west"].Unreachable = true;
        await h.CycleAfterAsync();

        var snapshot = h.Part<SnapshotBuilder>().Build(h.Network.Current, [], new HashSet<string> { "east" }, h.Time.GetUtcNow());
        Assert.Equal([Suanwang.Placement.Snapshot.CenterAvailability.Draining, Suanwang.Placement.Snapshot.CenterAvailability.Down], snapshot.Availability);
    }
}
