using Suanwang.Broker.Api;
using Suanwang.Broker.Network;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Model.Jobs;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>A finished run as its job's final move, metered from the run's real start and end.</summary>
public static class RunMetering
{
    /// <summary>The move that ends <paramref name="job"/> as its finished <paramref name="run"/> did, with the run's exit, times and metering.</summary>
    public static TransitionRequest Finish(NetworkRevision revision, JobRow job, RunStatus run, DateTimeOffset now)
    {
        var to = run.State switch
        {
            RunState.Succeeded => JobState.Succeeded,
            RunState.Cancelled => JobState.Cancelled,
            _ => JobState.Failed,
        };
        string reason = to switch
        {
            JobState.Succeeded => $"exited 0 at {job.CenterId}",
            JobState.Cancelled => $"cancelled at {job.CenterId}" + (run.Message is { } m ? $": {m}" : ""),
            _ => run.Message ?? $"exited {run.ExitCode} at {job.CenterId}",
        };
        var resources = JobViews.Resources(job);
        var started = run.StartedAt ?? (job.StartedAtMs is { } s ? JobViews.Time(s) : (DateTimeOffset?)null);
        var ended = run.EndedAt ?? now;
        return new TransitionRequest(job.Id, job.Version, to, reason, j =>
        {
            j.ExitCode = run.ExitCode;
            j.EndedAtMs = JobViews.Ms(ended);
            j.UnreachableSinceMs = null;
            if (started is { } start)
            {
                j.StartedAtMs = JobViews.Ms(start);
                Meter(revision, j, resources, start, ended);
            }
        });
    }

    // Metering from the run's real start and end by the core's own meter, so estimate and actual compare.
    private static void Meter(NetworkRevision revision, JobRow job, ResourceRequest resources, DateTimeOffset start, DateTimeOffset end)
    {
        var network = revision.Compiled;
        int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
        double runtime = Math.Max(0, (end - start).TotalSeconds);
        double hours = runtime / 3600.0;
        job.ActualAcceleratorHours = resources.AcceleratorCount * hours;
        job.ActualCpuHours = resources.Cpus * hours;
        if (pool < 0) return;
        double transfer = JobViews.Decision(job)?.Plan is { } plan
            ? RunMeter.TransferCostOf(network, pool, resources, SimTime.ToSeconds(plan.StartAt), plan.RuntimeSeconds, plan.CostYuan)
            : 0;
        var metered = RunMeter.Measure(network, pool, resources, SimTime.ToSeconds(start), runtime, transfer);
        job.ActualCostYuan = metered.CostYuan;
        job.ActualEnergyKwh = metered.EnergyKwh;
        job.ActualCarbonKg = metered.CarbonGrams / 1000.0;
    }
}
