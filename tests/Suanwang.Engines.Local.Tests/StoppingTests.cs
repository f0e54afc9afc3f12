using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>Cancelling runs and time limits: a stopped run leaves no process behind.</summary>
public sealed class StoppingTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    [Fact]
    public async Task A_cancelled_pending_run_never_starts()
    {
        await using LocalEngine engine = _center.Open(slots: 1);
        var blocker = Runs.Of("sleep", "30");
        var queued = Runs.Shell($"touch {_center.Shared}/queued-ran");

        await engine.SubmitAsync(blocker, default);
        await engine.SubmitAsync(queued, default);
        await Wait.Running(engine, blocker.Token);
        bool cancelled = await engine.CancelAsync(queued.Token, default);
        RunStatus status = (await engine.FindAsync(queued.Token, default))!;
        await engine.CancelAsync(blocker.Token, default);
        await Wait.Finished(engine, blocker.Token);
        await Task.Delay(300); // a slot is free now: the cancelled run must still not start

        Assert.True(cancelled);
        Assert.Equal(RunState.Cancelled, status.State);
        Assert.Equal("cancelled before it started", status.Message);
        Assert.Null(status.StartedAt);
        Assert.False(File.Exists(Path.Combine(_center.RunDirectory(queued.Token), "started")));
        Assert.False(File.Exists(Path.Combine(_center.Shared, "queued-ran")));
        Assert.Equal(RunState.Cancelled, (await engine.FindAsync(queued.Token, default))!.State);
    }

    [Fact]
    public async Task Cancelling_a_running_run_ends_its_whole_process_tree()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("sleep 300 & sleep 300");

        await engine.SubmitAsync(run, default);
        RunStatus running = await Wait.Running(engine, run.Token);
        int group = Processes.GroupOf(running);
        await Wait.Until(() => Processes.NamedInGroup(group, "sleep") == 2, "both sleeps are up");
        bool cancelled = await engine.CancelAsync(run.Token, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.True(cancelled);
        Assert.Equal(RunState.Cancelled, finished.State);
        Assert.Equal("cancelled while running", finished.Message);
        Assert.Empty(Processes.AliveInGroup(group));
        Assert.False(await engine.CancelAsync(run.Token, default)); // already finished
    }

    [Fact]
    public async Task A_run_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        await using LocalEngine engine = _center.Open(grace: TimeSpan.FromSeconds(1));
        // The job traps TERM; so does a child it starts, which then says so. Only SIGKILL ends them.
        string ready = Path.Combine(_center.Shared, "traps-set");
        var run = Runs.Shell($"trap '' TERM; sh -c \"trap '' TERM; touch {ready}; sleep 300\" & sleep 300");

        await engine.SubmitAsync(run, default);
        RunStatus running = await Wait.Running(engine, run.Token);
        int group = Processes.GroupOf(running);
        await Wait.Until(() => File.Exists(ready), "the run and its child have set their traps");
        var askedAt = DateTimeOffset.UtcNow;
        await engine.CancelAsync(run.Token, default);
        RunStatus stopping = (await engine.FindAsync(run.Token, default))!;
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Running, stopping.State);
        Assert.Equal("stopping: cancel requested", stopping.Message);
        Assert.Equal(RunState.Cancelled, finished.State);
        Assert.True(finished.EndedAt - askedAt >= TimeSpan.FromSeconds(0.9), $"ended {finished.EndedAt:O}, asked {askedAt:O}");
        Assert.Empty(Processes.AliveInGroup(group));
    }

    [Fact]
    public async Task A_run_past_its_time_limit_is_killed_and_Failed()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("echo begun; sleep 300 & sleep 300").WithTimeLimit(TimeSpan.FromSeconds(1));

        await engine.SubmitAsync(run, default);
        RunStatus running = await Wait.Running(engine, run.Token);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Failed, finished.State);
        Assert.Equal("time limit of 1 s exceeded", finished.Message);
        Assert.True(finished.EndedAt - finished.StartedAt >= TimeSpan.FromSeconds(1));
        Assert.True(finished.EndedAt - finished.StartedAt < TimeSpan.FromSeconds(10));
        Assert.Empty(Processes.AliveInGroup(Processes.GroupOf(running)));
        Assert.Equal("begun\n", await Output.All(engine, run.Token));
    }

    [Fact]
    public async Task A_run_within_its_time_limit_is_not_touched()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("sleep 0.2; echo in time").WithTimeLimit(TimeSpan.FromMinutes(1));

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal("in time\n", await Output.All(engine, run.Token));
    }
}
