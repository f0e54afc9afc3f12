using System.Text.Json;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Testing.Data;
using Suanwang.Traces.Tests.Support;
using Suanwang.Traces.Workload;
using static Suanwang.Traces.Tests.Support.TraceJobs;

namespace Suanwang.Traces.Tests.Workload;

public sealed class WorkloadModelTests
{
    private static readonly NetworkDefinition Network = A.Network().Build();

    private static WorkloadModel Model(WorkloadModelOptions? options = null) => new(Network, options);

    /// <summary>Records hold lists, which compare by reference; JSON compares them by value.</summary>
    private static string Json(SimulatedJob job) => JsonSerializer.Serialize(job);

    [Fact]
    public void The_same_seed_gives_identical_jobs()
    {
        var a = Assorted(500).Select(j => Json(Model().Enrich(PhillySource, j)));
        var b = Assorted(500).Select(j => Json(Model().Enrich(PhillySource, j)));

        Assert.Equal(a, b);
    }

    [Fact]
    public void A_different_seed_gives_different_jobs()
    {
        var one = Assorted(500).Select(j => Model(new() { Seed = 1 }).Enrich(PhillySource, j)).ToList();
        var two = Assorted(500).Select(j => Model(new() { Seed = 2 }).Enrich(PhillySource, j)).ToList();

        int differentInputs = one.Zip(two).Count(p => p.First.Request.InputGiB != p.Second.Request.InputGiB);
        Assert.True(differentInputs > 490, $"only {differentInputs} of 500 inputs differ");
        // The trace's own facts do not depend on the seed.
        Assert.Equal(one.Select(j => j.ActualReferenceHours), two.Select(j => j.ActualReferenceHours));
    }

    [Fact]
    public void A_jobs_enrichment_does_not_depend_on_the_order_or_company_it_is_read_in()
    {
        var model = Model();
        var jobs = Assorted(300).ToList();

        var forward = jobs.Select(j => model.Enrich(PhillySource, j)).ToDictionary(s => s.Request.Id, Json);
        var backward = Enumerable.Reverse(jobs).Select(j => model.Enrich(PhillySource, j)).ToDictionary(s => s.Request.Id, Json);
        var alone = Json(model.Enrich(PhillySource, jobs[123]));

        Assert.Equal(forward.OrderBy(kv => kv.Key), backward.OrderBy(kv => kv.Key));
        Assert.Equal(forward[$"philly-{jobs[123].Sequence}"], alone);
    }

    [Fact]
    public void The_order_of_regions_and_tiers_in_the_network_file_does_not_matter()
    {
        var reordered = Network with
        {
            Regions = Network.Regions.Reverse().ToArray(),
            FairShare = new FairShareSettings(Network.FairShare.Tiers.Reverse().ToArray()),
        };
        var jobs = Assorted(200).ToList();

        Assert.Equal(jobs.Select(j => Json(Model().Enrich(PhillySource, j))),
            jobs.Select(j => Json(new WorkloadModel(reordered).Enrich(PhillySource, j))));
    }

    [Fact]
    public void Assigns_tiers_to_tenants_in_the_configured_proportions()
    {
        var model = Model();

        var tiers = ManyTenants(20_000).Select(j => model.Enrich(PhillySource, j).Request.Tier).ToList();

        double Share(string tier) => tiers.Count(t => t == tier) / (double)tiers.Count;
        Assert.InRange(Share("enterprise"), 0.28, 0.32);
        Assert.InRange(Share("sme"), 0.28, 0.32);
        Assert.InRange(Share("research"), 0.23, 0.27);
        Assert.InRange(Share("education"), 0.13, 0.17);
    }

    [Fact]
    public void Gives_every_job_of_a_tenant_the_same_tier_and_data_region()
    {
        var model = Model();

        var perTenant = Assorted(2000).Select(j => model.Enrich(PhillySource, j).Request)
            .GroupBy(r => r.Tenant)
            .Select(g => g.Select(r => (r.Tier, r.Inputs[0].RegionId)).Distinct().Count());

        Assert.All(perTenant, distinct => Assert.Equal(1, distinct));
    }

    [Fact]
    public void Uses_only_the_networks_own_tiers_renormalising_the_proportions()
    {
        var network = A.Network().WithTiers("research", "startup").Build();
        var model = new WorkloadModel(network);

        var tiers = ManyTenants(5000).Select(j => model.Enrich(PhillySource, j).Request.Tier).ToList();

        Assert.All(tiers, t => Assert.Equal("research", t)); // startup has no proportion: 0 tenants
    }

