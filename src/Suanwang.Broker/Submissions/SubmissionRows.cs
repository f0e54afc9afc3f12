using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Submissions;

/// <summary>The rows a checked submission is stored as: one body for the whole submission and one job row per job.</summary>
public static class SubmissionRows
{
    /// <summary>
    /// The job rows of a submission read as <paramref name="requests"/>, admitted to the queue (state Queued at version 2,
    /// stored with both events) and sharing one body (<see cref="JobRow.Body"/>).
    /// </summary>
    /// <param name="id">The submission's id: the job's, or the array's.</param>
    /// <param name="text">The spec text as submitted.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="requests">The jobs it was read as, bound to their tenant and checked against the network.</param>
    /// <param name="nowMs">When accepted.</param>
    public static JobRow[] For(string id, string text, string source, IReadOnlyList<JobRequest> requests, long nowMs)
    {
        var body = JobBodies.Create(id, requests[0].Tenant, text, source, requests, nowMs);
        return [.. requests.Select(job => new JobRow
        {
            Id = job.Id,
            Tenant = job.Tenant,
            Tier = job.Tier,
            Name = job.Name,
            // Read, bound to its tenant and checked against the network: admitted to the queue in the
            // same transaction that stores it (events v1 Submitted, v2 Queued).
            State = JobState.Queued,
            Version = 2,
            Attempt = 1,
            SubmittedAtMs = nowMs,
            UpdatedAtMs = nowMs,
            // A job with dependencies is held for the first until it ends (the scheduler's window skips held jobs).
            WaitsFor = job.DependsOn.Count > 0 ? job.DependsOn[0] : null,
            Reason = job.DependsOn.Count > 0 ? $"waiting for dependency '{job.DependsOn[0]}' to succeed (afterok)" : "waiting for a placement",
            Accelerators = job.Resources.AcceleratorCount,
            Cpus = job.Resources.Cpus,
            MemoryGiB = job.Resources.MemoryGiB,
            BodyId = body.Id,
            ArrayIndex = job.ArrayIndex,
            Body = body,
        })];
    }
}
