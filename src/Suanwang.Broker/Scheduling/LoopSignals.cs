using Suanwang.Broker.Hosting;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// What the scheduler's parts and the API share with its loop: a wake-up for a cycle soon, a count of the times capacity
/// may have changed (waiting jobs no center could take are tried again), and how long a cycle waits for centers.
/// </summary>
public sealed class LoopSignals(BrokerOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _capacityChanges;
    private long _runsStarted;

    /// <summary>How many times capacity may have changed so far (compare two readings).</summary>
    public long CapacityChanges => Interlocked.Read(ref _capacityChanges);

    /// <summary>Says capacity may have been freed: the next cycle runs a full scheduling pass.</summary>
    public void CapacityChanged() => Interlocked.Increment(ref _capacityChanges);

    /// <summary>How many runs have started so far: each frees its tenant a place under the hand-over limit.</summary>
    public long RunsStarted => Interlocked.Read(ref _runsStarted);

    /// <summary>Says a run started (no capacity freed, but jobs held back by the hand-over limit may go now).</summary>
    public void RunStarted() => Interlocked.Increment(ref _runsStarted);

    /// <summary>Runs a cycle soon; wake-ups before the loop waits again count as one.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
            try { _wake.Release(); } catch (SemaphoreFullException) { /* already woken */ }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task<bool> WaitForWakeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>A call that may outlive the cycle that started it: when it ends late, the loop is woken to use its answer.</summary>
    public Task<T> Background<T>(Task<T> call)
    {
        if (!call.IsCompleted) _ = call.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call;
    }

    /// <summary>Waits for every task or the per-cycle budget for centers, whichever comes first.</summary>
    public async Task WaitAtMostAsync(IEnumerable<Task> tasks, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(tasks);
        if (all.IsCompleted) return;
        await Task.WhenAny(all, Task.Delay(options.EngineWaitPerCycle, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
