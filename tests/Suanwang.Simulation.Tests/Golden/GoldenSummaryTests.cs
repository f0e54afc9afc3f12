using Suanwang.Networks;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Summary;
using Suanwang.Testing;
using Suanwang.Traces;
using Suanwang.Traces.Workload;

namespace Suanwang.Simulation.Tests.Golden;

/// <summary>
/// The first 2,000 Philly jobs on china-hubs at a tenth of its capacity (so queues form), every
/// policy. The summary must be byte-identical run after run, and equal to the committed golden
/// file; after an intended change, regenerate it with SUANWANG_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
[Trait("Category", "Data")]
public class GoldenSummaryTests
{
    private const int Jobs = 2000;
    private static readonly string GoldenPath = Path.Combine(TestData.RepositoryRoot, "tests", "Suanwang.Simulation.Tests", "Golden", "philly-2000-china-hubs.summary.json");

    private static string Simulate(int seed = 1)
    {
        var network = NetworkLoader.Load("china-hubs", new NetworkLoadOptions(TestData.Directory));
        string trace = TestData.File("philly-2017-jobs/philly.csv.gz");
        var model = new WorkloadModel(network, WorkloadModelOptions.Default with { Seed = seed });
        TraceReader? last = null;
        IEnumerable<SimulationArrival> Open()
        {
            last = TraceReaders.Open(trace, null, TraceReadOptions.Default with { Limit = Jobs });
            return model.Enrich(last).Select(j => new SimulationArrival(j.Request, j.SubmitTime, j.ActualReferenceHours));
        }
        TraceInput Describe() => new(new InputFile(last!.Source.FileName, last.Stats!.Sha256), last.Source.Format.ToString(), last.Stats.DataRows, 0,
            last.Stats.Skipped.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
        var data = SimulationRunner.Run(new SimulationRequest(network, "china-hubs", Open, Describe, PolicyCatalog.Names, seed, 0.1,
            model.Describe(), SimulationOptions.Default));
        return SummaryJson.Serialize(data.Summary);
    }

    // One run shared by the tests that only read it; the determinism test makes its own.
    private static readonly Lazy<string> SeedOne = new(() => Simulate());

    [Fact]
    public void The_same_inputs_and_seed_give_a_byte_identical_summary()
    {
        Assert.Equal(SeedOne.Value, Simulate());
    }

    [Fact]
    public void A_different_seed_gives_a_different_workload()
    {
        Assert.NotEqual(SeedOne.Value, Simulate(seed: 2));
    }

    [Fact]
    public void The_summary_matches_the_golden_file()
    {
        string actual = SeedOne.Value;
        if (Environment.GetEnvironmentVariable("SUANWANG_UPDATE_GOLDEN") == "1" || !File.Exists(GoldenPath))
        {
            File.WriteAllText(GoldenPath, actual);
            Assert.Fail($"golden file written to {GoldenPath}: review it, then run the test again");
        }
        Assert.Equal(File.ReadAllText(GoldenPath), actual);
    }

    [Fact]
    public void Every_job_is_accounted_for_and_ours_beats_the_data_blind_baseline_on_cost_and_carbon()
    {
        var summary = System.Text.Json.JsonSerializer.Deserialize<SimulationSummary>(SeedOne.Value, SummaryJson.Options)!;
        foreach (var policy in summary.Policies)
            Assert.Equal(policy.Jobs, policy.Completed + policy.Unplaceable + policy.RejectedDeadlineOrPrice);
        var ours = summary.Policies.Single(p => p.Name == "suanwang");
        var firstToStart = summary.Policies.Single(p => p.Name == "first-to-start");
        Assert.True(ours.CostYuan < firstToStart.CostYuan);
        Assert.True(ours.CarbonKg < firstToStart.CarbonKg);
        Assert.True(ours.VersusBounds.CompletionVsNoQueue >= 1.0 && ours.VersusBounds.CarbonVsGreenest >= 1.0);
    }
}
