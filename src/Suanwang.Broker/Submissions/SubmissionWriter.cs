using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Limits;
using Suanwang.Store;
using Suanwang.Store.Connection;

namespace Suanwang.Broker.Submissions;

/// <summary>
/// Group commit for submissions: request handlers enqueue, one writer stores whatever has queued up
/// in a single transaction (one fsync), then answers every waiting request. Under load this turns
/// hundreds of commits into a few; alone, a submission waits for nothing but its own commit. Each tenant's cap
/// on unfinished jobs is checked here, batch by batch, so that concurrent submissions cannot pass it together.
/// </summary>
public sealed partial class SubmissionWriter(JobStore jobs, UnfinishedJobQuota quota, ILogger<SubmissionWriter> logger) : BackgroundService
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

    /// <summary>
    /// Stores a submission; completes once it is durable, or faults with nothing stored: <see cref="LimitExceededException"/>
    /// when it would take its tenant past its cap on unfinished jobs, <see cref="StoreUnavailableException"/> when
    /// nothing was stored, <see cref="StoreNoAnswerException"/> when the store has not answered within
    /// <see cref="StoreLocation.TimeoutSeconds"/> (a commit stuck on a frozen filesystem), so no request waits forever.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(NewSubmission submission, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = TimeSpan.FromSeconds(StoreLocation.TimeoutSeconds);
        try
        {
            await _queue.Writer.WriteAsync((submission, done), cancellationToken).AsTask().WaitAsync(deadline, cancellationToken);
            return await done.Task.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new StoreNoAnswerException($"the store has not committed within {StoreLocation.TimeoutSeconds} s", e);
        }
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
                NewSubmission[] admitted = [];
                try
                {
                    var refusals = await quota.AdmitAsync(batch.Select(b => b.Submission).ToArray(), stoppingToken);
                    var waiting = new List<TaskCompletionSource<SubmitOutcome>>(batch.Count);
                    var stored = new List<NewSubmission>(batch.Count);
                    for (int i = 0; i < batch.Count; i++)
                    {
                        if (refusals[i] is { } refusal) batch[i].Done.TrySetException(refusal);
                        else
                        {
                            stored.Add(batch[i].Submission);
                            waiting.Add(batch[i].Done);
                        }
                    }
                    admitted = stored.ToArray();
                    if (admitted.Length == 0) continue;
                    var outcomes = await jobs.SubmitAsync(admitted, stoppingToken);
                    quota.Committed(admitted, outcomes);
                    for (int i = 0; i < admitted.Length; i++) waiting[i].TrySetResult(outcomes[i]);
                    if (outcomes.Any(o => o.Status == SubmitStatus.Created)) Committed?.Invoke();
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogBatchFailed(logger, batch.Count, e.Message);
                    quota.Forget(admitted);
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

/// <summary>
/// The store has not answered in time: the API answers 503. Nothing was acknowledged, but the commit may still
/// complete when the store recovers, so a client retries with the same Idempotency-Key to get the same job.
/// </summary>
public sealed class StoreNoAnswerException(string message, Exception? inner = null) : TimeoutException(message, inner);
