using Suanwang.Lifecycle;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Engines;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>Handing placed jobs to their centers: refusals, and the same run however often it is handed over.</summary>
public sealed class DispatchScenarioTests
{
    private const string AtEast = "constraints: { centers: [east] }";

    [Fact]
    public async Task A_job_its_center_refuses_fails_naming_the_center_and_its_reason()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["east"].RefuseWith = "the partition allows at most 2 cores per job";
        string id = await h.SubmitOneAsync(Job("refused", cpus: 4, hours: 1, AtEast));
        await h.CycleAfterAsync();

        var job = await h.JobAsync(id);
        Assert.Equal((JobState.Failed, "center east refused the run: the partition allows at most 2 cores per job"), (job.State, job.Reason));
        Assert.Empty(h.Centers["east"].Runs);
    }

    [Fact]
    public async Task A_hand_over_still_going_is_not_repeated_by_the_next_cycle()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["east"].HoldSubmissions();
        string id = await h.SubmitOneAsync(Job("slow-center", cpus: 1, hours: 1, AtEast));
        await h.CycleAfterAsync();
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Placed, (await h.JobAsync(id)).State);

        h.Centers["east"].ReleaseSubmissions();
        await h.WokenAsync();
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(id)).State);
        Assert.Single(h.Centers["east"].Submissions);
    }

    [Fact]
    public async Task A_job_placed_while_an_earlier_hand_over_to_its_center_is_going_is_handed_over_without_waiting_for_another_cycle()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["east"].HoldSubmissions();
        string first = await h.SubmitOneAsync(Job("first", cpus: 1, hours: 1, AtEast));
        await h.CycleAfterAsync();
        string second = await h.SubmitOneAsync(Job("second", cpus: 1, hours: 1, AtEast));
        await h.CycleAfterAsync();
        Assert.Equal((JobState.Placed, JobState.Placed), ((await h.JobAsync(first)).State, (await h.JobAsync(second)).State));

        // The center answers: the second is handed over beside the first (a center takes several at once), with no
        // cycle run in between.
        h.Centers["east"].ReleaseSubmissions();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (h.Centers["east"].Submissions.Count < 2 && DateTime.UtcNow < until) await Task.Delay(10);
        Assert.True(h.Centers["east"].Submissions.Count >= 2,
            $"within 60 s of the release the center was handed only [{string.Join(", ", h.Centers["east"].Submissions.Select(x => x.DispatchToken))}]; " +
            $"the jobs are {(await h.RowAsync(first)).State} and {(await h.RowAsync(second)).State}");
        // The center's answers are recorded by a later cycle (a hand-over may still be returning when one runs).
        until = DateTime.UtcNow.AddSeconds(60);
        do await h.CycleAfterAsync();
        while (((await h.JobAsync(first)).State, (await h.JobAsync(second)).State) != (JobState.Dispatched, JobState.Dispatched) && DateTime.UtcNow < until);

        Assert.Equal(new[] { DispatchTokens.For(first, 1), DispatchTokens.For(second, 1) }.Order(StringComparer.Ordinal),
            h.Centers["east"].Submissions.Select(s => s.DispatchToken).Order(StringComparer.Ordinal));
        Assert.Equal((JobState.Dispatched, JobState.Dispatched), ((await h.JobAsync(first)).State, (await h.JobAsync(second)).State));
    }

    [Fact]
    public async Task A_broker_restarted_between_handing_a_job_over_and_recording_it_hands_it_over_again_under_the_same_token_and_it_runs_once()
    {
        await using var h = await SchedulerHarness.StartAsync();
        h.Centers["east"].HoldSubmissions();
        string id = await h.SubmitOneAsync(Job("handed-twice", cpus: 1, hours: 1, AtEast));
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Placed, (await h.JobAsync(id)).State);

        // The center takes the run after the scheduler that handed it over is gone.
        h.RestartScheduler();
        h.Centers["east"].ReleaseSubmissions();
        await WhenAsync(() => h.Centers["east"].Runs.Count == 1);
        await h.CycleAfterAsync();

        var job = await h.JobAsync(id);
        Assert.Equal(JobState.Dispatched, job.State);
        Assert.StartsWith($"handed to east (cpu) as {DispatchTokens.For(id, 1)}", job.Reason);
        Assert.Equal([DispatchTokens.For(id, 1), DispatchTokens.For(id, 1)], h.Centers["east"].Submissions.Select(s => s.DispatchToken));
        Assert.Single(h.Centers["east"].Runs);
        Assert.Empty(h.Centers["east"].Cancels);

        h.Centers["east"].Start(id);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Running, (await h.JobAsync(id)).State);
    }

    // For a hand-over the test released: it completes on another thread (a condition, never a fixed sleep).
    private static async Task WhenAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the released hand-over did not reach the engine within 60 s");
            await Task.Delay(10);
        }
    }
}
