using Suanwang.Api.Contracts;
using Suanwang.Cli.Tests.Support;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Tests.Client;

/// <summary>Contract objects as the broker would send them, with readable defaults a test overrides with <c>with</c>.</summary>
public static class Canned
{
    /// <summary>Every test's "now": 2026-11-24 12:00 UTC (20:00 in China).</summary>
    public static DateTimeOffset Now => Shell.Now;

    public static JobSpecView Spec { get; } = new("batch", ["python3", "train.py"], 8, ["a100"], 64, 512, 12, 24, 120, "cn", null, 900, 0.3, 6);

    public static JobView Job(string id = "j-1", JobState state = JobState.Queued, string? center = null, string name = "finetune-7b", string tenant = "default") => new(
        id, name, tenant, "sme", state, Version: 1, Attempt: 1,
        SubmittedAt: Now.AddMinutes(-30), UpdatedAt: Now.AddMinutes(-5),
        CenterId: center, PoolId: center is null ? null : "a100",
        StartedAt: null, EndedAt: null, ExitCode: null, Reason: "waiting for capacity", Spec);

    public static JobView Ended(JobView job, JobState state, int exitCode, long version) => job with
    {
        State = state, Version = version, StartedAt = Now.AddMinutes(-3), EndedAt = Now, ExitCode = exitCode, UpdatedAt = Now,
        Reason = state == JobState.Succeeded ? "exited 0" : "exited " + exitCode,
    };

    public static PlanView Plan(string center, double costYuan = 120.5) => new(
        center, "a100", "a100", Now, Now.AddMinutes(10), Now.AddHours(13), 600, 0, 0, 12 * 3600, 60, costYuan, 85.4, 32.1, 0.6);

    public static DecisionView Decision(string jobId = "j-1", bool placed = true) => new(
        jobId, "suanwang", "0123456789abcdef0123", Now, placed,
        placed ? "Placed on qingyang." : "No center can take the job: 10 pools filtered by pool-size.",
        placed ? Plan("qingyang") : null,
        placed
            ? [
                new CandidateView("qingyang", CandidateVerdict.Chosen, null, "best score", Plan("qingyang"), 1.0),
                new CandidateView("zhongwei", CandidateVerdict.Outscored, "cost", "costs more", Plan("zhongwei", 180.25), 1.4),
                new CandidateView("wuhu", CandidateVerdict.Filtered, "residency", "outside zone cn", null, null),
            ]
            : [new CandidateView("qingyang", CandidateVerdict.Filtered, "pool-size", "no pool has 100000 accelerators", null, null)]);

    public static CenterView Center(string id = "qingyang", string name = "Qingyang", string? nameZh = "庆阳", CenterAvailability availability = CenterAvailability.Up) => new(
        id, name, nameZh, "gansu", "slurm", availability, 35.7, 107.6,
        Accelerators: 1024, AcceleratorsInUse: 256, Cpus: 8192, CpusInUse: 1024, Load: 0.25, Running: 12, Queued: 3,
        PerAcceleratorHourYuan: 9.8, PerCpuHourYuan: 0.05, Pue: 1.18, CarbonGramsPerKwh: 512.4, RenewableShare: 0.42,
        Pools: [new PoolView("a100", "a100", 128, 8, 64, 512)],
        Engine: new EngineView(true, 64, 12, 3, Now.AddSeconds(-20)));

    public static UsageView Usage(string tenant = "default") => new(
        tenant, "sme", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        new Dictionary<JobState, int> { [JobState.Running] = 2, [JobState.Succeeded] = 10, [JobState.Failed] = 1 },
        AcceleratorHours: 123.5, CpuHours: 40, CostYuan: 1234.5, EnergyKwh: 300, CarbonKg: 150,
        QuotaAcceleratorHours: 500, RemainingAcceleratorHours: 376.5, BudgetYuan: 20000, RemainingBudgetYuan: 18765.5);
}
