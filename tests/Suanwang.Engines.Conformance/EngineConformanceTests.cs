using System.Text;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Conformance;

/// <summary>
/// The contract every <see cref="ICenterEngine"/> keeps, as tests the broker's recovery relies on. An engine's test
/// project derives one class from this, says how to open its engine on a center and how to make what only it can make
/// (a folder its jobs and the test share, a run it refuses, an engine cut off from its center, work Suanwang did not
/// submit), and inherits every test. Jobs that must still be running wait on a <see cref="Gate"/> the test opens; every
/// wait is for a condition, bounded by <see cref="Patience"/>.
/// </summary>
/// <remarks>
/// Each test cleans up after itself, also when it fails: it opens every gate it made and cancels every run it
/// submitted, so a shared center (a Slurm cluster) is left idle for the next test.
/// </remarks>
public abstract class EngineConformanceTests : IAsyncLifetime
{
    private readonly List<Gate> _gates = [];
    private readonly List<string> _tokens = [];
    private ICenterEngine? _engine;

    // ---- what an engine's test class provides -------------------------------------------------------------

    /// <summary>
    /// Opens the engine on the center under test. Called again after the first engine is disposed, for a restart: the
    /// new engine must serve the same center.
    /// </summary>
    protected abstract Task<ICenterEngine> OpenEngineAsync();

    /// <summary>A folder the test and the center's jobs can both read and write: gates, and files jobs leave for the test.</summary>
    protected abstract string SharedFolder { get; }

    /// <summary>A run this engine refuses for good, whatever its load (e.g. it asks for more than the center has).</summary>
    protected abstract RunBuilder RefusedRun();

    /// <summary>
    /// An engine for the same center that cannot reach what it drives (Slurm: a slurmrestd socket no one listens on; the
    /// local engine: a runs folder it can no longer write). Disposed by the test.
    /// </summary>
    protected abstract Task<ICenterEngine> OpenUnreachableAsync();

    /// <summary>Work at the center that Suanwang did not submit, unfinished until disposed; null when the center holds Suanwang's runs only.</summary>
    protected virtual Task<ForeignWork?> StartForeignWorkAsync() => Task.FromResult<ForeignWork?>(null);

    /// <summary>A run fitted to the center (its pool, say); unchanged by default.</summary>
    protected virtual RunBuilder OnCenter(RunBuilder run) => run;

    /// <summary>How long a run may take to get where a test waits for it (60 s: engines' tests are not timing tests).</summary>
    protected virtual TimeSpan Patience => TimeSpan.FromSeconds(60);

