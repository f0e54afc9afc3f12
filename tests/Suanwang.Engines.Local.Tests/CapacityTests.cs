using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>What a center may hold at once, and what it refuses outright.</summary>
public sealed class CapacityTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    [Fact]
    public async Task With_one_slot_the_second_run_starts_after_the_first_ends()
    {
        await using LocalEngine engine = _center.Open(slots: 1);
        Gate gate = _center.Gate();
        var first = GatedRuns.After(gate, "echo first");
        var second = Runs.Shell("echo second");

        await engine.SubmitAsync(first, default);
        await engine.SubmitAsync(second, default);
        await Wait.Running(engine, first.Token);
        await Task.Delay(200);
        RunStatus waiting = (await engine.FindAsync(second.Token, default))!;
        gate.Open();
        RunStatus firstDone = await Wait.Finished(engine, first.Token);
        RunStatus secondDone = await Wait.Finished(engine, second.Token);

        Assert.Equal(RunState.Pending, waiting.State);
        Assert.Equal(RunState.Succeeded, secondDone.State);
        Assert.True(secondDone.StartedAt >= firstDone.EndedAt, $"second started {secondDone.StartedAt:O}, first ended {firstDone.EndedAt:O}");
    }

    [Fact]
    public async Task Runs_start_in_submission_order_and_a_big_one_is_not_overtaken()
    {
        // 4 cores: a 3-core run holds them, a 2-core run waits for it, and a 1-core run that would fit
        // beside the first still waits its turn (FIFO, no backfill).
        await using LocalEngine engine = _center.Open(slots: 4, cpus: 4);
        Gate gate = _center.Gate();
        var big = GatedRuns.After(gate, "true").WithCpus(3);
        var medium = Runs.Of("true").WithCpus(2);
        var small = Runs.Of("true").WithCpus(1);

        await engine.SubmitAsync(big, default);
        await engine.SubmitAsync(medium, default);
        await engine.SubmitAsync(small, default);
        await Wait.Running(engine, big.Token);
        await Task.Delay(200);
        RunState smallWhileBigRuns = (await engine.FindAsync(small.Token, default))!.State;
        gate.Open();
        RunStatus bigDone = await Wait.Finished(engine, big.Token);
        RunStatus mediumDone = await Wait.Finished(engine, medium.Token);
        RunStatus smallDone = await Wait.Finished(engine, small.Token);

        Assert.Equal(RunState.Pending, smallWhileBigRuns);
        Assert.True(mediumDone.StartedAt >= bigDone.EndedAt);
        Assert.True(smallDone.StartedAt >= bigDone.EndedAt);
    }

    [Fact]
    public async Task The_report_counts_slots_cores_and_memory_held_by_running_runs()
    {
        await using LocalEngine engine = _center.Open(slots: 2, cpus: 8, memoryGiB: 32);
        var running = Runs.Of("sleep", "30").WithCpus(3).WithMemoryGiB(10);
        var alsoRunning = Runs.Of("sleep", "30").WithCpus(2).WithMemoryGiB(4);
        var waiting = Runs.Of("sleep", "30");

        await engine.SubmitAsync(running, default);
        await engine.SubmitAsync(alsoRunning, default);
        await engine.SubmitAsync(waiting, default);
        await Wait.Running(engine, running.Token);
        await Wait.Running(engine, alsoRunning.Token);
        EngineReport report = await engine.ReportAsync(default);

        Assert.Equal(new EngineReport("test-center", true, 2, 2, 1, 8, 5, 32, 14, report.ReportedAt), report);
        Assert.True(await engine.CancelAsync(waiting.Token, default));
    }

    [Fact]
    public async Task A_run_that_can_never_fit_is_refused_naming_what_is_too_big()
    {
        await using LocalEngine engine = _center.Open(cpus: 4, memoryGiB: 16);

        var tooManyCores = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("true").WithCpus(64), default));
        var tooMuchMemory = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("true").WithMemoryGiB(512), default));

        Assert.Contains("64 CPU cores", tooManyCores.Message);
        Assert.Contains("'cpus'", tooManyCores.Message);
        Assert.Contains("512 GiB", tooMuchMemory.Message);
        Assert.Contains("'memoryGiB'", tooMuchMemory.Message);
        Assert.Empty(await engine.ListAsync(default));
        Assert.False(Directory.EnumerateDirectories(_center.RunsDirectory).Any());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("token with spaces")]
    public async Task A_token_that_could_leave_the_runs_directory_is_refused(string token)
    {
        await using LocalEngine engine = _center.Open();
        DispatchRequest request = Runs.Of("true").Build() with { DispatchToken = token };

        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(request, default));
        Assert.Equal(["engine.lock"], Directory.EnumerateFileSystemEntries(_center.RunsDirectory).Select(Path.GetFileName));
        Assert.Equal(["runs"], Directory.EnumerateFileSystemEntries(_center.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_run_without_a_command_or_with_NUL_characters_is_refused()
    {
        await using LocalEngine engine = _center.Open();

        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of(), default));
        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("echo", "a\0b"), default));
        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("true").WithEnv("A=B", "x"), default));
        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("true").WithEnv("A", "x\0y"), default));
        await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(Runs.Of("true").WithTimeLimit(TimeSpan.Zero), default));
    }

    [Fact]
    public async Task A_second_engine_on_the_same_directory_is_refused_while_the_first_is_open()
    {
        await using LocalEngine first = _center.Open();

        var refused = Assert.Throws<InvalidOperationException>(() => _center.Open());

        Assert.Contains("engine.lock", refused.Message);
    }
}
