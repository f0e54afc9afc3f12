using System.Text.Json;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Submissions;
using Suanwang.Model.Jobs;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>
/// The parsed requests of the jobs a cycle may place: each stored body read and parsed once (an array's elements
/// share one, without its batch script), each job's request made from it and kept while the job is in the window.
/// A body that cannot be read is remembered with why, so its jobs fail naming it rather than stopping every cycle.
/// </summary>
public sealed partial class RequestCache(JobStore jobs, ILogger<Scheduler> logger)
{
    private readonly Dictionary<string, JobRequest> _requests = new();
    // Stored requests by body (without their batch scripts): an array's elements share one, read and parsed once.
    private readonly Dictionary<string, JobRequest> _shared = new();
    private readonly Dictionary<string, string> _unreadable = new();

    /// <summary>Reads the requests of <paramref name="waiting"/> not yet known; an unreadable body is logged and remembered, not thrown.</summary>
    public async Task LoadAsync(IReadOnlyList<JobRow> waiting, CancellationToken cancellationToken)
    {
        var missing = waiting.Where(j => !_requests.ContainsKey(j.Id)).ToArray();
        if (missing.Length == 0) return;
        var bodies = missing.Select(j => j.BodyId).Where(id => !_shared.ContainsKey(id)).Distinct().ToArray();
        foreach (var (id, json) in await jobs.RequestTemplatesAsync(bodies, cancellationToken))
        {
            try
            {
                _shared[id] = JobBodies.Shared(json);
                _unreadable.Remove(id);
            }
            catch (JsonException e)
            {
                // One unreadable body fails its own jobs (placement), not the cycle.
                _unreadable[id] = e.Message;
                LogUnreadable(logger, id, e.Message);
            }
        }
        foreach (var job in missing)
            if (_shared.TryGetValue(job.BodyId, out var shared))
                _requests[job.Id] = JobBodies.RequestOf(shared, job.ArrayIndex);
    }

    /// <summary>True when the job's request was loaded.</summary>
    public bool Has(string jobId) => _requests.ContainsKey(jobId);

    /// <summary>The job's request; throws when it was not loaded this cycle (a bug, not bad input).</summary>
    public JobRequest RequestOf(JobRow job) =>
        _requests.TryGetValue(job.Id, out var request) ? request
            : throw new InvalidOperationException($"job {job.Id}: its request was not loaded this cycle");

    /// <summary>Why the job's request could not be loaded: the parser's message, or that its body is missing.</summary>
    public string WhyUnreadable(JobRow job) => _unreadable.GetValueOrDefault(job.BodyId) ?? $"no body '{job.BodyId}' in the store";

    /// <summary>
    /// Keeps what the cycle needs and drops the rest, so memory follows the window, not the queue. Returns false when
    /// the cache was small enough to keep whole (nothing dropped).
    /// </summary>
    public bool ForgetOthers(IReadOnlyList<JobRow> waiting)
    {
        if (_requests.Count <= waiting.Count + 1024 && _shared.Count <= 1024) return false;
        var keep = waiting.Select(j => j.Id).ToHashSet();
        var bodies = waiting.Select(j => j.BodyId).ToHashSet();
        foreach (var id in _requests.Keys.Where(id => !keep.Contains(id)).ToArray()) _requests.Remove(id);
        foreach (var id in _shared.Keys.Where(id => !bodies.Contains(id)).ToArray()) _shared.Remove(id);
        foreach (var id in _unreadable.Keys.Where(id => !bodies.Contains(id)).ToArray()) _unreadable.Remove(id);
        return true;
    }

    /// <summary>Whether a lost job may run again as a new attempt (its request's <c>requeue</c>; true when its body is gone).</summary>
    public async Task<bool> MayRequeueAsync(JobRow job, CancellationToken cancellationToken)
    {
        if (_requests.TryGetValue(job.Id, out var request)) return request.Requeue;
        // Whether a job may run twice is the same for every element of an array: its body says.
        var stored = await jobs.RequestTemplatesAsync([job.BodyId], cancellationToken);
        return !stored.TryGetValue(job.BodyId, out string? json) || JobBodies.Shared(json).Requeue;
    }

    // Also logged by the dispatcher, which reads full bodies (with their batch scripts) for hand-overs.
    [LoggerMessage(EventId = 307, Level = LogLevel.Error, Message = "The stored request of body {BodyId} cannot be read: {Error}")]
    internal static partial void LogUnreadable(ILogger logger, string bodyId, string error);
}
