using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>A run's life on one center: it starts, writes output, ends with its exit status.</summary>
public sealed class RunningTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    [Fact]
    public async Task A_command_runs_and_its_stdout_is_read_back()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of("echo", "hello", "world");

        RunStatus accepted = await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Pending, accepted.State);
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(0, finished.ExitCode);
        Assert.NotNull(finished.StartedAt);
        Assert.True(finished.EndedAt >= finished.StartedAt);
        Assert.Equal("hello world\n", await Output.All(engine, run.Token));
        Assert.Equal("", await Output.All(engine, run.Token, OutputStream.Stderr));
    }

    [Fact]
    public async Task A_failing_command_is_Failed_with_its_exit_code_and_its_stderr()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("echo partial; echo 'something broke' >&2; exit 3");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Failed, finished.State);
        Assert.Equal(3, finished.ExitCode);
        Assert.Equal("exited with status 3", finished.Message);
        Assert.Equal("partial\n", await Output.All(engine, run.Token));
        Assert.Equal("something broke\n", await Output.All(engine, run.Token, OutputStream.Stderr));
    }

    [Fact]
    public async Task A_missing_program_fails_with_127_and_says_so_on_stderr()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of("no-such-program-suanwang");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Failed, finished.State);
        Assert.Equal(127, finished.ExitCode);
        Assert.Contains("not found", await Output.All(engine, run.Token, OutputStream.Stderr));
    }

    [Fact]
    public async Task A_run_sees_its_job_environment_and_Suanwang_variables_but_not_the_hosts()
    {
        System.Environment.SetEnvironmentVariable("SUANWANG_TEST_DATABASE_PASSWORD", "hunter2");
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of("env").WithEnv("MODEL", "qwen-7b").Attempt(2);

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        var variables = (await Output.All(engine, run.Token))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        string work = Path.Combine(_center.RunDirectory(run.Token), "work");
        Assert.Equal("qwen-7b", variables["MODEL"]);
        Assert.Equal(run.Build().JobId, variables["SUANWANG_JOB_ID"]);
        Assert.Equal("2", variables["SUANWANG_ATTEMPT"]);
        Assert.Equal(run.Token, variables["SUANWANG_DISPATCH_TOKEN"]);
        Assert.Equal("test-center", variables["SUANWANG_CENTER"]);
        Assert.Equal(work, variables["HOME"]);
        Assert.Equal("C.UTF-8", variables["LANG"]);
        Assert.Equal(LocalEngine.DefaultPath, variables["PATH"]);
        Assert.DoesNotContain("SUANWANG_TEST_DATABASE_PASSWORD", variables.Keys);
        Assert.DoesNotContain(variables.Values, value => value.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_starts_with_default_signal_handling_so_pipelines_end_quietly()
    {
        // The .NET host ignores SIGPIPE; a job must not inherit that, or `yes | head` complains of broken pipes.
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("grep SigIgn /proc/self/status; yes | head -n 1");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal("SigIgn:\t0000000000000000\ny\n", await Output.All(engine, run.Token));
        Assert.Equal("", await Output.All(engine, run.Token, OutputStream.Stderr));
    }

    [Fact]
    public async Task A_run_works_in_its_own_work_directory()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("pwd; echo data > result.txt");

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);

        string work = Path.Combine(_center.RunDirectory(run.Token), "work");
        Assert.Equal(work + "\n", await Output.All(engine, run.Token));
        Assert.Equal("data\n", File.ReadAllText(Path.Combine(work, "result.txt")));
    }

    [Fact]
    public async Task An_sbatch_script_is_written_to_a_file_and_run_by_its_interpreter()
    {
        await using LocalEngine engine = _center.Open();
        const string script = "#!/bin/sh\n#SBATCH --job-name=hello\n#SBATCH --time=00:01:00\necho \"script of $SUANWANG_JOB_ID ran as $0\"\n";
        var run = Runs.Of("/bin/sh").WithScript(script);

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        string scriptPath = Path.Combine(_center.RunDirectory(run.Token), "script");
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(script, File.ReadAllText(scriptPath));
        Assert.Equal($"script of {run.Build().JobId} ran as {scriptPath}\n", await Output.All(engine, run.Token));
    }

    [Fact]
    public async Task Processes_a_finished_job_left_in_the_background_are_ended_with_it()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("sleep 300 & echo left a sleeper");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Succeeded, finished.State);
        await Wait.Until(() => Processes.AliveInGroup(Processes.GroupOf(finished)).Count == 0, "the background sleeper is gone");
    }

    [Fact]
    public async Task Submission_times_come_from_the_engines_clock()
    {
        var at = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await using var engine = new LocalEngine(new LocalEngineOptions { CenterId = "clocked", RunsDirectory = _center.RunsDirectory },
            new FixedClock(at), null);
        var run = Runs.Of("true");

        RunStatus accepted = await engine.SubmitAsync(run, default);
        EngineReport report = await engine.ReportAsync(default);

        Assert.Equal(at, accepted.SubmittedAt);
        Assert.Equal(at, report.ReportedAt);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_run_the_engine_never_saw_is_not_found()
    {
        await using LocalEngine engine = _center.Open();

        Assert.Null(await engine.FindAsync("sw-nobody-a1", default));
        Assert.Null(await engine.ReadOutputAsync("sw-nobody-a1", OutputStream.Stdout, 0, 100, default));
        Assert.Null(await engine.ReadOutputAsync("../../etc/passwd", OutputStream.Stdout, 0, 100, default));
        Assert.False(await engine.CancelAsync("sw-nobody-a1", default));
        Assert.Empty(await engine.ListAsync(default));
    }

    [Fact]
    public async Task List_holds_every_run_in_submission_order_finished_ones_included()
    {
        await using LocalEngine engine = _center.Open();
        var first = Runs.Of("true");
        var second = Runs.Of("false");

        await engine.SubmitAsync(first, default);
        await engine.SubmitAsync(second, default);
        await Wait.Finished(engine, first.Token);
        await Wait.Finished(engine, second.Token);
        IReadOnlyList<RunStatus> all = await engine.ListAsync(default);

        Assert.Equal([first.Token, second.Token], all.Select(s => s.DispatchToken));
        Assert.Equal([RunState.Succeeded, RunState.Failed], all.Select(s => s.State));
    }

    [Fact]
    public async Task Finished_runs_are_forgotten_and_their_directories_removed_after_retention()
    {
        await using LocalEngine engine = _center.Open(retention: TimeSpan.Zero);
        var run = Runs.Of("echo", "short-lived");

        await engine.SubmitAsync(run, default);
        // The engine removes the directory, then forgets the run: wait for the second, which comes last.
        await Wait.Until(() => engine.FindAsync(run.Token, default).Result is null, "the run is forgotten");

        Assert.False(Directory.Exists(_center.RunDirectory(run.Token)));
    }
}