    [Fact]
    public void Places_most_tenants_data_in_east_regions()
    {
        var model = Model();
        var east = Network.Regions.Where(r => r.Role == RegionRole.East).Select(r => r.Id).ToHashSet();

        var regions = ManyTenants(20_000).Select(j => model.Enrich(PhillySource, j).Request.Inputs[0].RegionId).ToList();

        Assert.InRange(regions.Count(east.Contains) / (double)regions.Count, 0.83, 0.87);
        Assert.Equal(4, regions.Distinct().Count());
    }

    [Fact]
    public void Places_data_anywhere_when_the_network_has_no_east()
    {
        var network = A.EmptyNetwork().WithRegion("west-a", RegionRole.West).WithRegion("other", RegionRole.Other)
            .WithAccelerator("a100-80g", 1.0).Build();

        var regions = ManyTenants(1000).Select(j => new WorkloadModel(network).Enrich(PhillySource, j).Request.Inputs[0].RegionId);

        Assert.Equal(["other", "west-a"], regions.Distinct().Order());
    }

    [Fact]
    public void Draws_constraints_and_preferences_in_the_configured_shares()
    {
        var model = Model();

        var requests = ManyTenants(20_000).Select(j => model.Enrich(PhillySource, j).Request).ToList();

        double Share(Func<Suanwang.Model.Jobs.JobRequest, bool> p) => requests.Count(p) / (double)requests.Count;
        Assert.InRange(Share(r => r.Constraints.Residency is not null), 0.04, 0.06);
        Assert.InRange(Share(r => r.Constraints.AllowedCenters.Count > 0), 0.015, 0.025);
        Assert.InRange(Share(r => r.Constraints.Deadline is not null), 0.09, 0.11);
        Assert.InRange(Share(r => r.Preferences.FlexibleStartHours > 0), 0.28, 0.32);
        Assert.All(requests, r => Assert.InRange(r.Preferences.FlexibleStartHours, 0, 6));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6], requests.Select(r => r.Preferences.FlexibleStartHours).Distinct().Order());
    }

    [Theory]
    [InlineData("research", 0.3)]
    [InlineData("education", 0.3)]
    [InlineData("enterprise", 0.2)]
    [InlineData("sme", 0.2)]
    public void Sets_the_carbon_weight_by_tier(string tier, double weight)
    {
        var model = Model();

        var request = ManyTenants(200).Select(j => model.Enrich(PhillySource, j).Request).First(r => r.Tier == tier);

        Assert.Equal(weight, request.Preferences.CarbonWeight);
    }

    [Fact]
    public void A_residency_job_keeps_its_data_zone_and_a_region_locked_job_its_region_centers()
    {
        var model = Model(new() { ResidencyFraction = 1, RegionLockFraction = 1 });

        var requests = ManyTenants(200).Select(j => model.Enrich(PhillySource, j).Request).ToList();

        Assert.All(requests, r => Assert.Equal("cn", r.Constraints.Residency));
        var yangtze = requests.First(r => r.Inputs[0].RegionId == "yangtze-delta");
        Assert.Equal(["shanghai", "wuhu"], yangtze.Constraints.AllowedCenters);
    }

    [Fact]
    public void Builds_the_job_shell_id_name_command_kind_and_tenant()
    {
        var simulated = Model().Enrich(PhillySource, Gpu(sequence: 42, seconds: 7200, group: "6214e9"));
        var r = simulated.Request;

        Assert.Equal("philly-42", r.Id);
        Assert.Equal("philly:42", r.Name);
        Assert.Equal(Suanwang.Model.Jobs.JobKind.Batch, r.Kind);
        Assert.Equal(["sleep", "1800"], r.Command); // 2 h on a P100 (speed 0.25) = 0.5 reference hours
        Assert.Equal("philly-6214e9", r.Tenant);
        Assert.Empty(r.DependsOn);
        Assert.Null(r.Work.TimeLimitHours);
        Assert.Null(r.Constraints.MaxPriceYuan);
        Assert.Equal(T0.AddMinutes(42), simulated.SubmitTime);
        Assert.Equal("philly-42-input", r.Inputs[0].Name);
    }

    [Fact]
    public void Fills_philly_cpus_memory_and_gang_nodes_from_the_options()
    {
        var r = Model().Enrich(PhillySource, Gpu(gpus: 16)).Request;

        Assert.Equal(16, r.Resources.AcceleratorCount);
        Assert.Equal(64, r.Resources.Cpus);       // 4 per GPU
        Assert.Equal(512, r.Resources.MemoryGiB); // 32 GiB per GPU
        Assert.Equal(2, r.Resources.Nodes);       // ceil(16 / 8)
        Assert.Empty(r.Resources.AcceleratorModels);
    }

    [Fact]
    public void Keeps_trace_cpus_and_memory_and_sizes_cpu_jobs_by_cores()
    {
        var pod = Model().Enrich(OpenbSource, Gpu(gpus: 1, cpus: 12, memoryGiB: 16)).Request.Resources;
        var swf = Model().Enrich(SwfSource, Cpu(cpus: 128)).Request.Resources;
        var zeroMemory = Model().Enrich(OpenbSource, Gpu(gpus: 2, cpus: 8, memoryGiB: 0)).Request.Resources;

        Assert.Equal((12, 16.0, 1), (pod.Cpus, pod.MemoryGiB, pod.Nodes));
        Assert.Equal((0, 128, 512.0, 2), (swf.AcceleratorCount, swf.Cpus, swf.MemoryGiB, swf.Nodes)); // 4 GiB per core, 64 cores per node
        Assert.Equal(64, zeroMemory.MemoryGiB); // 0 in the trace means unknown: 32 GiB per GPU
    }

    [Fact]
    public void Estimates_are_perfect_by_default_and_noisy_when_asked()
    {
        var job = Gpu(seconds: 3600 * 8);

        var perfect = Model().Enrich(PhillySource, job);
        var doubled = Model(new() { EstimateBias = 2 }).Enrich(PhillySource, job);
        var noisy = Assorted(2000).Select(j => Model(new() { EstimateNoiseSigma = 0.5 }).Enrich(PhillySource, j)).ToList();

        Assert.Equal(2.0, perfect.ActualReferenceHours, 12);
        Assert.Equal(perfect.ActualReferenceHours, perfect.Request.Work.ReferenceHours);
        Assert.Equal(4.0, doubled.Request.Work.ReferenceHours, 12);
        var logRatios = noisy.Select(s => Math.Log(s.Request.Work.ReferenceHours / s.ActualReferenceHours)).ToList();
        Assert.InRange(logRatios.Average(), -0.05, 0.05);
        Assert.InRange(Math.Sqrt(logRatios.Average(x => x * x)), 0.45, 0.55);
    }

    [Fact]
    public void Sizes_inputs_by_accelerator_hours_with_the_documented_formula()
    {
        var model = Model(new() { InputSigma = 0 });

        // One reference accelerator-hour (Alibaba, no type → reference speed): exactly the median.
        Assert.Equal(50, model.Enrich(OpenbSource, Gpu(gpus: 1, cpus: 4, memoryGiB: 8)).Request.InputGiB, 9);
        // Eight: 50 × 8^0.3 = 93.30 GiB; output 10 % of it, to the same region.
        var eight = model.Enrich(OpenbSource, Gpu(gpus: 8, cpus: 4, memoryGiB: 8)).Request;
        Assert.Equal(50 * Math.Pow(8, 0.3), eight.InputGiB, 9);
        Assert.Equal(eight.InputGiB * 0.1, eight.Output!.SizeGiB, 9);
        Assert.Equal(eight.Inputs[0].RegionId, eight.Output.RegionId);
        // Half a shared GPU for an hour: 50 × 0.5^0.3.
        Assert.Equal(50 * Math.Pow(0.5, 0.3), model.Enrich(OpenbSource, Gpu(share: 0.5, cpus: 4, memoryGiB: 8)).Request.InputGiB, 9);
        // 32 cores count as 2 accelerators.
        Assert.Equal(50 * Math.Pow(2, 0.3), model.Enrich(SwfSource, Cpu(cpus: 32)).Request.InputGiB, 9);
        // Capped at 5 TiB.
        Assert.Equal(5120, Model(new() { InputSigma = 0, InputMedianGiB = 10_000 }).Enrich(OpenbSource, Gpu(cpus: 1)).Request.InputGiB);
    }

    [Fact]
    public void Input_sizes_are_lognormal_around_the_median()
    {
        var model = Model();

        var logs = ManyTenants(20_000).Select(j => Math.Log(model.Enrich(OpenbSource, j with { Cpus = 4 }).Request.InputGiB)).Order().ToList();

        Assert.InRange(Math.Exp(logs[logs.Count / 2]), 47, 53);
        Assert.All(logs, l => Assert.InRange(Math.Exp(l), 0.1, 5120));
    }

    [Fact]
    public void Sets_deadlines_from_the_run_time_on_the_fastest_accelerator()
    {
        var model = Model(new() { DeadlineFraction = 1, DeadlineSlackMin = 3, DeadlineSlackMax = 3 });

        // 16 h on a P100 = 4 reference hours = 2 h on the H800 (speed 2): deadline 3 × 2 h later.
        var gpu = model.Enrich(PhillySource, Gpu(seconds: 16 * 3600));
        // 10 min on a P100 = 0.0417 h reference: 3 × 0.0208 h is below the 1 h floor.
        var tiny = model.Enrich(PhillySource, Gpu(seconds: 600));
        // CPU jobs: reference-core hours, 5 h → 15 h.
        var cpu = model.Enrich(SwfSource, Cpu(seconds: 5 * 3600));

        Assert.Equal(gpu.SubmitTime.AddHours(6), gpu.Request.Constraints.Deadline);
        Assert.Equal(tiny.SubmitTime.AddHours(1), tiny.Request.Constraints.Deadline);
        Assert.Equal(cpu.SubmitTime.AddHours(15), cpu.Request.Constraints.Deadline);
    }

    [Fact]
    public void Rejects_invalid_options_listing_every_problem()
    {
        var bad = new WorkloadModelOptions
        {
            EastDataFraction = 1.5,
            DeadlineSlackMin = 0.5,
            FlexibleMaxHours = 0,
            SourceAcceleratorModelId = "k80",
            AcceleratorTypeMap = new Dictionary<string, string> { ["G2"] = "nope" },
        };

        var error = Assert.Throws<SpecException>(() => Model(bad));

        Assert.Equal("workload model options", error.What);
        Assert.Equal(
            ["EastDataFraction", "DeadlineSlackMin", "FlexibleMaxHours", "SourceAcceleratorModelId", "AcceleratorTypeMap[G2]"],
            error.Errors.Select(e => e.Location));
    }

    [Fact]
    public void Describes_every_rule_with_the_values_in_force()
    {
        string text = string.Join("\n", Model(new() { Seed = 7 }).Describe());

        Assert.Contains("seed 7", text);
        Assert.Contains("enterprise 30%, research 25%, sme 30%", text);
        Assert.Contains("85% one of the East regions (beijing, yangtze-delta)", text);
        Assert.Contains("measured on p100-16g (speed 0.25 of the reference a100-80g)", text);
        Assert.Contains("V100M32→v100-32g", text);
        Assert.Contains("A10→a10-24g", text);
        Assert.Contains("perfect estimates", text);
        Assert.Contains("5% of jobs must keep their data", text);
        Assert.Contains("10% of jobs, deadline", text);
        Assert.Contains("30% of jobs may start up to k hours late, k uniform in 1..6", text);
        Assert.Contains("clamp(50 GiB × h^0.3 × exp(1 × Z), 0.1, 5120)", text);
        Assert.Contains("research 0.3", text);
    }

    [Fact]
    [Trait("Category", "RealData")]
    public void Enriches_the_sample_of_the_real_philly_trace_deterministically() =>
        EnrichesDeterministically(TestData.Sample(TraceFiles.Philly), jobCount: 2000, tenants: 11);

    [FullDataFact]
    [Trait("Category", "RealData")]
    public void Enriches_the_whole_real_philly_trace_deterministically() =>
        EnrichesDeterministically(TestData.Full(TraceFiles.Philly), jobCount: 74_167, tenants: 15);

    private static void EnrichesDeterministically(string path, int jobCount, int tenants)
    {
        var reader = new Suanwang.Traces.Philly.PhillyTraceReader(path);
        var model = Model();

        var jobs = model.Enrich(reader).ToList();

        Assert.Equal(jobCount, jobs.Count);
        Assert.Equal(jobs.Count, jobs.Select(j => j.Request.Id).Distinct().Count());
        Assert.Equal(tenants, jobs.Select(j => j.Request.Tenant).Distinct().Count());
        Assert.All(jobs, j => Assert.True(j.ActualReferenceHours > 0));
        var again = new Suanwang.Traces.Philly.PhillyTraceReader(path, new TraceReadOptions { Limit = 100 });
        Assert.Equal(jobs.Take(100).Select(Json), model.Enrich(again).Select(Json));
    }
}
