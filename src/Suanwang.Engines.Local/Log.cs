using Microsoft.Extensions.Logging;

namespace Suanwang.Engines.Local;

/// <summary>The engine's log events (source-generated, structured fields).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Center {CenterId} accepted run {DispatchToken} (job {JobId}, attempt {Attempt})")]
    public static partial void RunAccepted(ILogger logger, string centerId, string dispatchToken, string jobId, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Center {CenterId} launched run {DispatchToken}")]
    public static partial void RunLaunched(ILogger logger, string centerId, string dispatchToken);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Center {CenterId} run {DispatchToken} is running as process group {ProcessGroupId}")]
    public static partial void RunRunning(ILogger logger, string centerId, string dispatchToken, int processGroupId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Center {CenterId} re-attached to run {DispatchToken}, still running as process group {ProcessGroupId}")]
    public static partial void Reattached(ILogger logger, string centerId, string dispatchToken, int processGroupId);

    /// <summary>
    /// A run ended. One template per shape of the facts, so neither a missing exit code (a lost run) nor a missing
    /// reason (a plain success) is ever rendered as "(null)".
    /// </summary>
    public static void RunFinished(ILogger logger, string centerId, string dispatchToken, RunState state, int? exitCode, string? reason)
    {
        bool hasReason = !string.IsNullOrWhiteSpace(reason);
        if (exitCode is { } code)
        {
            if (hasReason) RunFinishedWithReason(logger, centerId, dispatchToken, state, code, reason!);
            else RunFinishedWithExitCode(logger, centerId, dispatchToken, state, code);
        }
        else RunFinishedWithoutExitCode(logger, centerId, dispatchToken, state, hasReason ? reason! : "no reason recorded");
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Center {CenterId} run {DispatchToken} finished: {State}, exit code {ExitCode}")]
    private static partial void RunFinishedWithExitCode(ILogger logger, string centerId, string dispatchToken, RunState state, int exitCode);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Center {CenterId} run {DispatchToken} finished: {State}, exit code {ExitCode}: {Reason}")]
    private static partial void RunFinishedWithReason(ILogger logger, string centerId, string dispatchToken, RunState state, int exitCode, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Center {CenterId} run {DispatchToken} finished: {State}, no exit code: {Reason}")]
    private static partial void RunFinishedWithoutExitCode(ILogger logger, string centerId, string dispatchToken, RunState state, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Center {CenterId} found {Count} runs in {RunsDirectory}: {Pending} pending, {Running} running")]
    public static partial void Rescanned(ILogger logger, string centerId, int count, string runsDirectory, int pending, int running);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Center {CenterId} sent signal {Signal} to run {DispatchToken} (process group {ProcessGroupId}) because {Reason}")]
    public static partial void Signalled(ILogger logger, string centerId, string dispatchToken, int signal, int processGroupId, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Center {CenterId} run {DispatchToken} returns to the queue: its wrapper exited before starting it")]
    public static partial void Requeued(ILogger logger, string centerId, string dispatchToken);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Center {CenterId} forgot run {DispatchToken}: finished at {EndedAt}, past retention")]
    public static partial void Forgotten(ILogger logger, string centerId, string dispatchToken, DateTimeOffset endedAt);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Center {CenterId} removed {Path}: a submission that was never acknowledged")]
    public static partial void IncompleteRemoved(ILogger logger, string centerId, string path);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Center {CenterId} cannot read run {DispatchToken}; it is reported as failed")]
    public static partial void Unreadable(ILogger logger, string centerId, string dispatchToken, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Center {CenterId} could not look after run {DispatchToken}; will retry")]
    public static partial void RunTickFailed(ILogger logger, string centerId, string dispatchToken, Exception exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Center {CenterId} engine loop failed; will retry")]
    public static partial void LoopFailed(ILogger logger, string centerId, Exception exception);
}
