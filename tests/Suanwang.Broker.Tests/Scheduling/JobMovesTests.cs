using Microsoft.Extensions.Logging;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Lifecycle;
using Suanwang.Store;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>Moves are compare-and-set: a job that moved meanwhile is left alone, and what frees capacity says so.</summary>
public sealed class JobMovesTests
{
    [Fact]
    public async Task A_move_made_from_a_stale_version_is_not_applied_and_the_job_is_left_as_it_is()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("one"));
        await h.CycleAfterAsync();
        var row = await h.RowAsync(id);
        var moves = h.Part<JobMoves>();

        var notApplied = await moves.CommitAsync([(row.State, new TransitionRequest(id, row.Version - 1, JobState.Cancelled, "stale"))], default);

        Assert.Equal([id], notApplied);
        Assert.Equal((JobState.Dispatched, row.Version), ((await h.JobAsync(id)).State, (await h.RowAsync(id)).Version));
    }

    [Fact]
    public async Task A_move_the_lifecycle_forbids_is_refused_and_logged_as_the_schedulers_error()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("one"));
        var row = await h.RowAsync(id);

        Assert.Null(await h.Part<JobMoves>().MoveAsync(row, JobState.Succeeded, "never ran", default));

        Assert.Equal((row.State, row.Version), ((await h.RowAsync(id)).State, (await h.RowAsync(id)).Version));
        var logged = Assert.Single(h.Logs.Messages, m => m.EventId == 303);
        Assert.Equal((LogLevel.Error, typeof(Scheduler).FullName), (logged.Level, logged.Category));
    }

    [Fact]
    public async Task A_run_that_starts_frees_its_tenant_a_hand_over_place_and_one_that_ends_frees_capacity()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string id = await h.SubmitOneAsync(Job("one"));
        await h.CycleAfterAsync();
        var signals = h.Part<LoopSignals>();
        var dispatched = await h.RowAsync(id);
        Assert.Equal(JobState.Dispatched, dispatched.State);

        long before = signals.CapacityChanges, startedBefore = signals.RunsStarted;
        var running = await h.Part<JobMoves>().MoveAsync(dispatched, JobState.Running, "running", default, new StartFacts(h.Time.GetUtcNow().ToUnixTimeMilliseconds()));

        Assert.Equal((JobState.Running, before, startedBefore + 1), (running!.State, signals.CapacityChanges, signals.RunsStarted));
        await h.Part<JobMoves>().MoveAsync(running, JobState.Succeeded, "exited 0", default);
        Assert.Equal(before + 1, signals.CapacityChanges);
        Assert.All(Enum.GetValues<JobState>().Where(JobLifecycle.IsFinal), s => Assert.True(JobMoves.FreesCapacity(s), $"{s}"));
        Assert.False(JobMoves.FreesCapacity(JobState.Placed));
        Assert.False(JobMoves.FreesCapacity(JobState.Dispatched));
    }
}
