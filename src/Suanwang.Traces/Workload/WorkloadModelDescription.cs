using System.Globalization;
using Suanwang.Model.Network;

namespace Suanwang.Traces.Workload;

/// <summary>Writes the workload model's rules, with the values in force, as report lines.</summary>
internal sealed class WorkloadModelDescription(
    NetworkDefinition network, WorkloadModelOptions o, SourceAccelerators accelerators, TenantProfiles tenants)
{
    public IReadOnlyList<string> Lines()
    {
        var east = tenants.EastRegions.Select(r => r.Id).ToList();
        var lines = new List<string>
        {
            $"Workload model, seed {o.Seed}, for network {network.Id} (revision {network.Revision}).",
            "Randomness: each rule draws from its own SplitMix64 generator seeded by mix(mix(seed) xor FNV-1a-64(rule, key)); "
                + "key = \"<trace>/<trace job id>\" for job rules, the tenant id for tenant rules. A job's values therefore do not "
                + "depend on the other jobs read, their order, or other rules' parameters.",
            "Job: id \"<trace>-<sequence>\", name \"<trace>:<trace job id>\", kind batch, command [\"sleep\", <reference seconds>] "
                + "(a placeholder argv for the local executor; the simulator never runs it), no environment, no dependencies, no time limit.",
            "Tenant: \"<trace>-<group>\" (Philly: virtual cluster; SWF: user, else group; Alibaba openb: QoS + exact resource shape).",
            "Tier: per tenant, drawn with shares of tenants (not of jobs) "
                + string.Join(", ", tenants.Tiers.Select(t => $"{t.Name} {Pct(t.Share)}"))
                + "; a tier is not tied to tenant size, since traces say nothing of who the owners are.",
            $"Data region: per tenant, with probability {Pct(o.EastDataFraction)} one of the East regions ({string.Join(", ", east)}), "
                + $"otherwise one of the other regions ({string.Join(", ", tenants.OtherRegions.Select(r => r.Id))}), uniformly within the group; "
                + "when one group is empty, the other.",
            $"Source hardware: Philly durations were measured on {accelerators.PhillySource.Id} (speed {N(accelerators.SpeedOf(accelerators.PhillySource))} "
                + $"of the reference {accelerators.Reference.Id}); a trace accelerator type (Alibaba gpu_spec, first listed) maps by the table "
                + string.Join(", ", SourceAccelerators.KnownTypes.Keys.Select(t => $"{t}→{accelerators.Map(t)?.Id ?? "(not in catalog: reference)"}"))
                + (o.AcceleratorTypeMap.Count > 0 ? " with overrides " + string.Join(", ", o.AcceleratorTypeMap.Select(kv => $"{kv.Key}→{kv.Value}")) : "")
                + "; undisclosed (G1–G3), unmapped or missing types → the reference; CPU jobs run on cores of speed "
                + $"{N(o.CpuSourceSpeed)} × a reference core.",
            "Work: ActualReferenceHours = trace duration hours × source speed / reference speed. A GPU-sharing pod (gpu_milli < 1000) "
                + "asks for one whole accelerator, because a job request cannot express a fraction.",
            o.EstimateNoiseSigma == 0 && o.EstimateBias == 1.0
                ? "Estimate: Work.ReferenceHours = ActualReferenceHours (perfect estimates)."
                : $"Estimate: Work.ReferenceHours = actual × {N(o.EstimateBias)} × exp({N(o.EstimateNoiseSigma)} × Z), Z standard normal.",
            $"Resources: accelerators from the trace (any model, unless the trace lists types that all map to the catalog); CPUs from the trace, "
                + $"else {o.CpusPerAccelerator} per accelerator; memory from the trace when > 0, else {N(o.MemoryGiBPerAccelerator)} GiB per accelerator "
                + $"or {N(o.MemoryGiBPerCpu)} GiB per core; nodes = ceil(accelerators / {o.AcceleratorsPerNode}) or ceil(cores / {o.CpusPerNode}), a gang; "
                + "no minimum accelerator memory.",
            $"Input: one data set in the tenant's data region, size = clamp({N(o.InputMedianGiB)} GiB × h^{N(o.InputSizeElasticity)} × exp({N(o.InputSigma)} × Z), "
                + $"{N(o.InputMinGiB)}, {N(o.InputMaxGiB)}) GiB, h = accelerator-hours at reference speed (accelerators × share × reference hours; "
                + $"CPU jobs: cores / {N(o.CpusPerAcceleratorEquivalent)} × reference hours).",
            $"Output: {N(o.OutputFraction)} × input size, written back to the data region.",
            $"Residency: {Pct(o.ResidencyFraction)} of jobs must keep their data in the data region's residency zone.",
            $"Region lock: {Pct(o.RegionLockFraction)} of jobs may only run on centers in their data region (AllowedCenters; none if that region has no center).",
            $"Deadline: {Pct(o.DeadlineFraction)} of jobs, deadline = submit + max({N(o.DeadlineMinimumHours)} h, slack × run time on the fastest accelerator "
                + $"(speed {N(accelerators.FastestSpeed)}; CPU jobs: reference hours)), slack uniform in [{N(o.DeadlineSlackMin)}, {N(o.DeadlineSlackMax)}].",
            "Carbon weight: by tier "
                + string.Join(", ", o.CarbonWeightByTier.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {N(kv.Value)}"))
                + $", others {N(o.DefaultCarbonWeight)}.",
            $"Flexible start: {Pct(o.FlexibleFraction)} of jobs may start up to k hours late, k uniform in 1..{o.FlexibleMaxHours}.",
            "Not modelled: price ceilings, services, dependencies, preferred centers, latency bounds, not-before times.",
        };
        return lines;
    }

    private static string Pct(double x) => (x * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string N(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