    /// <summary>How often a waiting test asks the engine.</summary>
    protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var gate in _gates) gate.Open();
        if (_engine is not null)
        {
            foreach (string token in _tokens)
            {
                try
                {
                    await _engine.CancelAsync(token, CancellationToken.None);
                }
                catch (Exception e) when (e is EngineUnavailableException or OperationCanceledException)
                {
                    // Best effort: the run ends anyway once its gate is open.
                }
            }
            await _engine.DisposeAsync();
        }
    }

    // ---- the contract -------------------------------------------------------------------------------------

    [Fact]
    public async Task A_run_goes_Pending_or_Running_then_Succeeded_with_exit_code_0()
    {
        var engine = await EngineAsync();
        var gate = NewGate();
        var run = Gated(gate, "echo done");

        var accepted = await engine.SubmitAsync(run, CancellationToken.None);
        var running = await WaitAsync(engine, run.Token, s => s.State == RunState.Running, "Running");
        gate.Open();
        var done = await WaitAsync(engine, run.Token, s => s.IsFinished, "finished");

        Assert.Equal(run.Token, accepted.DispatchToken);
        Assert.Contains(accepted.State, new[] { RunState.Pending, RunState.Running });
        Assert.NotNull(running.StartedAt);
        Assert.Null(running.EndedAt);
        Assert.Null(running.ExitCode);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(0, done.ExitCode);
        Assert.True(done.EndedAt >= done.StartedAt, $"ended {done.EndedAt} before it started {done.StartedAt}");
    }

    [Fact]
    public async Task A_run_exiting_non_zero_is_Failed_with_its_exit_code_and_a_reason()
    {
        var engine = await EngineAsync();
        var run = Submitted(Runs.Shell("exit 3"));

        await engine.SubmitAsync(run, CancellationToken.None);
        var done = await WaitAsync(engine, run.Token, s => s.IsFinished, "finished");

        Assert.Equal(RunState.Failed, done.State);
        Assert.Equal(3, done.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(done.Message), "a failed run says why");
        Assert.NotNull(done.EndedAt);
    }

    [Fact]
    public async Task Submitting_a_token_again_returns_the_same_run_and_the_work_runs_once()
    {
        var engine = await EngineAsync();
        var gate = NewGate();
        string ran = Path.Combine(SharedFolder, $"ran-{Guid.NewGuid():N}");
        var run = Gated(gate, $"echo once >> '{ran}'");

        var first = await engine.SubmitAsync(run, CancellationToken.None);
        var second = await engine.SubmitAsync(run, CancellationToken.None);
        var listed = await engine.ListAsync(CancellationToken.None);
        gate.Open();
        await WaitAsync(engine, run.Token, s => s.IsFinished, "finished");
        var third = await engine.SubmitAsync(run, CancellationToken.None);

        Assert.Equal(run.Token, second.DispatchToken);
        Assert.Contains(second.State, new[] { RunState.Pending, RunState.Running });
        if (first.EngineJobId is not null) Assert.Equal(first.EngineJobId, second.EngineJobId);
        Assert.Single(listed, r => r.DispatchToken == run.Token);
        Assert.Equal(RunState.Succeeded, third.State);
        Assert.Equal("once\n", await File.ReadAllTextAsync(ran));
    }

    [Fact]
    public async Task Submissions_at_once_start_each_token_once_however_many_ask_for_it()
    {
        var engine = await EngineAsync();
        var gate = NewGate();
        var runs = Enumerable.Range(0, 3).Select(i => (Ran: Path.Combine(SharedFolder, $"ran-{Guid.NewGuid():N}"), Index: i)).ToArray();
        var built = runs.Select(r => Gated(gate, $"echo once >> '{r.Ran}'")).ToArray();

        // Four hand-overs of each of three tokens, all at once (a broker hands several runs to one center together).
        var statuses = await Task.WhenAll(built.SelectMany(run => Enumerable.Repeat(run, 4)).Select(run => engine.SubmitAsync(run, CancellationToken.None)));
        var listed = await engine.ListAsync(CancellationToken.None);
        gate.Open();
        foreach (var run in built) await WaitAsync(engine, run.Token, s => s.IsFinished, "finished");

        foreach (var run in built)
        {
            Assert.Single(listed, r => r.DispatchToken == run.Token);
            var ids = statuses.Where(s => s.DispatchToken == run.Token).Select(s => s.EngineJobId).Distinct().ToArray();
            Assert.Single(ids);
        }
        foreach (var (ran, _) in runs) Assert.Equal("once\n", await File.ReadAllTextAsync(ran));
    }

    [Fact]
    public async Task List_holds_our_runs_finished_ones_included_and_nothing_else()
    {
        var engine = await EngineAsync();
        await using var foreign = await StartForeignWorkAsync();
        var gate = NewGate();
        var ok = Gated(gate, "true");
        var failing = Gated(gate, "exit 4");

        await engine.SubmitAsync(ok, CancellationToken.None);
        await engine.SubmitAsync(failing, CancellationToken.None);
        var whileWaiting = await engine.ListAsync(CancellationToken.None);
        gate.Open();
        await WaitAsync(engine, ok.Token, s => s.IsFinished, "finished");
        await WaitAsync(engine, failing.Token, s => s.IsFinished, "finished");
        var afterwards = await engine.ListAsync(CancellationToken.None);

        foreach (var list in new[] { whileWaiting, afterwards })
        {
            Assert.Single(list, r => r.DispatchToken == ok.Token);
            Assert.Single(list, r => r.DispatchToken == failing.Token);
            Assert.All(list, r => Assert.StartsWith(DispatchTokens.Prefix, r.DispatchToken, StringComparison.Ordinal));
            if (foreign is not null) Assert.DoesNotContain(list, r => r.EngineJobId == foreign.EngineJobId);
        }
        Assert.Equal(RunState.Succeeded, afterwards.Single(r => r.DispatchToken == ok.Token).State);
        Assert.Equal(RunState.Failed, afterwards.Single(r => r.DispatchToken == failing.Token).State);
    }

    [Fact]
    public async Task Cancel_ends_only_that_run_and_a_second_cancel_changes_nothing()
    {
        var engine = await EngineAsync();
        await using var foreign = await StartForeignWorkAsync();
        var gate = NewGate();
        string cancelledWent = Path.Combine(SharedFolder, $"went-on-{Guid.NewGuid():N}");
        var cancelled = Gated(gate, $"echo went on > '{cancelledWent}'");
        var other = Gated(gate, "echo other");

        await engine.SubmitAsync(cancelled, CancellationToken.None);
        await engine.SubmitAsync(other, CancellationToken.None);
        await WaitAsync(engine, cancelled.Token, s => s.State == RunState.Running, "Running");
        bool first = await engine.CancelAsync(cancelled.Token, CancellationToken.None);
        var ended = await WaitAsync(engine, cancelled.Token, s => s.IsFinished, "finished");
        bool second = await engine.CancelAsync(cancelled.Token, CancellationToken.None);
        var otherMeanwhile = await engine.FindAsync(other.Token, CancellationToken.None);
        bool foreignCancelled = foreign is not null && await engine.CancelAsync(foreign.EngineJobId, CancellationToken.None);
        bool foreignUnfinished = foreign is null || await foreign.IsUnfinishedAsync();
        gate.Open();
        var otherDone = await WaitAsync(engine, other.Token, s => s.IsFinished, "finished");

        Assert.True(first, "the first cancel of a running run says it cancelled it");
        Assert.Equal(RunState.Cancelled, ended.State);
        Assert.False(second, "a second cancel finds nothing left to cancel");
        Assert.Equal(RunState.Cancelled, (await engine.FindAsync(cancelled.Token, CancellationToken.None))!.State);
        Assert.False(otherMeanwhile!.IsFinished, $"the other run was ended too: {otherMeanwhile}");
        Assert.False(foreignCancelled, "work Suanwang did not submit is never cancelled");
        Assert.True(foreignUnfinished, "work Suanwang did not submit is left running");
        Assert.Equal(RunState.Succeeded, otherDone.State);
        Assert.False(File.Exists(cancelledWent), "the cancelled run went on past its gate");
    }

    [Fact]
    public async Task A_run_the_engine_never_saw_is_not_found_read_or_cancelled()
    {
        var engine = await EngineAsync();
        string token = DispatchTokens.For($"never-{Guid.NewGuid():N}", 1);

        Assert.Null(await engine.FindAsync(token, CancellationToken.None));
        Assert.Null(await engine.ReadOutputAsync(token, OutputStream.Stdout, 0, 1024, CancellationToken.None));
        Assert.False(await engine.CancelAsync(token, CancellationToken.None));
        Assert.DoesNotContain(await engine.ListAsync(CancellationToken.None), r => r.DispatchToken == token);
    }

    [Fact]
    public async Task A_running_run_survives_a_restart_of_the_engine_and_finishes_under_the_new_one()
    {
        var engine = await EngineAsync();
        var gate = NewGate();
        var run = Gated(gate, "echo after the restart");
        await engine.SubmitAsync(run, CancellationToken.None);
        var before = await WaitAsync(engine, run.Token, s => s.State == RunState.Running, "Running");

        await RestartAsync();
        var reattached = await _engine!.FindAsync(run.Token, CancellationToken.None);
        gate.Open();
        var done = await WaitAsync(_engine, run.Token, s => s.IsFinished, "finished");

        Assert.NotNull(reattached);
        Assert.Equal(RunState.Running, reattached.State);
        Assert.Equal(before.EngineJobId, reattached.EngineJobId);
        Assert.Equal(before.SubmittedAt, reattached.SubmittedAt);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal("after the restart\n", await ReadAllAsync(_engine, run.Token, OutputStream.Stdout, 1024));
        Assert.Single(await _engine.ListAsync(CancellationToken.None), r => r.DispatchToken == run.Token);
    }

    [Fact]
    public async Task Output_of_both_streams_is_read_back_whole_in_small_slices()
    {
        var engine = await EngineAsync();
        // Multi-byte characters, read four bytes at a time: a character split by a slice comes whole in the next.
        var run = Submitted(Runs.Shell("printf 'héllo 算网\\nline 2\\n'; printf 'oops 错误\\n' >&2"));

        await engine.SubmitAsync(run, CancellationToken.None);
        await WaitAsync(engine, run.Token, s => s.IsFinished, "finished");

        Assert.Equal("héllo 算网\nline 2\n", await ReadAllAsync(engine, run.Token, OutputStream.Stdout, OutputFileReader.MinBytes));
        Assert.Equal("oops 错误\n", await ReadAllAsync(engine, run.Token, OutputStream.Stderr, OutputFileReader.MinBytes));
        var tail = await engine.ReadOutputAsync(run.Token, OutputStream.Stdout, Encoding.UTF8.GetByteCount("héllo 算网\n"), 1024, CancellationToken.None);
        Assert.Equal(new OutputChunk("line 2\n", Encoding.UTF8.GetByteCount("héllo 算网\nline 2\n"), Complete: true), tail);
    }

    [Fact]
    public async Task A_run_the_engine_refuses_raises_EngineRejectedException_and_leaves_nothing()
    {
        var engine = await EngineAsync();
        var run = Submitted(RefusedRun());

        var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Null(await engine.FindAsync(run.Token, CancellationToken.None));
        Assert.DoesNotContain(await engine.ListAsync(CancellationToken.None), r => r.DispatchToken == run.Token);
    }

    [Fact]
    public async Task An_engine_that_cannot_reach_its_center_raises_EngineUnavailableException()
    {
        await using var engine = await OpenUnreachableAsync();
        var run = Submitted(Runs.Of("true"));

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private async Task<ICenterEngine> EngineAsync() => _engine ??= await OpenEngineAsync();

    // Disposing leaves runs running; the next engine on the center must pick them up.
    private async Task RestartAsync()
    {
        await _engine!.DisposeAsync();
        _engine = null;
        _engine = await OpenEngineAsync();
    }

    private Gate NewGate()
    {
        var gate = Gate.In(SharedFolder);
        _gates.Add(gate);
        return gate;
    }

    // A run of the test's, fitted to the center, cancelled when the test ends.
    private RunBuilder Submitted(RunBuilder run)
    {
        run = OnCenter(run);
        _tokens.Add(run.Token);
        return run;
    }

    private RunBuilder Gated(Gate gate, string then) => Submitted(Runs.Shell($"{gate.ShellWait}; {then}"));

    private async Task<RunStatus> WaitAsync(ICenterEngine engine, string token, Func<RunStatus, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        RunStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await engine.FindAsync(token, CancellationToken.None);
            if (last is not null && until(last)) return last;
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"run {token} was not {what} within {Patience.TotalSeconds:0} s; last status: {last?.ToString() ?? "not found"}");
    }

    private async Task<string> ReadAllAsync(ICenterEngine engine, string token, OutputStream stream, int sliceBytes)
    {
        var text = new StringBuilder();
        long offset = 0;
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var chunk = await engine.ReadOutputAsync(token, stream, offset, sliceBytes, CancellationToken.None)
                ?? throw new InvalidOperationException($"run {token} has no output: the engine does not know it");
            text.Append(chunk.Text);
            offset = chunk.NextOffset;
            if (chunk.Complete) return text.ToString();
            if (chunk.Text.Length == 0) await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"the {stream} of run {token} was not complete within {Patience.TotalSeconds:0} s; read so far: {text}");
    }
}
