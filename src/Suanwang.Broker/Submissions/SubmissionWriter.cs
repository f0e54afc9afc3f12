using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Store;

namespace Suanwang.Broker.Submissions;

/// <summary>
/// Group commit for submissions: request handlers enqueue, one writer stores whatever has queued up
/// in a single transaction (one fsync), then answers every waiting request. Under load this turns
/// hundreds of commits into a few; alone, a submission waits for nothing but its own commit.
/// </summary>
public sealed partial class SubmissionWriter(JobStore jobs, ILogger<SubmissionWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<(NewSubmission Submission, TaskCompletionSource<SubmitOutcome> Done)> _queue =
        Channel.CreateBounded<(NewSubmission, TaskCompletionSource<SubmitOutcome>)>(new BoundedChannelOptions(20_000)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Raised after a batch with new jobs has been committed.</summary>
    public event Action? Committed;

    /// <summary>Stores a submission; completes once it is durable (or faults: nothing was stored).</summary>
    public async Task<SubmitOutcome> SubmitAsync(NewSubmission submission, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((submission, done), cancellationToken);
        return await done.Task;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(NewSubmission Submission, TaskCompletionSource<SubmitOutcome> Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
                try
                {
                    var outcomes = await jobs.SubmitAsync(batch.Select(b => b.Submission).ToArray(), stoppingToken);
                    for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
                    if (outcomes.Any(o => o.Status == SubmitStatus.Created)) Committed?.Invoke();
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogBatchFailed(logger, batch.Count, e.Message);
                    foreach (var item in batch) item.Done.TrySetException(new StoreUnavailableException("the store did not commit the submission", e));
                }
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var item in batch) item.Done.TrySetCanceled();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "A batch of {Count} submissions was not stored: {Error}")]
    private static partial void LogBatchFailed(ILogger logger, int count, string error);
}

/// <summary>The store could not commit: the API answers 503 and nothing was acknowledged.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
