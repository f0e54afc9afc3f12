using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Testing;

namespace Suanwang.Scheduling.Tests;

public class SchedulingPassTests
{
    private static readonly double T0 = SimTime.ToSeconds(A.Noon);

    private static NetworkDefinition OneCenter(int gpus = 8) =>
        A.Network().Region("east").Center("c", "east", c => c.GpuPool("v100", gpus, 1)).Build();

    [Fact]
    public void Late_binding_commits_a_job_only_when_it_can_start_and_holds_a_place_for_the_next()
    {
        var run = new PassRecorder(OneCenter());

        run.Admit(A.Job("a").NeedsGpus(8).ReferenceHours(1), T0);
        run.Admit(A.Job("b").NeedsGpus(8).ReferenceHours(1), T0 + 10);

        Assert.Equal(["a"], run.Bound.Select(b => b.Job));
        Assert.Equal(T0, run.Bound[0].Start);
        Assert.Equal([("b", true)], run.Waiting);
        Assert.Equal(1, run.Queue.Count);
        Assert.Equal(T0 + 3600, run.Pass.Tentative.NextDueSeconds);
    }

    [Fact]
    public void Early_binding_commits_every_placeable_job_where_it_will_wait()
    {
        var run = new PassRecorder(OneCenter(), SchedulingOptions.Default with { Binding = BindingRule.Early });

        run.Admit(A.Job("a").NeedsGpus(8).ReferenceHours(1), T0);
        run.Admit(A.Job("b").NeedsGpus(8).ReferenceHours(1), T0 + 10);

        Assert.Equal(["a", "b"], run.Bound.Select(b => b.Job));
        Assert.Equal(T0 + 3600, run.Bound[1].Start);
        Assert.Equal(0, run.Queue.Count);
    }

    [Fact]
    public void When_capacity_frees_the_tenant_holding_less_goes_first_whatever_the_arrival_order()
    {
        var run = new PassRecorder(OneCenter());
        run.Admit(A.Job("big-1").NeedsGpus(4).ReferenceHours(1).OfTenant("big", "research"), T0);
        run.Admit(A.Job("big-2").NeedsGpus(4).ReferenceHours(2).OfTenant("big", "research"), T0);
        run.Admit(A.Job("big-3").NeedsGpus(4).ReferenceHours(1).OfTenant("big", "research"), T0 + 1);
        run.Admit(A.Job("small-1").NeedsGpus(4).ReferenceHours(1).OfTenant("small", "research"), T0 + 2);

        run.End("big-1", T0 + 3600);
        run.RunPass(T0 + 3600);

        // big still holds half the network (big-2), small nothing: small's later job takes the freed half.
        Assert.Equal("small-1", run.Bound[^1].Job);
        Assert.Equal(T0 + 3600, run.Bound[^1].Start);
        Assert.Equal(["big-3"], run.Queue.Jobs.Select(j => j.Request.Id));
    }

    [Fact]
    public void A_later_job_backfills_only_where_it_does_not_delay_a_held_place()
    {
        var run = new PassRecorder(OneCenter());
        run.Admit(A.Job("a").NeedsGpus(6).ReferenceHours(2).OfTenant("t1", "research"), T0);
        run.Admit(A.Job("b").NeedsGpus(8).ReferenceHours(1).OfTenant("t1", "research"), T0 + 10);
        run.Admit(A.Job("long").NeedsGpus(2).ReferenceHours(3).OfTenant("t2", "research"), T0 + 20);
        run.Admit(A.Job("short").NeedsGpus(2).ReferenceHours(1).OfTenant("t2", "research"), T0 + 30);

        Assert.Equal(["a", "short"], run.Bound.Select(b => b.Job));
        Assert.Equal([("b", true), ("long", true)], run.Waiting);
    }

    [Fact]
    public void A_job_no_center_can_run_leaves_the_queue_as_not_placed()
    {
        var run = new PassRecorder(OneCenter(gpus: 4));

        run.Admit(A.Job("huge").NeedsGpus(16), T0);

        Assert.Equal(["huge"], run.NotPlacedJobs);
        Assert.Empty(run.Bound);
        Assert.Equal(0, run.Queue.Count);
    }

    [Fact]
    public void A_job_the_driver_holds_back_stays_queued_uncommitted_and_costs_no_attempt()
    {
        var run = new PassRecorder(OneCenter(), SchedulingOptions.Default with { MaxAttemptsPerPass = 1 });
        run.Gate = job => job.Request.Tenant == "capped" ? "tenant capped has its fill at centers" : null;
        run.Admit(A.Job("blocker").NeedsGpus(8).ReferenceHours(1).OfTenant("t0", "research"), T0);
        run.Admit(A.Job("held").NeedsGpus(4).ReferenceHours(1).OfTenant("capped", "research"), T0 + 1);
        run.Admit(A.Job("free").NeedsGpus(4).ReferenceHours(1).OfTenant("other", "research"), T0 + 2);
        run.End("blocker", T0 + 60);

        run.RunPass(T0 + 60);

        Assert.Contains(("held", "tenant capped has its fill at centers"), run.HeldBackJobs);
        Assert.Equal("free", run.Bound[^1].Job); // the one attempt went to the job that could use it
        Assert.Contains(run.Queue.Jobs, j => j.Request.Id == "held");
    }

    [Fact]
    public void A_full_pass_releases_the_places_the_last_one_held()
    {
        var run = new PassRecorder(OneCenter());
        run.Admit(A.Job("a").NeedsGpus(8).ReferenceHours(1), T0);
        run.Admit(A.Job("b").NeedsGpus(8).ReferenceHours(1), T0 + 10);
        var profile = run.Snapshot.PoolProfiles[0];
        Assert.Equal(0, profile.FreeAt(T0 + 3600 + 60).Accelerators); // b's place

        run.End("a", T0 + 600);
        run.RunPass(T0 + 600);

        Assert.Equal("b", run.Bound[^1].Job);
        Assert.Equal(T0 + 600, run.Bound[^1].Start);
        Assert.Equal(8, profile.FreeAt(T0 + 600 + 3600 + 60).Accelerators); // nothing left held after b's run
        Assert.Equal(0, run.Pass.Tentative.Count);
    }

    [Fact]
    public void A_pass_reaches_every_job_of_a_long_queue_while_it_commits_the_front_of_it()
    {
        // 200 GPUs taken for an hour; 150 one-GPU jobs of one tenant wait. When the blocker ends, one pass can start
        // them all (its attempts allow 256): none may be skipped because committing the front reshaped the queue.
        var run = new PassRecorder(A.Network().Region("east").Center("c", "east", c => c.GpuPool("v100", 8, 25)).Build());
        run.Admit(A.Job("blocker").NeedsGpus(200).OnNodes(25).ReferenceHours(1).OfTenant("other", "research"), T0);
        for (int i = 0; i < 150; i++) run.Admit(A.Job($"q{i}").NeedsGpus(1).ReferenceHours(1), T0 + 1);
        run.End("blocker", T0 + 60);

        run.RunPass(T0 + 60);

        Assert.Equal(151, run.Bound.Count);
        Assert.Equal(0, run.Queue.Count);
    }
}
