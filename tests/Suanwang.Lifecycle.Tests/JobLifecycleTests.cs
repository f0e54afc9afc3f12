using CsCheck;

namespace Suanwang.Lifecycle.Tests;

public class JobLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    // The facts the scheduler gives each move (none where the move records nothing).
    private static TransitionFacts? FactsFor(JobState from, JobState to) => to switch
    {
        JobState.Placed => new PlacementFacts("qingyang", "h800", "sw-job-1-1", "{}", 1_000, 2_000, 3_000),
        JobState.Dispatched when from == JobState.Placed => new DispatchFacts(1_500),
        JobState.Running => new StartFacts(2_000),
        JobState.Unknown => new UnreachableFacts(2_500),
        _ => null,
    };

    private static (JobRecord Record, List<JobEvent> History) Walk(params JobState[] path)
    {
        var (record, first) = JobLifecycle.Submit("job-1", T0);
        var history = new List<JobEvent> { first };
        foreach (var to in path)
        {
            var result = JobLifecycle.Apply(record, to, record.Version, T0, $"to {to}", FactsFor(record.State, to));
            Assert.True(result.Accepted, result.Message);
            record = result.Record;
            history.Add(result.Event!);
        }
        return (record, history);
    }

    [Fact]
    public void A_job_runs_to_success_with_one_event_per_transition()
    {
        var (record, history) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Succeeded);
        Assert.Equal(JobState.Succeeded, record.State);
        Assert.Equal(6, record.Version);
        Assert.Equal([JobState.Submitted, JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Succeeded], history.Select(e => e.To));
        Assert.Equal(Enumerable.Range(1, 6).Select(v => (long)v), history.Select(e => e.Version));
        Assert.True(record.IsFinal);
    }

    [Fact]
    public void A_lost_job_is_requeued_as_a_new_attempt()
    {
        var (record, history) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Unknown, JobState.Lost, JobState.Requeued, JobState.Placed);
        Assert.Equal(2, record.Attempt);
        Assert.Equal(1, history.Single(e => e.To == JobState.Lost).Attempt);
        Assert.Equal(2, history.Last().Attempt);
    }

    [Fact]
    public void A_center_coming_back_resumes_the_same_attempt()
    {
        var (record, _) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Unknown, JobState.Running);
        Assert.Equal(JobState.Running, record.State);
        Assert.Equal(1, record.Attempt);
    }

    [Fact]
    public void A_run_its_center_reports_gone_is_lost_at_once_and_requeued()
    {
        var (record, _) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Lost, JobState.Requeued);
        Assert.Equal(2, record.Attempt);
        Assert.True(JobLifecycle.IsAllowed(JobState.Dispatched, JobState.Lost));
    }

    [Fact]
    public void A_center_reachable_again_with_the_run_still_waiting_puts_it_back_to_Dispatched()
    {
        var (record, _) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Unknown, JobState.Dispatched, JobState.Running);
        Assert.Equal(1, record.Attempt);
    }

    [Fact]
    public void A_placement_the_center_refuses_fails_the_job()
    {
        var (record, _) = Walk(JobState.Queued, JobState.Placed, JobState.Failed);
        Assert.True(record.IsFinal);
    }

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Cancelled)]
    public void Nothing_leaves_a_final_state(JobState final)
    {
        var (record, _) = final == JobState.Succeeded
            ? Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Succeeded)
            : Walk(JobState.Queued, final);
        foreach (var to in Enum.GetValues<JobState>())
        {
            var result = JobLifecycle.Apply(record, to, record.Version, T0, "try", FactsFor(record.State, to));
            Assert.Equal(TransitionError.Illegal, result.Error);
            Assert.Null(result.Event);
            Assert.Same(record, result.Record);
        }
    }

    [Fact]
    public void An_illegal_transition_changes_nothing_and_says_why()
    {
        var (record, _) = Walk(JobState.Queued);
        var result = JobLifecycle.Apply(record, JobState.Running, record.Version, T0, "skip ahead", new StartFacts(1));
        Assert.False(result.Accepted);
        Assert.Equal(TransitionError.Illegal, result.Error);
        Assert.Equal("job 'job-1' cannot go from Queued to Running", result.Message);
        Assert.Same(record, result.Record);
    }

    [Fact]
    public void A_writer_holding_an_old_version_is_refused()
    {
        var (record, _) = Walk(JobState.Queued);
        var first = JobLifecycle.Apply(record, JobState.Placed, record.Version, T0, "placed by writer A", FactsFor(JobState.Queued, JobState.Placed));
        var second = JobLifecycle.Apply(first.Record, JobState.Cancelled, record.Version, T0, "writer B read version 2");
        Assert.True(first.Accepted);
        Assert.Equal(TransitionError.StaleVersion, second.Error);
        Assert.Equal(JobState.Placed, second.Record.State);
    }

    [Fact]
    public void A_move_to_Placed_without_its_placement_is_refused_and_says_what_it_lacks()
    {
        var (record, _) = Walk(JobState.Queued);
        var result = JobLifecycle.Apply(record, JobState.Placed, record.Version, T0, "placed");
        Assert.Equal(TransitionError.Illegal, result.Error);
        Assert.Equal("job 'job-1': a move from Queued to Placed records its PlacementFacts", result.Message);
        Assert.Same(record, result.Record);
    }

    [Fact]
    public void Facts_of_one_kind_of_move_are_refused_on_another()
    {
        var (queued, _) = Walk(JobState.Queued);
        var cancelledWithPlacement = JobLifecycle.Apply(queued, JobState.Cancelled, queued.Version, T0, "by owner", FactsFor(JobState.Queued, JobState.Placed));
        Assert.Equal("job 'job-1': a move from Queued to Cancelled records EndFacts, not PlacementFacts", cancelledWithPlacement.Message);
        var (unknown, _) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Unknown);
        var redispatched = JobLifecycle.Apply(unknown, JobState.Dispatched, unknown.Version, T0, "back", new DispatchFacts(9));
        Assert.Equal("job 'job-1': a move from Unknown to Dispatched records no facts, not DispatchFacts", redispatched.Message);
        // The end of a run is optional: a job cancelled before it ran has none.
        Assert.True(JobLifecycle.Apply(queued, JobState.Cancelled, queued.Version, T0, "by owner").Accepted);
        Assert.True(JobLifecycle.Apply(queued, JobState.Cancelled, queued.Version, T0, "by owner", new EndFacts(5)).Accepted);
    }

    [Fact]
    public void Replaying_the_history_rebuilds_the_record_and_rejects_a_forged_one()
    {
        var (record, history) = Walk(JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Unknown, JobState.Lost, JobState.Requeued);
        var replayed = JobLifecycle.Replay("job-1", history);
        Assert.Equal(record, replayed);
        var forged = history.Take(2).Append(new JobEvent(3, JobState.Queued, JobState.Running, T0, "forged", 1)).ToList();
        Assert.Throws<InvalidOperationException>(() => JobLifecycle.Replay("job-1", forged));
    }

    [Fact]
    public void Random_requests_only_ever_produce_histories_of_allowed_steps()
    {
        var states = Enum.GetValues<JobState>();
        Gen.Select(Gen.Int[0, states.Length - 1], Gen.Bool).Array[1, 40].Sample(requests =>
        {
            var (record, first) = JobLifecycle.Submit("job-1", T0);
            var history = new List<JobEvent> { first };
            foreach (var (r, withFacts) in requests)
            {
                var to = states[r];
                var facts = withFacts ? FactsFor(record.State, to) : null;
                var result = JobLifecycle.Apply(record, to, record.Version, T0, "random", facts);
                Assert.Equal(JobLifecycle.IsAllowed(record.State, to) && JobLifecycle.Unfit(record.State, to, facts) is null, result.Accepted);
                if (result.Event is { } e) history.Add(e);
                record = result.Record;
            }
            for (int i = 1; i < history.Count; i++)
            {
                Assert.True(JobLifecycle.IsAllowed(history[i - 1].To, history[i].To));
                Assert.Equal(i + 1, history[i].Version);
            }
            Assert.Equal(history.Count(e => e.To == JobState.Requeued) + 1, record.Attempt);
            Assert.Equal(record, JobLifecycle.Replay("job-1", history));
        }, iter: 500);
    }

    [Fact]
    public void States_are_written_as_their_names_in_JSON()
    {
        Assert.Equal("\"Requeued\"", System.Text.Json.JsonSerializer.Serialize(JobState.Requeued, System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal(JobState.Lost, System.Text.Json.JsonSerializer.Deserialize<JobState>("\"Lost\"", System.Text.Json.JsonSerializerOptions.Web));
    }
}
