using CsCheck;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests;

/// <summary>
/// Properties over hostile input: whatever the text, reading it either gives jobs that keep the model's
/// invariants or throws <see cref="SpecException"/> — never anything else.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly string[] Seeds =
        TestFiles.In("Examples", "*.*")
            .Concat(TestFiles.In("Corpus", "*.sbatch"))
            .Concat(TestFiles.In(Path.Combine("Corpus", "Malformed"), "*.sbatch"))
            .Select(File.ReadAllText)
            .ToArray();

    // Fragments that have broken parsers before: structure, YAML features, numbers at the edges,
    // sbatch syntax, control characters and broken Unicode.
    private static readonly string[] Nasty =
    [
        "[", "]", "{", "}", ":", ": ", "- ", "\n", "\t", "  ", ",", "&a ", "*a", "<<: *a\n", "!!binary ", "!x ", "? ", "|\n  ", ">-\n",
        "'", "\"", "\\", "#", "---\n", "...\n", "%YAML 1.1\n", ".nan", ".inf", "-.inf", "NaN", "-1", "1e999", "-0", "0x1F", "1_000",
        "99999999999999999999", "0.0000001", "null", "~", "true", "#SBATCH ", "#SBATCH --gres=gpu:0\n", "#SBATCH --array=0-999999\n",
        "#SBATCH --mem=-5\n", "#SBATCH -N\n", "#SUANWANG input=x\n", "--", "-", "=", "%", "@", "\r\n", "\0", "\uFEFF", "\ud800", "\u2028",
        "算网", "$(rm -rf /)", "`id`", "now+", "+36h", "+-3h", "+1d12h", "+99999999999d", "gpu:-4", "2026-13-45T99:99:99Z", "afterok:", "gpu:a100:", "1-", ":4",
    ];

    private static readonly Gen<string> Fragment = Gen.OneOf(Nasty);

    private static readonly Gen<string> Mutated =
        from seed in Gen.OneOf(Seeds)
        from edits in Gen.Int[1, 6]
        from ops in Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Double[0, 1], Fragment).Array[edits]
        select ops.Aggregate(seed, (text, op) => Mutate(text, op.Item1, op.Item2, op.Item3, op.Item4));

    [Fact]
    public void Random_text_only_ever_fails_with_a_spec_exception()
    {
        Gen.String.Sample(OnlySpecExceptions, iter: 3000);
    }

    [Fact]
    public void Random_text_from_a_spec_like_alphabet_only_ever_fails_with_a_spec_exception()
    {
        Gen<string> specLike = Gen.String[Gen.Char["#!SBATCHUANWG-=:;,[]{}\"'\\ \n\t0123456789.aceglmnoprstuwkz+*&!%@~?|>"], 0, 300];
        specLike.Sample(OnlySpecExceptions, iter: 5000);
    }

    [Fact]
    public void Random_fragments_glued_together_only_ever_fail_with_a_spec_exception()
    {
        Fragment.Array[0, 60].Select(string.Concat).Sample(OnlySpecExceptions, iter: 5000);
    }

    [Fact]
    public void Mutations_of_valid_and_malformed_specs_only_ever_fail_with_a_spec_exception()
    {
        Mutated.Sample(OnlySpecExceptions, iter: 5000);
    }

    [Fact]
    public void Mutations_of_native_specs_read_as_native_only_ever_fail_with_a_spec_exception()
    {
        Mutated.Sample(text => Only(() => [JobSpecReader.ReadNative(text, "fuzz.yaml", A.KnowingNetwork())]), iter: 2000);
    }

    [Fact]
    public void Mutations_of_scripts_read_as_scripts_only_ever_fail_with_a_spec_exception()
    {
        Mutated.Sample(text => Only(() => JobSpecReader.ReadSbatch(text, "fuzz.sbatch", A.KnowingNetwork())), iter: 2000);
    }

    private static void OnlySpecExceptions(string text) => Only(() => JobSpecReader.Read(text, "fuzz", A.Context()));

    private static void Only(Func<IReadOnlyList<JobRequest>> read)
    {
        IReadOnlyList<JobRequest> jobs;
        try
        {
            jobs = read();
        }
        catch (SpecException ex)
        {
            Assert.NotEmpty(ex.Errors);
            Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Location) || string.IsNullOrWhiteSpace(e.Message), $"blank location or message: '{e}'"));
            Assert.True(ex.Errors.Count <= SpecLimits.MaxErrors + 1);
            return;
        }
        Assert.NotEmpty(jobs);
        Assert.All(jobs, KeepsInvariants);
    }

    /// <summary>What every accepted job promises the placement core.</summary>
    private static void KeepsInvariants(JobRequest job)
    {
        Assert.NotEmpty(job.Command);
        Assert.InRange(job.Resources.Nodes, 1, SpecLimits.MaxNodes);
        Assert.InRange(job.Resources.AcceleratorCount, 0, SpecLimits.MaxAccelerators);
        Assert.Equal(0, job.Resources.AcceleratorCount % job.Resources.Nodes);
        Assert.InRange(job.Resources.Cpus, job.Resources.Nodes, SpecLimits.MaxCpus);
        Assert.True(job.Resources.MemoryGiB > 0 && double.IsFinite(job.Resources.MemoryGiB));
        Assert.True(job.Work.ReferenceHours > 0 && job.Work.ReferenceHours <= SpecLimits.MaxHours);
        Assert.True(job.Work.TimeLimitHours is null or > 0);
        Assert.InRange(job.Preferences.CarbonWeight, 0, 1);
        Assert.InRange(job.Preferences.FlexibleStartHours, 0, SpecLimits.MaxFlexibleStartHours);
        Assert.All(job.Inputs, i => Assert.True(i.SizeGiB >= 0 && double.IsFinite(i.SizeGiB)));
        if (job.Constraints.Deadline is { } deadline)
        {
            Assert.True(deadline > A.Now);
            Assert.True(job.Constraints.NotBefore is null || deadline > job.Constraints.NotBefore);
        }
        Assert.Equal(job.Constraints.MaxLatencyMs is null, job.Constraints.UsersRegionId is null);
    }

    private static string Mutate(string text, int op, double at, double length, string fragment)
    {
        int start = (int)(at * text.Length);
        int count = Math.Min(text.Length - start, (int)(length * 40));
        string[] lines = text.Split('\n');
        int line = (int)(at * (lines.Length - 1));
        return op switch
        {
            0 => text.Remove(start, count),
            1 => text.Insert(start, fragment),
            2 => text.Remove(start, count).Insert(start, fragment),
            3 => string.Join('\n', lines.Take(line + 1).Concat(lines.Skip(line))),
            _ => text[..start],
        };
    }
}
