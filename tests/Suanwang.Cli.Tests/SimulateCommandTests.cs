using System.Text.Json;
using Suanwang.Cli.Tests.Support;
using Suanwang.Testing.Data;

namespace Suanwang.Cli.Tests;

/// <summary><c>suanwang simulate</c>: replay a trace with each policy and write summary.json and report.html.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private static readonly string[] AllPolicies = ["suanwang", "first-to-start", "cheapest", "greenest", "round-robin", "least-loaded"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string OutDir(string name = "out") => _temp.File(name);

    private static CliResult Simulate(string trace, string outDir, params string[] more) =>
        Shell.Run(["simulate", "--trace", trace, "--policy", "suanwang", "--policy", "first-to-start", "--out", outDir, .. more]);

    private static JsonElement Summary(string outDir)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Replays_a_trace_with_two_policies_into_summary_json_and_report_html()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        var result = Simulate(trace, OutDir());

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
        Assert.True(File.Exists(Path.Combine(OutDir(), "summary.json")));
        Assert.True(File.Exists(Path.Combine(OutDir(), "report.html")));
        var policies = Summary(OutDir()).GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["suanwang", "first-to-start"], policies.Select(p => p.GetProperty("name").GetString()));
        Assert.All(policies, p => Assert.Equal(200, p.GetProperty("jobs").GetInt32()));
        Assert.Contains("wrote " + Path.Combine(OutDir(), "summary.json"), result.Out);
    }

    [Fact]
    public void Each_policy_s_water_is_in_the_summary_and_the_printed_table_and_weighing_it_is_a_policy_of_its_own()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        var result = Shell.Run("simulate", "--trace", trace, "--out", OutDir(), "--policy", "suanwang", "--policy", "suanwang:water=2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("water m³", result.Out);
        var policies = Summary(OutDir()).GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["suanwang", "suanwang:water=2"], policies.Select(p => p.GetProperty("name").GetString()));
        var water = policies.Select(p => p.GetProperty("waterLitres").GetDouble()).ToList();
        Assert.All(water, litres => Assert.True(litres > 0));
        Assert.True(water[1] < water[0], $"weighing water used {water[1]} L against {water[0]} L");
    }

    [Fact]
    public void Summary_records_the_trace_it_read()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        Simulate(trace, OutDir());

        var input = Summary(OutDir()).GetProperty("inputs").GetProperty("trace");
        Assert.Equal("philly-small.csv", input.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal("Philly", input.GetProperty("format").GetString());
        Assert.Equal(200, input.GetProperty("jobsUsed").GetInt32());
    }

    [Fact]
    public void The_same_inputs_give_a_byte_identical_summary_json()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        Assert.Equal(ExitCodes.Success, Simulate(trace, OutDir("first")).ExitCode);
        Assert.Equal(ExitCodes.Success, Simulate(trace, OutDir("second")).ExitCode);

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(OutDir("first"), "summary.json")),
            File.ReadAllBytes(Path.Combine(OutDir("second"), "summary.json")));
    }

    [Fact]
    public void Limit_replays_only_the_first_n_jobs()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        var result = Simulate(trace, OutDir(), "--limit", "50");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.All(Summary(OutDir()).GetProperty("policies").EnumerateArray(), p => Assert.Equal(50, p.GetProperty("jobs").GetInt32()));
    }

    [Fact]
    public void A_missing_trace_file_exits_2_and_writes_nothing()
    {
        var result = Simulate(_temp.File("no-such-trace.csv"), OutDir());

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("no such file", result.Error);
        Assert.Contains("no-such-trace.csv", result.Error);
        Assert.False(Directory.Exists(OutDir()));
    }

    [Fact]
    public void An_unknown_policy_exits_2_before_doing_any_work()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 200);

        var result = Shell.Run("simulate", "--trace", trace, "--policy", "suanwang", "--policy", "fastest", "--out", OutDir());

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("unknown policy 'fastest'", result.Error);
        Assert.All(AllPolicies, p => Assert.Contains(p, result.Error));
        Assert.False(Directory.Exists(OutDir()));
    }

    [Fact]
    public void A_file_that_is_not_a_trace_exits_2_saying_what_was_expected()
    {
        string notATrace = _temp.Write("notes.csv", "when,what\n2017-10-02,nothing\n");

        var result = Simulate(notATrace, OutDir());

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("not a recognised trace", result.Error);
        Assert.False(Directory.Exists(OutDir()));
    }

    [Theory]
    [InlineData("--trace")]
    [InlineData("--out")]
    public void Trace_and_out_are_required(string missing)
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 10);
        string[] args = missing == "--trace" ? ["simulate", "--out", OutDir()] : ["simulate", "--trace", trace];

        var result = Shell.Run(args);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains(missing, result.Error);
    }

    [Fact]
    public void A_capacity_scale_that_is_not_positive_exits_2()
    {
        string trace = PhillyTrace.WriteTo(_temp, jobs: 10);

        var result = Simulate(trace, OutDir(), "--capacity-scale", "0");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--capacity-scale", result.Error);
        Assert.False(Directory.Exists(OutDir()));
    }

    [Fact]
    [Trait("Category", "Data")]
    public void Every_policy_accounts_for_every_job_of_the_real_philly_trace()
    {
        // The committed sample holds the trace's first 2000 jobs, all that --limit 2000 reads of the full file.
        string trace = TestData.Sample("philly-2017-jobs/philly.csv.gz");

        var result = Shell.Run("simulate", "--trace", trace, "--limit", "2000", "--out", OutDir());

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var policies = Summary(OutDir()).GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(AllPolicies, policies.Select(p => p.GetProperty("name").GetString()));
        Assert.All(policies, p =>
        {
            int jobs = p.GetProperty("jobs").GetInt32();
            Assert.Equal(2000, jobs);
            Assert.True(
                p.GetProperty("completed").GetInt32() + p.GetProperty("unplaceable").GetInt32() + p.GetProperty("rejectedDeadlineOrPrice").GetInt32() == jobs,
                $"{p.GetProperty("name").GetString()}: completed + unplaceable + rejectedDeadlineOrPrice should be {jobs}");
        });
    }
}
