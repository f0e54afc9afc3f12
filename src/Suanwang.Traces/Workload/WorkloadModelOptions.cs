using System.Globalization;
using Suanwang.Model.Errors;

namespace Suanwang.Traces.Workload;

/// <summary>
/// Every parameter of the <see cref="WorkloadModel"/>. The defaults are stated assumptions, not
/// measurements: traces do not record tiers, data, deadlines or preferences, so studies should vary
/// these and report the values used (<see cref="WorkloadModel.Describe"/> lists them).
/// </summary>
public sealed record WorkloadModelOptions
{
    /// <summary>The defaults.</summary>
    public static WorkloadModelOptions Default { get; } = new();

    /// <summary>Seed of every draw. Same seed, same trace → identical jobs.</summary>
    public long Seed { get; init; } = 1;

    // ---- Tenants ----

    /// <summary>
    /// Share of tenants (not of jobs) in each tier, by tier name. Only tiers the network defines are
    /// used, renormalised; if none of them is listed, the network's tiers are equally likely.
    /// </summary>
    public IReadOnlyDictionary<string, double> TierProportions { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise"] = 0.30,
        ["sme"] = 0.30,
        ["research"] = 0.25,
        ["education"] = 0.15,
    };

    /// <summary>Probability that a tenant's data lives in an East region (东数: data sits in the east); otherwise in a West/Other region.</summary>
    public double EastDataFraction { get; init; } = 0.85;

    // ---- Hardware the trace was measured on ----

    /// <summary>
    /// Catalog model the Philly durations were measured on; null = the first catalog model (by id) whose
    /// id contains <c>p100</c>, else the reference. Philly was a P100/P40-era cluster.
    /// </summary>
    public string? SourceAcceleratorModelId { get; init; }

