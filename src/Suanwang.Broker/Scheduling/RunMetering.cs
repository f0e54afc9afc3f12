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
        MeteredRun? metered = started is not { } from ? null
            : run.Accounted is { } accounted ? MeterAccounted(revision, job, resources, from, accounted)
            : Meter(revision, job, resources, from, ended);
        return new TransitionRequest(job.Id, job.Version, to, reason, new EndFacts(JobViews.Ms(ended), run.ExitCode,
            started is { } start ? JobViews.Ms(start) : null, metered));
    }

    // What the center accounted (Slurm's sacct): its elapsed time and the resources it really allocated, priced and
    // weighed by the same meter; its measured energy, where it keeps one, in place of the modelled (IT energy, so the
    // center's PUE still applies, in the same proportion as the model's).
    private static MeteredRun MeterAccounted(NetworkRevision revision, JobRow job, ResourceRequest resources, DateTimeOffset start, AccountedRun accounted)
    {
        var held = resources with
        {
            AcceleratorCount = accounted.Accelerators > 0 || resources.AcceleratorCount == 0 ? (int)Math.Round(accounted.Accelerators) : resources.AcceleratorCount,
            Cpus = accounted.Cpus > 0 ? (int)Math.Round(accounted.Cpus) : resources.Cpus,
        };
        var metered = Meter(revision, job, held, start, start + TimeSpan.FromSeconds(Math.Max(0, accounted.ElapsedSeconds)));
        if (accounted.EnergyKwh is not { } measured || metered.EnergyKwh is not > 0) return metered;
        double scale = measured * FacilityOverIt(revision, job) / metered.EnergyKwh.Value;
        return metered with { EnergyKwh = metered.EnergyKwh * scale, CarbonKg = metered.CarbonKg * scale };
    }

    private static double FacilityOverIt(NetworkRevision revision, JobRow job)
    {
        var network = revision.Compiled;
        int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
        return pool < 0 ? 1 : network.CenterPue[network.PoolCenter[pool]];
    }

    // Metering from the run's real start and end by the core's own meter, so estimate and actual compare. The job's
    // row must carry its decision (the light rows tracking reads do not: the tracker reads it for runs that ended).
    private static MeteredRun Meter(NetworkRevision revision, JobRow job, ResourceRequest resources, DateTimeOffset start, DateTimeOffset end)
    {
        var network = revision.Compiled;
        int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
        double runtime = Math.Max(0, (end - start).TotalSeconds);
        double hours = runtime / 3600.0;
        if (pool < 0) return new MeteredRun(resources.AcceleratorCount * hours, resources.Cpus * hours);
        double transfer = JobViews.Decision(job)?.Plan is { } plan
            ? RunMeter.TransferCostOf(network, pool, resources, SimTime.ToSeconds(plan.StartAt), plan.RuntimeSeconds, plan.CostYuan)
            : 0;
        var metered = RunMeter.Measure(network, pool, resources, SimTime.ToSeconds(start), runtime, transfer);
        return new MeteredRun(resources.AcceleratorCount * hours, resources.Cpus * hours, metered.CostYuan, metered.EnergyKwh, metered.CarbonGrams / 1000.0);
    }
}
