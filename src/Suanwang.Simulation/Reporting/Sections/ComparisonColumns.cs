using Suanwang.Simulation.Summary;
using static Suanwang.Simulation.Reporting.ReportFormat;

namespace Suanwang.Simulation.Reporting.Sections;

/// <summary>
/// The comparison's columns, grouped into tables by theme so no table is wider than a screen.
/// </summary>
internal static class ComparisonColumns
{
    /// <summary>The tables, in display order.</summary>
    public static IReadOnlyList<ComparisonTable> Tables { get; } =
    [
        new("Outcome",
        [
            new("jobs", "Jobs", null, Better.Neither, p => p.Jobs, p => Count(p.Jobs)),
            new("completed", "Completed", null, Better.Higher, p => p.Completed, p => Count(p.Completed)),
            new("unplaceable", "Unplaceable", null, Better.Lower, p => p.Unplaceable, p => Count(p.Unplaceable)),
            new("rejected", "Rejected", "deadline or price", Better.Lower, p => p.RejectedDeadlineOrPrice, p => Count(p.RejectedDeadlineOrPrice)),
            new("makespan", "Makespan", null, Better.Lower, p => p.MakespanSeconds, p => Duration(p.MakespanSeconds)),
            // Ranked by misses; the jobs with a deadline are the same for every policy.
            new("deadlines-missed", "Deadlines missed", "missed / with deadline", Better.Lower,
                p => p.MissedDeadlines, p => $"{Count(p.MissedDeadlines)} / {Count(p.JobsWithDeadline)}"),
        ]),
        new("Scheduling behaviour",
        [
            new("deferred", "Deferred jobs", "held for a better hour", Better.Neither, p => p.DeferredJobs, p => Count(p.DeferredJobs)),
            new("deferral-mean", "Deferral", "mean, of deferred jobs", Better.Neither, p => p.MeanDeferralSeconds, p => Duration(p.MeanDeferralSeconds)),
            new("jain", "Tier fairness", "Jain index, 1 = equal", Better.Higher,
                p => p.Fairness.JainIndexOfTierSlowdowns, p => Fixed(p.Fairness.JainIndexOfTierSlowdowns, "0.000")),
            new("finish-error", "Finish estimate error", "mean absolute", Better.Lower,
                p => p.MeanAbsoluteFinishErrorSeconds, p => Duration(p.MeanAbsoluteFinishErrorSeconds)),
        ]),
        new("Completion and wait times",
        [
            new("completion-mean", "Completion", "mean", Better.Lower, p => p.CompletionSeconds.Mean, p => Duration(p.CompletionSeconds.Mean)),
            new("completion-p50", "Completion", "p50", Better.Lower, p => p.CompletionSeconds.P50, p => Duration(p.CompletionSeconds.P50)),
            new("completion-p95", "Completion", "p95", Better.Lower, p => p.CompletionSeconds.P95, p => Duration(p.CompletionSeconds.P95)),
            new("completion-p99", "Completion", "p99", Better.Lower, p => p.CompletionSeconds.P99, p => Duration(p.CompletionSeconds.P99)),
            new("wait-mean", "Wait", "mean", Better.Lower, p => p.WaitSeconds.Mean, p => Duration(p.WaitSeconds.Mean)),
            new("wait-p50", "Wait", "p50", Better.Lower, p => p.WaitSeconds.P50, p => Duration(p.WaitSeconds.P50)),
            new("wait-p95", "Wait", "p95", Better.Lower, p => p.WaitSeconds.P95, p => Duration(p.WaitSeconds.P95)),
            new("wait-p99", "Wait", "p99", Better.Lower, p => p.WaitSeconds.P99, p => Duration(p.WaitSeconds.P99)),
            new("stage-in", "Stage-in", "mean input transfer", Better.Lower, p => p.MeanStageInSeconds, p => Duration(p.MeanStageInSeconds)),
        ]),
        new("Resources, cost and environment",
        [
            new("accelerator-utilisation", "Accelerator utilisation", null, Better.Higher, p => p.AcceleratorUtilisation, p => Percent(p.AcceleratorUtilisation)),
            new("cpu-utilisation", "CPU pool utilisation", null, Better.Higher, p => p.CpuPoolUtilisation, p => Percent(p.CpuPoolUtilisation)),
            new("cost", "Cost", "¥", Better.Lower, p => p.CostYuan, p => Quantity(p.CostYuan)),
            new("energy", "Energy", "kWh", Better.Lower, p => p.EnergyKwh, p => Quantity(p.EnergyKwh)),
            new("carbon", "Carbon", "kg CO₂e", Better.Lower, p => p.CarbonKg, p => Quantity(p.CarbonKg)),
            new("renewable-share", "Renewable share", "of energy", Better.Higher, p => p.RenewableShare, p => Percent(p.RenewableShare)),
            // Higher is better by the 东数西算 programme's aim: move work to the western hubs.
            new("western-share", "Western share", "of work", Better.Higher, p => p.WesternShare, p => Percent(p.WesternShare)),
        ]),
        new("Versus lower bounds (1.00× = optimal)",
        [
            new("ratio-no-queue", "Mean completion", "÷ no-queue bound", Better.Lower, p => p.VersusBounds.CompletionVsNoQueue, p => Ratio(p.VersusBounds.CompletionVsNoQueue)),
            new("ratio-pooled", "Mean completion", "÷ pooled bound", Better.Lower, p => p.VersusBounds.CompletionVsPooled, p => Ratio(p.VersusBounds.CompletionVsPooled)),
            new("ratio-carbon", "Carbon", "÷ greenest bound", Better.Lower, p => p.VersusBounds.CarbonVsGreenest, p => Ratio(p.VersusBounds.CarbonVsGreenest)),
        ]),
    ];
}
