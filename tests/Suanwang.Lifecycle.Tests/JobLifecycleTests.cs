using CsCheck;

namespace Suanwang.Lifecycle.Tests;

public class JobLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static JobRecord Walk(params JobState[] path)
    {
        var record = JobLifecycle.Submit("job-1", T0);
        foreach (var to in path)
        {
            var result = JobLifecycle.Apply(record, to, record.Version, T0, $"to {to}");
            Assert.True(result.Accepted, result.Message);
            record = result.Record;
        }
        return record;
    }

    [Fact]
    public void A_job_runs_to_success_with_one_event_per_transition()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Succeeded);
        Assert.Equal(JobState.Succeeded, record.State);
        Assert.Equal(6, record.Version);
        Assert.Equal([JobState.Submitted, JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Succeeded], record.History.Select(e => e.To));
        Assert.True(record.IsFinal);
    }

    [Fact]
    public void A_lost_job_is_requeued_as_a_new_attempt()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Unknown, JobState.Lost, JobState.Requeued, JobState.Placed);
        Assert.Equal(2, record.Attempt);
        Assert.Equal(1, record.History.Single(e => e.To == JobState.Lost).Attempt);
        Assert.Equal(2, record.History.Last().Attempt);
    }

    [Fact]
    public void A_center_coming_back_resumes_the_same_attempt()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Unknown, JobState.Running);
        Assert.Equal(JobState.Running, record.State);
        Assert.Equal(1, record.Attempt);
    }

    [Fact]
    public void A_run_its_center_reports_gone_is_lost_at_once_and_requeued()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Lost, JobState.Requeued);
        Assert.Equal(2, record.Attempt);
        Assert.True(JobLifecycle.IsAllowed(JobState.Dispatched, JobState.Lost));
    }

    [Fact]
    public void A_center_reachable_again_with_the_run_still_waiting_puts_it_back_to_Dispatched()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Unknown, JobState.Dispatched, JobState.Running);
        Assert.Equal(1, record.Attempt);
    }

    [Fact]
    public void A_placement_the_center_refuses_fails_the_job()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Failed);
        Assert.True(record.IsFinal);
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    public void Nothing_leaves_a_final_state(JobState final)
    {
        var record = final == JobState.Succeeded
            ? Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Succeeded)
            : Walk(JobState.Queued, final);
        foreach (var to in Enum.GetValues<JobState>())
        {
            var result = JobLifecycle.Apply(record, to, record.Version, T0, "try");
            Assert.Equal(TransitionError.Illegal, result.Error);
            Assert.Same(record, result.Record);
        }
    }

    [Fact]
    public void An_illegal_transition_changes_nothing_and_says_why()
    {
        var record = Walk(JobState.Queued);
        var result = JobLifecycle.Apply(record, JobState.Running, record.Version, T0, "skip ahead");
        Assert.False(result.Accepted);
        Assert.Equal(TransitionError.Illegal, result.Error);
        Assert.Equal("job 'job-1' cannot go from Queued to Running", result.Message);
        Assert.Same(record, result.Record);
    }

    [Fact]
    public void A_writer_holding_an_old_version_is_refused()
    {
        var record = Walk(JobState.Queued);
        var first = JobLifecycle.Apply(record, JobState.Placed, record.Version, T0, "placed by writer A");
        var second = JobLifecycle.Apply(first.Record, JobState.Cancelled, record.Version, T0, "writer B read version 2");
        Assert.True(first.Accepted);
        Assert.Equal(TransitionError.StaleVersion, second.Error);
        Assert.Equal(JobState.Placed, second.Record.State);
    }

    [Fact]
    public void Replaying_the_history_rebuilds_the_record_and_rejects_a_forged_one()
    {
        var record = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Unknown, JobState.Lost, JobState.Requeued);
        var replayed = JobLifecycle.Replay("job-1", record.History);
        Assert.Equal(record.State, replayed.State);
        Assert.Equal(record.Version, replayed.Version);
        Assert.Equal(record.Attempt, replayed.Attempt);
        var forged = record.History.Take(2).Append(new JobEvent(3, JobState.Queued, JobState.Running, T0, "forged", 1)).ToList();
        Assert.Throws<InvalidOperationException>(() => JobLifecycle.Replay("job-1", forged));
    }

    [Fact]
    public void Random_requests_only_ever_produce_histories_of_allowed_steps()
    {
        var states = Enum.GetValues<JobState>();
        Gen.Int[0, states.Length - 1].Array[1, 40].Sample(requests =>
        {
            var record = JobLifecycle.Submit("job-1", T0);
            foreach (int r in requests)
            {
                var result = JobLifecycle.Apply(record, states[r], record.Version, T0, "random");
                Assert.Equal(JobLifecycle.IsAllowed(record.State, states[r]), result.Accepted);
                record = result.Record;
            }
            for (int i = 1; i < record.History.Count; i++)
            {
                Assert.True(JobLifecycle.IsAllowed(record.History[i - 1].To, record.History[i].To));
                Assert.Equal(i + 1, record.History[i].Version);
            }
            Assert.Equal(record.History.Count(e => e.To == JobState.Requeued) + 1, record.Attempt);
        }, iter: 500);
    }
}
