using Suanwang.Lifecycle;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Engines;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>Following runs at centers: a center that stops answering, a run that is lost, a run that ends.</summary>
public sealed class TrackingScenarioTests
{
    [Fact]
    public async Task A_job_whose_center_stops_answering_goes_Unknown_then_past_the_lease_runs_again_elsewhere_and_the_old_run_is_cancelled()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("long", cpus: 1, hours: 4));
        await h.CycleAfterAsync();
        string first = (await h.JobAsync(id)).CenterId!;
        string second = first == "east" ? "west" : "east";
        h.Centers[first].Start(id);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Running, (await h.JobAsync(id)).State);

        h.Centers[first].Unreachable = true;
        await h.CycleAfterAsync();
        var unknown = await h.JobAsync(id);
        Assert.Equal(JobState.Unknown, unknown.State);
        Assert.StartsWith($"center {first} is unreachable (", unknown.Reason);
        Assert.EndsWith("); the run may still be going", unknown.Reason);

        // Within the lease the run is trusted to go on.
        await h.CycleAfterAsync(h.Options.CenterLease - TimeSpan.FromSeconds(1));
        Assert.Equal(JobState.Unknown, (await h.JobAsync(id)).State);

        await h.CycleAfterAsync(TimeSpan.FromSeconds(1));
        var moved = await h.JobAsync(id);
        Assert.Equal((2, second, JobState.Dispatched), (moved.Attempt, moved.CenterId, moved.State));
        Assert.Contains($"Unknown -> Lost: center {first} unreachable for longer than its 60 s lease", await h.HistoryAsync(id));
        Assert.Contains($"Lost -> Requeued: requeued as attempt 2 (attempt 1: center {first} unreachable for longer than its 60 s lease); an extra run of attempt 1 found later is cancelled",
            await h.HistoryAsync(id));

        // The center comes back with attempt 1 still running: that run is ended, attempt 2 goes on.
        h.Centers[first].Unreachable = false;
        await h.CycleAfterAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([DispatchTokens.For(id, 1)], h.Centers[first].Cancels);
        Assert.Equal(RunState.Cancelled, h.Centers[first].RunOf(id)!.State);
        var after = await h.JobAsync(id);
        Assert.Equal((2, second, JobState.Dispatched), (after.Attempt, after.CenterId, after.State));
        Assert.Empty(h.Centers[second].Cancels);
    }

    [Fact]
    public async Task A_lost_run_of_a_job_that_must_not_run_twice_fails_it_saying_so()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("once", cpus: 1, hours: 1, "requeue: false"));
        await h.CycleAfterAsync();
        string center = (await h.JobAsync(id)).CenterId!;
        h.Centers[center].Start(id);
        await h.CycleAfterAsync();

        h.Centers[center].Lose(id, "the node rebooted");
        await h.CycleAfterAsync();
        var job = await h.JobAsync(id);
        Assert.Equal((JobState.Failed, 1), (job.State, job.Attempt));
        Assert.Equal($"lost at {center} (the node rebooted) and not requeued: the job asked never to run twice (requeue: false)", job.Reason);
    }

    [Fact]
    public async Task A_run_that_ends_ends_its_job_with_its_exit_code_and_metered_use()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("two-hours", cpus: 4, hours: 2));
        await h.CycleAfterAsync();
        string center = (await h.JobAsync(id)).CenterId!;
        h.Centers[center].Start(id);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Running, (await h.JobAsync(id)).State);

        h.Time.Advance(TimeSpan.FromHours(2));
        h.Centers[center].Fail(id, exitCode: 3);
        await h.CycleAfterAsync();
        var row = await h.RowAsync(id);
        Assert.Equal((JobState.Failed, 3, $"exited 3 at {center}"), (row.State, row.ExitCode, row.Reason));
        var run = h.Centers[center].RunOf(id)!;
        Assert.Equal((run.StartedAt!.Value.ToUnixTimeMilliseconds(), run.EndedAt!.Value.ToUnixTimeMilliseconds()), (row.StartedAtMs, row.EndedAtMs));
        Assert.Equal(4 * (run.EndedAt - run.StartedAt)!.Value.TotalHours, row.ActualCpuHours!.Value, 6);
        Assert.True(row.ActualCostYuan > 0, "a run that used a center's cores is charged for them");
    }
}