    /// <summary>Trace accelerator type (e.g. Alibaba <c>G2</c>) → catalog model id, overriding the built-in table.</summary>
    public IReadOnlyDictionary<string, string> AcceleratorTypeMap { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Speed of the trace's CPU cores relative to a reference core: CPU jobs' reference hours = duration hours × this.</summary>
    public double CpuSourceSpeed { get; init; } = 1.0;

    // ---- Resources the trace does not record ----

    /// <summary>CPU cores per accelerator when the trace records none (Philly).</summary>
    public int CpusPerAccelerator { get; init; } = 4;

    /// <summary>Host memory per accelerator, GiB, when the trace records none (Philly) or 0.</summary>
    public double MemoryGiBPerAccelerator { get; init; } = 32;

    /// <summary>Host memory per core, GiB, for CPU jobs whose trace records none (SWF logs often have -1).</summary>
    public double MemoryGiBPerCpu { get; init; } = 4;

    /// <summary>Accelerators per node: an accelerator job spans ceil(accelerators / this) nodes, as a gang.</summary>
    public int AcceleratorsPerNode { get; init; } = 8;

    /// <summary>Cores per node: a CPU-only job spans ceil(cores / this) nodes, as a gang.</summary>
    public int CpusPerNode { get; init; } = 64;

    // ---- Data ----

    /// <summary>Median input size, GiB, of a job of one accelerator-hour at reference speed.</summary>
    public double InputMedianGiB { get; init; } = 50;

    /// <summary>How the median grows with job size: median = <see cref="InputMedianGiB"/> × (accelerator-hours)^this.</summary>
    public double InputSizeElasticity { get; init; } = 0.3;

    /// <summary>Standard deviation of ln(input size) around the median.</summary>
    public double InputSigma { get; init; } = 1.0;

    /// <summary>Smallest input, GiB.</summary>
    public double InputMinGiB { get; init; } = 0.1;

    /// <summary>Largest input, GiB (5 TiB).</summary>
    public double InputMaxGiB { get; init; } = 5120;

    /// <summary>Output size as a fraction of the input size.</summary>
    public double OutputFraction { get; init; } = 0.1;

    /// <summary>For sizing the data of CPU-only jobs: this many cores count as one accelerator.</summary>
    public double CpusPerAcceleratorEquivalent { get; init; } = 16;

    // ---- The user's estimate ----

    /// <summary>Standard deviation of ln(estimate / actual); 0 = perfect estimates.</summary>
    public double EstimateNoiseSigma { get; init; }

    /// <summary>Median of estimate / actual (e.g. 2 = users ask for twice what they use).</summary>
    public double EstimateBias { get; init; } = 1.0;

    // ---- Constraints ----

    /// <summary>Share of jobs whose data must stay in its residency zone (数据不出域): Residency = the data region's zone.</summary>
    public double ResidencyFraction { get; init; } = 0.05;

    /// <summary>Share of jobs that must run in their data's own region: AllowedCenters = that region's centers.</summary>
    public double RegionLockFraction { get; init; } = 0.02;

    /// <summary>Share of jobs with a deadline.</summary>
    public double DeadlineFraction { get; init; } = 0.10;

    /// <summary>Smallest deadline slack: deadline = submit + slack × the run time on the fastest accelerator.</summary>
    public double DeadlineSlackMin { get; init; } = 2;

    /// <summary>Largest deadline slack (slack is uniform between min and max).</summary>
    public double DeadlineSlackMax { get; init; } = 5;

    /// <summary>A deadline is never sooner than this many hours after submission (room for data staging).</summary>
    public double DeadlineMinimumHours { get; init; } = 1;

    // ---- Preferences ----

    /// <summary>Carbon weight by tier name; tiers not listed get <see cref="DefaultCarbonWeight"/>.</summary>
    public IReadOnlyDictionary<string, double> CarbonWeightByTier { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["research"] = 0.3,
        ["education"] = 0.3,
    };

    /// <summary>Carbon weight of tiers not in <see cref="CarbonWeightByTier"/>.</summary>
    public double DefaultCarbonWeight { get; init; } = 0.2;

    /// <summary>Share of jobs that may be deferred to a greener or cheaper hour.</summary>
    public double FlexibleFraction { get; init; } = 0.30;

    /// <summary>A flexible job's window is a whole number of hours, uniform in 1..this.</summary>
    public int FlexibleMaxHours { get; init; } = 6;

    /// <summary>Every problem with these options (empty when valid). Catalog ids are checked by the model.</summary>
    public IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok) errors.Add(new SpecError(field, message));
        }
        static bool Fraction(double x) => x is >= 0 and <= 1;
        static string F(double x) => x.ToString(CultureInfo.InvariantCulture);

        Require(TierProportions.Values.All(v => v >= 0 && double.IsFinite(v)), nameof(TierProportions), "proportions must be finite and ≥ 0");
        Require(TierProportions.Values.Sum() > 0, nameof(TierProportions), "at least one proportion must be > 0");
        Require(Fraction(EastDataFraction), nameof(EastDataFraction), $"must be within 0..1, is {F(EastDataFraction)}");
        Require(CpuSourceSpeed > 0, nameof(CpuSourceSpeed), $"must be > 0, is {F(CpuSourceSpeed)}");
        Require(CpusPerAccelerator >= 1, nameof(CpusPerAccelerator), $"must be ≥ 1, is {CpusPerAccelerator}");
        Require(MemoryGiBPerAccelerator > 0, nameof(MemoryGiBPerAccelerator), $"must be > 0, is {F(MemoryGiBPerAccelerator)}");
        Require(MemoryGiBPerCpu > 0, nameof(MemoryGiBPerCpu), $"must be > 0, is {F(MemoryGiBPerCpu)}");
        Require(AcceleratorsPerNode >= 1, nameof(AcceleratorsPerNode), $"must be ≥ 1, is {AcceleratorsPerNode}");
        Require(CpusPerNode >= 1, nameof(CpusPerNode), $"must be ≥ 1, is {CpusPerNode}");
        Require(InputMedianGiB > 0, nameof(InputMedianGiB), $"must be > 0, is {F(InputMedianGiB)}");
        Require(InputSizeElasticity >= 0, nameof(InputSizeElasticity), $"must be ≥ 0, is {F(InputSizeElasticity)}");
        Require(InputSigma >= 0, nameof(InputSigma), $"must be ≥ 0, is {F(InputSigma)}");
        Require(InputMinGiB >= 0 && InputMinGiB <= InputMaxGiB, nameof(InputMinGiB), $"must be within 0..{nameof(InputMaxGiB)} ({F(InputMaxGiB)}), is {F(InputMinGiB)}");
        Require(OutputFraction >= 0, nameof(OutputFraction), $"must be ≥ 0, is {F(OutputFraction)}");
        Require(CpusPerAcceleratorEquivalent > 0, nameof(CpusPerAcceleratorEquivalent), $"must be > 0, is {F(CpusPerAcceleratorEquivalent)}");
        Require(EstimateNoiseSigma >= 0, nameof(EstimateNoiseSigma), $"must be ≥ 0, is {F(EstimateNoiseSigma)}");
        Require(EstimateBias > 0, nameof(EstimateBias), $"must be > 0, is {F(EstimateBias)}");
        Require(Fraction(ResidencyFraction), nameof(ResidencyFraction), $"must be within 0..1, is {F(ResidencyFraction)}");
        Require(Fraction(RegionLockFraction), nameof(RegionLockFraction), $"must be within 0..1, is {F(RegionLockFraction)}");
        Require(Fraction(DeadlineFraction), nameof(DeadlineFraction), $"must be within 0..1, is {F(DeadlineFraction)}");
        Require(DeadlineSlackMin >= 1, nameof(DeadlineSlackMin), $"must be ≥ 1 (a deadline shorter than the fastest run time cannot be met), is {F(DeadlineSlackMin)}");
        Require(DeadlineSlackMax >= DeadlineSlackMin, nameof(DeadlineSlackMax), $"must be ≥ {nameof(DeadlineSlackMin)} ({F(DeadlineSlackMin)}), is {F(DeadlineSlackMax)}");
        Require(DeadlineMinimumHours >= 0, nameof(DeadlineMinimumHours), $"must be ≥ 0, is {F(DeadlineMinimumHours)}");
        Require(CarbonWeightByTier.Values.All(Fraction), nameof(CarbonWeightByTier), "weights must be within 0..1");
        Require(Fraction(DefaultCarbonWeight), nameof(DefaultCarbonWeight), $"must be within 0..1, is {F(DefaultCarbonWeight)}");
        Require(Fraction(FlexibleFraction), nameof(FlexibleFraction), $"must be within 0..1, is {F(FlexibleFraction)}");
        Require(FlexibleMaxHours >= 1, nameof(FlexibleMaxHours), $"must be ≥ 1, is {FlexibleMaxHours}");
        return errors;
    }
}
