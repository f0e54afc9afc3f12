using System.Text.Json;
using System.Text.RegularExpressions;
using Suanwang.Cli.Tests.Support;
using Suanwang.Testing.Data;

namespace Suanwang.Cli.Tests;

/// <summary><c>suanwang place JOBSPEC</c>: where a job would go and why, with every center accounted for.</summary>
public sealed partial class PlaceCommandTests : IDisposable
{
    /// <summary>The ten clusters of the bundled china-hubs network.</summary>
    private static readonly string[] ChinaHubsCenters =
        ["zhangjiakou", "yrd_demo_zone", "wuhu", "shaoguan", "tianfu", "chongqing", "helinger", "guian", "qingyang", "zhongwei"];

    private static readonly string[] KnownPolicies = ["suanwang", "first-to-start", "cheapest", "greenest", "round-robin", "least-loaded"];

    private const string At = "2026-11-24T10:00+08:00";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Examples => new("finetune-7b.yaml", "ddp-train.sbatch");

    private static string Example(string name) => Shell.Repo("examples", "jobs", name);

    private const string MinimalSpec = """
        name: tiny
        command: ["python3", "train.py"]
        resources:
          accelerators: { count: 1 }
        work: { referenceHours: 1 }
        """;

    [Theory]
    [MemberData(nameof(Examples))]
    public void Names_the_chosen_center_and_shows_a_row_for_every_center_of_the_network(string example)
    {
        var result = Shell.Run("place", Example(example), "--at", At);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
        string chosen = ChosenLine().Match(Assert.Single(result.OutLines, l => ChosenLine().IsMatch(l))).Groups["center"].Value;
        Assert.Contains(chosen, ChinaHubsCenters);
        foreach (string center in ChinaHubsCenters)
            Assert.Single(result.OutLines, l => Regex.IsMatch(l, $"^│ {center} +│"));
        Assert.Single(result.OutLines, l => Regex.IsMatch(l, $"^│ {chosen} +│ chosen +│"));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Json_output_has_the_plan_and_one_candidate_per_center(string example)
    {
        var result = Shell.Run("place", Example(example), "--at", At, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        string chosen = json.RootElement.GetProperty("plan").GetProperty("centerId").GetString()!;
        var candidates = json.RootElement.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Contains(chosen, ChinaHubsCenters);
        Assert.Equal(ChinaHubsCenters.Order(), candidates.Select(c => c.GetProperty("centerId").GetString()!).Order());
        var winner = Assert.Single(candidates, c => c.GetProperty("verdict").GetString() == "chosen");
        Assert.Equal(chosen, winner.GetProperty("centerId").GetString());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Text_and_json_name_the_same_center(string example)
    {
        var text = Shell.Run("place", Example(example), "--at", At);
        var json = Shell.Run("place", Example(example), "--at", At, "--json");

        string fromText = text.OutLines.Select(l => ChosenLine().Match(l)).Single(m => m.Success).Groups["center"].Value;
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(document.RootElement.GetProperty("plan").GetProperty("centerId").GetString(), fromText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_same_time_gives_identical_output_twice(bool json)
    {
        string[] args = ["place", Example("finetune-7b.yaml"), "--at", At, .. json ? new[] { "--json" } : []];

        var first = Shell.Run(args);
        var second = Shell.Run(args);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Without_at_it_decides_at_the_clocks_now_shown_in_china_time()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("decided at 2026-11-24 20:00 +08:00", result.Out); // Shell.Now is 12:00 UTC
        Assert.Contains("Times in UTC+08:00", result.Out);
    }

    [Fact]
    public void Utc_offset_changes_the_times_shown_but_not_the_decision()
    {
        var china = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At);
        var utc = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--utc-offset", "0");

        Assert.Contains("decided at 2026-11-24 02:00 +00:00", utc.Out);
        Assert.Contains("Times in UTC+00:00", utc.Out);
        Assert.Equal(
            china.OutLines.Single(l => ChosenLine().IsMatch(l)),
            utc.OutLines.Single(l => ChosenLine().IsMatch(l)));
    }

    [Fact]
    public void A_job_that_fits_nowhere_exits_3_and_says_why_for_every_center()
    {
        string spec = _temp.Write("huge.yaml", MinimalSpec.Replace("count: 1", "count: 100000"));

        var result = Shell.Run("place", spec, "--at", At);

        Assert.True(result.ExitCode == ExitCodes.Unplaceable, result.ToString());
        Assert.Contains("not placed: No center can take the job", result.Out);
        foreach (string center in ChinaHubsCenters)
            Assert.Single(result.OutLines, l => Regex.IsMatch(l, $"^│ {center} +│ filtered: pool-size +│.*needs 100000"));
    }

    [Fact]
    public void A_job_that_fits_nowhere_has_no_plan_in_json_and_still_exits_3()
    {
        string spec = _temp.Write("huge.yaml", MinimalSpec.Replace("count: 1", "count: 100000"));

        var result = Shell.Run("place", spec, "--at", At, "--json");

        Assert.Equal(ExitCodes.Unplaceable, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("plan").ValueKind);
        Assert.All(json.RootElement.GetProperty("candidates").EnumerateArray(), c =>
        {
            Assert.Equal("filtered", c.GetProperty("verdict").GetString());
            Assert.False(string.IsNullOrEmpty(c.GetProperty("reason").GetString()));
        });
    }

    [Fact]
    public void An_invalid_spec_exits_2_listing_every_problem_by_field_path_on_stderr_and_nothing_on_stdout()
    {
        string spec = _temp.Write("bad.yaml", MinimalSpec.Replace("  accelerators: { count: 1 }", "  cpus: -4") + "\ncolour: blue\n");

        var result = Shell.Run("place", spec, "--at", At);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("error: bad.yaml is invalid (2 problems):", result.Error);
        Assert.Matches(@"(?m)^  resources\.cpus: .*-4", result.Error);
        Assert.Matches(@"(?m)^  colour: unknown field 'colour'", result.Error);
    }

    [Fact]
    public void An_accelerator_model_the_network_lacks_is_invalid_input_not_unplaceable()
    {
        string spec = _temp.Write("tpu.yaml", MinimalSpec.Replace("{ count: 1 }", "{ count: 1, models: [tpu-v5] }"));

        var result = Shell.Run("place", spec, "--at", At);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Matches(@"(?m)^  resources\.accelerators\.models\[0\]: unknown accelerator model 'tpu-v5'", result.Error);
    }

    [Fact]
    public void An_unknown_policy_exits_2_naming_the_known_policies()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--policy", "fastest");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("unknown policy 'fastest'", result.Error);
        Assert.All(KnownPolicies, p => Assert.Contains(p, result.Error));
    }

    [Fact]
    public void Shows_the_water_the_chosen_center_and_every_candidate_would_use()
    {
        var text = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At);
        var json = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Matches(@"(?m)^water +[\d.]+ L \(cooling: IT energy × the center's WUE\)", text.Out);
        Assert.Matches(@"(?m)^│ center .*│ water │ why", text.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.True(document.RootElement.GetProperty("plan").GetProperty("waterLitres").GetDouble() > 0);
        Assert.All(document.RootElement.GetProperty("candidates").EnumerateArray().Where(c => c.GetProperty("plan").ValueKind == JsonValueKind.Object),
            c => Assert.True(c.GetProperty("plan").GetProperty("waterLitres").GetDouble() > 0));
    }

    [Fact]
    public void Weights_by_objective_name_are_taken_and_named_in_the_decision()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--policy", "suanwang:carbon=2,cost=1", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("suanwang:cost=1,carbon=2", json.RootElement.GetProperty("policy").GetString());
    }

    [Fact]
    public void An_unknown_objective_exits_2_naming_the_known_objectives()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--policy", "suanwang:speed=1");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("unknown objective 'speed'; known objectives: completion-time, cost, carbon, water", result.Error);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_known_policy_places_the_example(string policy)
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--policy", policy, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(policy, json.RootElement.GetProperty("policy").GetString());
    }

    public static TheoryData<string> Policies => new(KnownPolicies);

    [Fact]
    public void Places_on_greendcc_zones_reading_its_measured_series_from_the_data_directory()
    {
        // The committed samples hold one week of each series greendcc-zones reads; a series repeats
        // with its own length, so any time can be placed.
        string spec = _temp.Write("tiny.yaml", MinimalSpec);

        var result = Shell.Run("place", spec, "--at", At, "--network", "greendcc-zones", "--public-data", TestData.SamplesDirectory, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(
            new[] { "frankfurt", "mumbai", "san-jose", "sao-paulo", "singapore", "tokyo" },
            json.RootElement.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("centerId").GetString()!).Order());
    }

    [Fact]
    public void An_unknown_network_exits_2_listing_the_bundled_networks()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", At, "--network", "mars-hubs");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("mars-hubs", result.Error);
        Assert.Contains("china-hubs, greendcc-zones", result.Error);
    }

    [Fact]
    public void A_time_that_is_not_iso_8601_exits_2_showing_the_expected_form()
    {
        var result = Shell.Run("place", Example("finetune-7b.yaml"), "--at", "garbage");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("--at: 'garbage' is not a time", result.Error);
        Assert.Contains("2026-12-01T09:00+08:00", result.Error);
    }

    [Fact]
    public void A_missing_job_spec_file_exits_2()
    {
        var result = Shell.Run("place", _temp.File("nowhere.yaml"), "--at", At);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("nowhere.yaml", result.Error);
    }

    [Fact]
    public void Without_a_job_spec_it_exits_2_and_points_to_help()
    {
        var result = Shell.Run("place");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("suanwang COMMAND --help", result.Error);
    }

    [GeneratedRegex(@"^center\s+(?<center>\S+) \(pool ")]
    private static partial Regex ChosenLine();
}
