using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>What the engine logs when runs end: the facts there are, never "(null)" for those there are not.</summary>
public sealed class LogTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();
    private readonly CapturingLogger _log = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    [Fact]
    public async Task A_run_that_succeeds_is_logged_with_its_exit_code_and_nothing_else()
    {
        await using LocalEngine engine = _center.Open(logger: _log);
        var run = Runs.Of("true");

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        await Wait.Until(() => _log.Messages.Any(m => m.Contains(" finished: ", StringComparison.Ordinal)), "the engine to log the run's end");

        Assert.Contains($"Center test-center run {run.Token} finished: Succeeded, exit code 0", _log.Messages);
        Assert.DoesNotContain(_log.Messages, m => m.Contains("(null)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_fails_is_logged_with_its_exit_code_and_why()
    {
        await using LocalEngine engine = _center.Open(logger: _log);
        var run = Runs.Shell("exit 3");

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        await Wait.Until(() => _log.Messages.Any(m => m.Contains(" finished: ", StringComparison.Ordinal)), "the engine to log the run's end");

        Assert.Contains($"Center test-center run {run.Token} finished: Failed, exit code 3: exited with status 3", _log.Messages);
        Assert.DoesNotContain(_log.Messages, m => m.Contains("(null)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_run_is_logged_without_a_null()
    {
        await using LocalEngine engine = _center.Open(logger: _log);
        var run = Runs.Shell("sleep 30");

        await engine.SubmitAsync(run, default);
        await Wait.Running(engine, run.Token);
        await engine.CancelAsync(run.Token, default);
        await Wait.Finished(engine, run.Token);
        // The run reads as finished as soon as its end is on disk; the engine logs it when its watcher sees that end.
        await Wait.Until(() => _log.Messages.Any(m => m.StartsWith($"Center test-center run {run.Token} finished: Cancelled", StringComparison.Ordinal)),
            "the engine to log the cancelled run's end");

        Assert.DoesNotContain(_log.Messages, m => m.Contains("(null)", StringComparison.Ordinal));
    }

    private sealed class CapturingLogger : ILogger<LocalEngine>
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => _messages.ToArray();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Enqueue(formatter(state, exception));
    }
}
