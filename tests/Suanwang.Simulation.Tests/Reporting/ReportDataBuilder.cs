using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Tests.Reporting;

/// <summary>Entry point of the fluent builders: <c>A.Report().WithPolicy("greedy").Build()</c>.</summary>
internal static class A
{
    public static ReportDataBuilder Report() => new();
}

/// <summary>
/// Builds a plausible <see cref="SimulationReportData"/> by hand: every figure derived from a
/// policy's "quality" so policies differ, series generated from a seeded RNG so builds repeat.
/// </summary>
internal sealed class ReportDataBuilder
{
    private readonly List<(string Id, string Name, bool Western)> _centers = [];
    private readonly List<PolicySpec> _policies = [];
    private int _buckets = 48;
    private int _cdfPoints = 120;

    private sealed record PolicySpec(string Name, double Quality, Func<PolicySummary, PolicySummary>? Tweak);

    public ReportDataBuilder WithCenter(string id, string name, bool western = false)
    {
        _centers.Add((id, name, western));
        return this;
    }

    /// <summary>A policy; <paramref name="quality"/> in (0, 2]: higher gives shorter times, less carbon and cost.</summary>
    public ReportDataBuilder WithPolicy(string name, double quality = 1, Func<PolicySummary, PolicySummary>? tweak = null)
    {
        _policies.Add(new PolicySpec(name, quality, tweak));
        return this;
    }

    public ReportDataBuilder WithTimelineBuckets(int buckets)
    {
        _buckets = buckets;
        return this;
    }

    public ReportDataBuilder WithCdfPoints(int points)
    {
        _cdfPoints = points;
        return this;
    }

    /// <summary>Eighteen centers in the eight national hubs, Chinese display names.</summary>
    public ReportDataBuilder WithNationalHubs()
    {
        (string, string, bool)[] hubs =
        [
            ("gz-guian-1", "贵安一号数据中心", true), ("gz-guian-2", "贵安二号数据中心", true),
            ("nm-horinger-1", "和林格尔集群", true), ("nm-horinger-2", "和林格尔智算中心", true),
            ("gs-qingyang-1", "庆阳集群", true), ("gs-qingyang-2", "庆阳智算中心", true),
            ("nx-zhongwei-1", "中卫集群", true), ("nx-zhongwei-2", "中卫云计算中心", true),
            ("cy-tianfu-1", "天府集群", true), ("cy-chongqing-1", "重庆集群", true),
            ("jj-zhangjiakou-1", "张家口集群", false), ("jj-zhangjiakou-2", "张家口智算中心", false),
            ("csj-wuhu-1", "芜湖集群", false), ("csj-changshu-1", "长三角生态绿色一体化示范区", false),
            ("ygd-shaoguan-1", "韶关集群", false), ("ygd-shaoguan-2", "韶关智算中心", false),
            ("bj-haidian-1", "北京海淀智算中心", false), ("sh-lingang-1", "上海临港算力中心", false),
        ];
        foreach (var (id, name, western) in hubs) WithCenter(id, name, western);
        return this;
    }

