using System.Security.Cryptography;
using System.Text.Json;
using Suanwang.Networks;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Summary;
using Suanwang.Testing.Data;
using Suanwang.Traces;
using Suanwang.Traces.Workload;

namespace Suanwang.Simulation.Tests.Golden;

/// <summary>
/// The first 2,000 Philly jobs on china-hubs at a tenth of its capacity (so queues form), every
/// policy. The summary must be byte-identical run after run, and equal to the committed golden
/// file; after an intended change, regenerate it with SUANWANG_UPDATE_GOLDEN=1 (and the full public
/// data present) and review the diff. The committed Philly sample holds exactly those 2,000 jobs, so
/// everything but the golden file's trace hash is checked without the full data too.
/// </summary>
[Trait("Category", "Data")]
public class GoldenSummaryTests
{
    private const int Jobs = 2000;
    private const string Trace = "philly-2017-jobs/philly.csv.gz";
    private static readonly string GoldenPath = Path.Combine(TestData.RepositoryRoot, "tests", "Suanwang.Simulation.Tests", "Golden", "philly-2000-china-hubs.summary.json");

    private static string Simulate(string trace, int seed = 1)
    {
        var network = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);
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

    // One run on the sample shared by the tests that only read it; the determinism test makes its own.
    private static readonly Lazy<string> SeedOne = new(() => Simulate(TestData.Sample(Trace)));

    [Fact]
    public void The_same_inputs_and_seed_give_a_byte_identical_summary()
    {
        Assert.Equal(SeedOne.Value, Simulate(TestData.Sample(Trace)));
    }

    [Fact]
    public void A_different_seed_gives_a_different_workload()
    {
        Assert.NotEqual(SeedOne.Value, Simulate(TestData.Sample(Trace), seed: 2));
    }

    [Fact]
    public void The_sample_gives_the_golden_summary_but_for_the_trace_files_hash()
    {
        // The summary records the trace file's SHA-256; the sample is a different file holding the same jobs.
        string golden = File.ReadAllText(GoldenPath);
        string goldenTraceHash = TraceHash(golden);
        string sampleHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestData.Sample(Trace))));

        Assert.Equal(sampleHash, TraceHash(SeedOne.Value));
        Assert.Equal(golden.Replace(goldenTraceHash, sampleHash, StringComparison.Ordinal), SeedOne.Value);
    }

    [FullDataFact]
    public void The_summary_of_the_full_trace_matches_the_golden_file()
    {
        string actual = Simulate(TestData.Full(Trace));
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
        var summary = JsonSerializer.Deserialize<SimulationSummary>(SeedOne.Value, SummaryJson.Options)!;
        foreach (var policy in summary.Policies)
            Assert.Equal(policy.Jobs, policy.Completed + policy.Unplaceable + policy.RejectedDeadlineOrPrice);
        var ours = summary.Policies.Single(p => p.Name == "suanwang");
        var firstToStart = summary.Policies.Single(p => p.Name == "first-to-start");
        Assert.True(ours.CostYuan < firstToStart.CostYuan);
        Assert.True(ours.CarbonKg < firstToStart.CarbonKg);
        Assert.True(ours.VersusBounds.CompletionVsNoQueue >= 1.0 && ours.VersusBounds.CarbonVsGreenest >= 1.0);
    }

    private static string TraceHash(string summaryJson)
    {
        using var document = JsonDocument.Parse(summaryJson);
        return document.RootElement.GetProperty("inputs").GetProperty("trace").GetProperty("file").GetProperty("sha256").GetString()!;
    }
}
