using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Suanwang.Broker.Tests.Scheduling.Harness;

/// <summary>One message a part logged.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">Its level.</param>
/// <param name="EventId">Its event id.</param>
/// <param name="Message">As rendered.</param>
public sealed record LoggedMessage(string Category, LogLevel Level, int EventId, string Message);

/// <summary>Keeps every message logged through it, for tests to read.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedMessage> _messages = new();

    /// <summary>What was logged so far, in order.</summary>
    public IReadOnlyList<LoggedMessage> Messages => [.. _messages];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _messages);

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class Recorder(string category, ConcurrentQueue<LoggedMessage> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(new LoggedMessage(category, logLevel, eventId.Id, formatter(state, exception)));
    }
}