    public SimulationReportData Build()
    {
        var rng = new Random(42);
        var policies = _policies.Select(Summary).ToList();
        var series = _policies.Select(p => Series(p, rng)).ToList();
        var inputs = new SimulationInputs(
            new InputFile("east-data-west-compute", "a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778"),
            new TraceInput(new InputFile("philly-2017-10.csv", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"),
                "philly", 117_325, 103_117, new Dictionary<string, long> { ["no-gpu"] = 9_870, ["bad-time"] = 4_338 }),
            Seed: 7,
            CapacityScale: 0.5,
            WorkloadModel:
            [
                "Input data size: log-normal, median 20 GB, σ 1.5, capped at 4 TB.",
                "Data location: the tenant's home hub with probability 0.7, otherwise uniform over hubs.",
                "Tenant: one of 40, Zipf (s = 1.1) by job count.",
                "Tier: gold 10 %, silver 30 %, bronze 60 %, by tenant.",
                "Deadline: 25 % of jobs, at submit + 3 × run time.",
            ],
            Scheduler: SimulationOptions.Default);
        var bounds = new LowerBounds(1_800, 2_400, 900, 1_000,
        [
            "No-queue: every job starts at its best feasible center the moment it arrives; transfers at full link rate.",
            "Pooled: all capacity in one center of the fastest accelerators, FIFO with backfill; no transfers.",
            "Greenest: each job at its lowest-carbon feasible center and hour within a day; capacity ignored.",
        ]);
        var definitions = new Dictionary<string, string>
        {
            ["wait"] = "Time from submission to start, less input transfer; includes deliberate deferral.",
            ["completion"] = "Submission to output delivered.",
            ["jain"] = "Jain's index of the tiers' mean slowdowns.",
            ["western share"] = "Share of work (reference accelerator-hours) run in western hubs.",
        };
        var summary = new SimulationSummary("suanwang-simulation-summary/1", inputs, bounds, policies, definitions);
        return new SimulationReportData(summary, _centers.Select(c => c.Id).ToList(), _centers.Select(c => c.Name).ToList(), series);
    }

    private PolicySummary Summary(PolicySpec spec)
    {
        double q = spec.Quality;
        var summary = new PolicySummary(
            spec.Name,
            $"Test policy {spec.Name} (quality {q}).",
            Jobs: 103_117,
            Completed: 103_117 - (long)(40 / q),
            Unplaceable: (long)(40 / q),
            RejectedDeadlineOrPrice: (long)(120 / q),
            CompletionSeconds: new Distribution(3_600 / q, 1_200 / q, 20_000 / q, 80_000 / q),
            WaitSeconds: new Distribution(900 / q, 30 / q, 6_000 / q, 30_000 / q),
            MeanStageInSeconds: 120 / q,
            MakespanSeconds: 30 * 86_400 + 3_600 / q,
            AcceleratorUtilisation: 0.4 * q,
            CpuPoolUtilisation: 0.3 * q,
            CostYuan: 1_200_000 / q,
            EnergyKwh: 800_000 / q,
            CarbonKg: 2_000 / q,
            WaterLitres: 1_500_000 / q,
            RenewableShare: 0.3 * q,
            WesternShare: Math.Min(1, 0.35 * q),
            Fairness: new FairnessSummary(Math.Min(1, 0.8 * q),
            [
                new TierSummary("gold", 10_000, 1.2 / q, 60 / q, 0.12, 0.10),
                new TierSummary("silver", 30_000, 1.8 / q, 300 / q, 0.31, 0.30),
                new TierSummary("bronze", 60_000, 3.5 / q, 1_500 / q, 0.57, 0.60),
            ]),
            JobsWithDeadline: 25_000,
            MissedDeadlines: (long)(500 / q),
            DeferredJobs: (long)(1_000 * q),
            MeanDeferralSeconds: 5_400 * q,
            MeanAbsoluteFinishErrorSeconds: 400 / q,
            VersusBounds: new BoundRatios(2 / q, 1.5 / q, 2.2 / q),
            Centers: _centers.Select((c, i) => new CenterShare(c.Id, c.Western, 1_000 + 100 * i, 1.0 / _centers.Count, 0.3 + 0.02 * i)).ToList());
        return spec.Tweak is null ? summary : spec.Tweak(summary);
    }

    private PolicySeries Series(PolicySpec spec, Random rng)
    {
        double q = spec.Quality;
        var utilisation = _centers.Select((_, c) => Enumerable.Range(0, _buckets)
            .Select(b => Math.Clamp(0.45 + 0.35 * Math.Sin(b * 2 * Math.PI / 24 + c) * q / 2 + 0.15 * rng.NextDouble(), 0, 1))
            .ToArray()).ToList();
        return new PolicySeries(spec.Name, Cdf(30 / q, 2.5), Cdf(1_200 / q, 1.8), 1_506_816_000, 3_600, utilisation);
    }

    /// <summary>A log-normal CDF sampled on a log grid from 0.1 s to 60 days.</summary>
    private List<(double Value, double Fraction)> Cdf(double median, double sigma)
    {
        var points = new List<(double, double)>();
        for (int i = 0; i < _cdfPoints; i++)
        {
            double value = Math.Pow(10, -1 + 7.7 * i / (_cdfPoints - 1));
            double z = (Math.Log(value) - Math.Log(median)) / sigma;
            points.Add((value, NormalCdf(z)));
        }
        return points;
    }

    private static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz–Stegun 7.1.26: accurate to 1.5e-7, plenty for test curves.
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
