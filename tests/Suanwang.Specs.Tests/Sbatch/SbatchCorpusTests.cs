using System.Globalization;
using System.Text.RegularExpressions;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Sbatch;

/// <summary>
/// Scripts in the style of real clusters' documentation, each carrying its expected mapping in trailing
/// <c># expect: key=value …</c> comments (or <c># expect-error: LOCATION | message part</c> for the
/// malformed ones). Comments after the first command are ignored by sbatch and by Suanwang alike.
/// </summary>
public sealed partial class SbatchCorpusTests
{
    public static TheoryData<string> ValidScripts => new(TestFiles.In("Corpus", "*.sbatch").Select(Path.GetFileName)!);

    public static TheoryData<string> MalformedScripts => new(TestFiles.In(Path.Combine("Corpus", "Malformed"), "*.sbatch").Select(Path.GetFileName)!);

    [Fact]
    public void The_corpus_has_twenty_or_more_valid_scripts_and_fifteen_or_more_malformed_ones()
    {
        Assert.True(ValidScripts.Count >= 20);
        Assert.True(MalformedScripts.Count >= 15);
    }

    [Theory]
    [MemberData(nameof(ValidScripts))]
    public void A_real_world_script_maps_as_its_expect_lines_say(string file)
    {
        string text = File.ReadAllText(TestFiles.Path("Corpus", file));
        Assert.Equal(JobSpecFormat.Sbatch, JobSpecReader.DetectFormat(text));
        var expected = ExpectLines(text, "# expect:").SelectMany(ParsePairs).ToList();
        Assert.NotEmpty(expected);

        IReadOnlyList<JobRequest> jobs = JobSpecReader.Read(text, file, A.Context());

        var actual = Summary(jobs);
        foreach (var (key, value) in expected)
        {
            Assert.True(actual.ContainsKey(key), $"{file}: no summary key '{key}'");
            Assert.True(value == actual[key], $"{file}: {key} expected '{value}' but was '{actual[key]}'");
        }
        Assert.All(jobs, job => Assert.Equal(text, job.Script));
    }

    public static TheoryData<string> UserFacingScripts => new(TestFiles.In(Path.Combine("Published", "examples"), "*.sbatch").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(UserFacingScripts))]
    public void The_user_facing_example_scripts_read(string file)
    {
        string text = File.ReadAllText(TestFiles.Path("Published", "examples", file));
        Assert.NotEmpty(JobSpecReader.Read(text, file, A.KnowingNetwork() with { IsKnownAcceleratorModel = null }));
    }

    [Theory]
    [MemberData(nameof(MalformedScripts))]
    public void A_malformed_script_is_refused_with_exactly_the_expected_errors(string file)
    {
        string text = File.ReadAllText(TestFiles.Path("Corpus", "Malformed", file));
        var expected = ExpectLines(text, "# expect-error:").Select(l => l.Split(" | ", 2)).ToList();
        Assert.NotEmpty(expected);

        var errors = Assert.Throws<SpecException>(() => JobSpecReader.ReadSbatch(text, file, A.Context())).Errors;

        Assert.True(expected.Count == errors.Count, $"{file}: expected {expected.Count} errors, got:\n  " + string.Join("\n  ", errors));
        foreach (var pair in expected)
            Has.Error(errors, pair[0], pair[1]);
    }

    private static IEnumerable<string> ExpectLines(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim());

    private static IEnumerable<(string Key, string Value)> ParsePairs(string line) =>
        PairStart().Split(line).Select(pair => pair.Split('=', 2)).Select(p => (p[0], p[1]));

    [GeneratedRegex(@"\s+(?=[A-Za-z][A-Za-z0-9_.]*=)")]
    private static partial Regex PairStart();

    /// <summary>Everything a corpus script can assert, as text.</summary>
    private static Dictionary<string, string> Summary(IReadOnlyList<JobRequest> jobs)
    {
        JobRequest job = jobs[0];
        var summary = new Dictionary<string, string>
        {
            ["jobs"] = Text(jobs.Count),
            ["firstId"] = job.Id,
            ["lastId"] = jobs[^1].Id,
            ["arrayIndices"] = Indices(jobs.Select(j => j.ArrayIndex).OfType<int>().ToList()),
            ["name"] = job.Name,
            ["kind"] = job.Kind.ToString(),
            ["command"] = string.Join(",", job.Command),
            ["nodes"] = Text(job.Resources.Nodes),
            ["gpus"] = Text(job.Resources.AcceleratorCount),
            ["models"] = List(job.Resources.AcceleratorModels),
            ["minAcceleratorMemoryGiB"] = Text(job.Resources.MinAcceleratorMemoryGiB),
            ["cpus"] = Text(job.Resources.Cpus),
            ["memoryGiB"] = Text(job.Resources.MemoryGiB),
            ["referenceHours"] = Text(job.Work.ReferenceHours),
            ["timeLimitHours"] = job.Work.TimeLimitHours is { } limit ? Text(limit) : "-",
            ["notBefore"] = Time(job.Constraints.NotBefore),
            ["deadline"] = Time(job.Constraints.Deadline),
            ["dependsOn"] = List(job.DependsOn),
            ["partition"] = job.SettingsFor("slurm").GetValueOrDefault("partition", "-"),
            ["account"] = job.SettingsFor("slurm").GetValueOrDefault("account", "-"),
            ["ntasks"] = job.SettingsFor("slurm").GetValueOrDefault("ntasks", "-"),
            ["cpusPerTask"] = job.SettingsFor("slurm").GetValueOrDefault("cpus-per-task", "-"),
            ["tenant"] = job.Tenant,
            ["tier"] = job.Tier,
            ["inputs"] = List(job.Inputs.Select(i => $"{i.Name}:{Text(i.SizeGiB)}@{i.RegionId}").ToList()),
            ["output"] = job.Output is { } o ? $"{Text(o.SizeGiB)}@{o.RegionId}" : "-",
            ["residency"] = job.Constraints.Residency ?? "-",
            ["maxPrice"] = job.Constraints.MaxPriceYuan is { } p ? Text(p) : "-",
            ["carbonWeight"] = Text(job.Preferences.CarbonWeight),
            ["flexibleStartHours"] = Text(job.Preferences.FlexibleStartHours),
            ["centers"] = List(job.Constraints.AllowedCenters),
            ["preferredCenters"] = List(job.Constraints.PreferredCenters),
        };
        foreach (var (key, value) in job.Environment) summary[$"env.{key}"] = value;
        return summary;
    }

    private static string Text(double value) => Math.Round(value, 4).ToString(CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(",", items);

    private static string Time(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "-";

    private static string Indices(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) return "-";
        bool consecutive = indices.Zip(indices.Skip(1)).All(p => p.Second == p.First + 1);
        return consecutive && indices.Count > 3 ? $"{indices[0]}..{indices[^1]}" : string.Join(",", indices);
    }
}
