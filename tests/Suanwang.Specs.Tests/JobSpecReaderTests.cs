using System.Diagnostics;
using Suanwang.Model.Errors;

namespace Suanwang.Specs.Tests;

public sealed class JobSpecReaderTests
{
    [Theory]
    [InlineData("#!/bin/bash\n./run\n", JobSpecFormat.Sbatch)]
    [InlineData("\uFEFF#!/bin/bash\n./run\n", JobSpecFormat.Sbatch)]
    [InlineData("#SBATCH -t 10\n./run\n", JobSpecFormat.Sbatch)]
    [InlineData("# notes\n#SBATCH -t 10\n", JobSpecFormat.Sbatch)]
    [InlineData("# a YAML comment\ncommand: [a]\n", JobSpecFormat.Native)]
    [InlineData("{\"command\": [\"a\"]}", JobSpecFormat.Native)]
    [InlineData("", JobSpecFormat.Native)]
    public void The_format_is_detected_from_the_text(string text, JobSpecFormat format)
    {
        Assert.Equal(format, JobSpecReader.DetectFormat(text));
    }

    [Fact]
    public void Read_returns_the_native_job()
    {
        Assert.Equal("job-1", Assert.Single(JobSpecReader.Read(Read.Spec(), "spec.yaml", A.Context())).Id);
    }

    [Fact]
    public void The_exception_names_the_source_and_lists_every_error()
    {
        var ex = Assert.Throws<SpecException>(() => JobSpecReader.Read("command: x\n", "my-job.yaml", A.Context()));
        Assert.Equal("my-job.yaml", ex.What);
        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("my-job.yaml is invalid:", ex.Message);
    }

    // The readers find errors section by section (a script's unknown options first, its #SUANWANG lines
    // next, its values last); the user reads the file top to bottom, and so does the list.
    [Fact]
    public void A_scripts_errors_are_listed_in_the_order_of_their_lines()
    {
        var errors = Read.SbatchErrors(Read.Script(
            "#SBATCH --array=0-99999999",
            "#SBATCH --time=forever",
            "#SBATCH --gres=gpu:-4",
            "#SUANWANG tier=Bad!",
            "#SBATCH --bogus"));

        Assert.Equal(
            ["line 2 (#SBATCH --array=0-99999999)", "line 3 (#SBATCH --time=forever)", "line 4 (#SBATCH --gres=gpu:-4)",
             "line 5 (#SUANWANG tier=Bad!)", "line 6 (#SBATCH --bogus)"],
            errors.Select(e => e.Location));
    }

    [Fact]
    public void A_specs_errors_are_listed_in_the_order_of_their_lines_then_columns()
    {
        const string Yaml = """
            constraints: { maxPrice: -1 }
            command: [a]
            work: { timeLimitHours: -1, referenceHours: -1 }
            resources:
              cpus: 0
            name: ""
            bogus: 1
            """;

        var errors = Read.NativeErrors(Yaml);

        Assert.Equal(
            ["constraints.maxPrice", "work.timeLimitHours", "work.referenceHours", "resources.cpus", "name", "bogus"],
            errors.Select(e => e.Location));
    }

    [Fact]
    public void A_missing_field_is_listed_where_its_mapping_starts()
    {
        var errors = Read.NativeErrors("name: x\nwork: { timeLimitHours: -1 }\nbogus: 1\n");

        Assert.Equal(["command", "work.referenceHours", "work.timeLimitHours", "bogus"], errors.Select(e => e.Location));
    }

    [Fact]
    public void A_duplicate_key_is_listed_among_the_field_errors_by_its_line()
    {
        var errors = Read.NativeErrors("command: [a]\nwork: { referenceHours: -1 }\nname: a\nname: b\nbogus: 1\n");

        Assert.Equal(["work.referenceHours", "line 4, column 1", "bogus"], errors.Select(e => e.Location));
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        Assert.Equal(["./run"], Read.Native("\uFEFF" + Read.Spec()).Command);
    }

    [Fact]
    public void A_text_over_one_MiB_is_refused_before_it_is_parsed()
    {
        string huge = Read.Spec("name: x\n") + new string('#', SpecLimits.MaxTextBytes);
        var clock = Stopwatch.StartNew();
        Has.OneError(Read.NativeErrors(huge), "document", "larger than 1024 KiB");
        Has.OneError(Read.SbatchErrors("#!/bin/bash\n" + huge), "document", "larger than 1024 KiB");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Multi_byte_text_is_measured_in_utf8_bytes()
    {
        string chinese = "name: " + new string('算', SpecLimits.MaxTextBytes / 3 + 1) + "\n";
        Has.OneError(Read.NativeErrors(chinese), "document", "larger than");
    }

    [Fact]
    public void At_most_a_hundred_errors_are_listed_and_the_rest_counted()
    {
        string spec = Read.Spec(string.Concat(Enumerable.Range(0, 150).Select(i => $"unknown{i}: 1\n")));
        var errors = Read.NativeErrors(spec);
        Assert.Equal(SpecLimits.MaxErrors + 1, errors.Count);
        Assert.Equal(new SpecError("(more)", "50 more errors not listed; fix the ones above first"), errors[^1]);
    }

    [Fact]
    public void A_bad_context_is_the_callers_bug_not_the_users()
    {
        Assert.Throws<ArgumentException>(() => JobSpecReader.Read(Read.Spec(), "x", A.Context("")));
        Assert.Throws<ArgumentException>(() => JobSpecReader.Read(Read.Spec(), "x", A.Context() with { TimeZoneOffset = TimeSpan.FromHours(20) }));
        Assert.Throws<ArgumentNullException>(() => JobSpecReader.Read(null!, "x", A.Context()));
    }

    [Fact]
    public void Reading_is_pure_the_same_text_and_context_give_the_same_job()
    {
        string text = File.ReadAllText(TestFiles.Path("Examples", "finetune-7b.yaml"));
        var first = Read.Native(text);
        var second = Read.Native(text);
        Assert.Equal(first.Resources.AcceleratorModels, second.Resources.AcceleratorModels);
        Assert.Equal(first with { Resources = second.Resources, Command = second.Command, Environment = second.Environment, Inputs = second.Inputs,
            Constraints = second.Constraints, DependsOn = second.DependsOn }, second);
    }

    [Fact]
    public void A_MiB_of_unknown_fields_costs_no_more_than_counting_them()
    {
        string spec = Read.Spec(string.Concat(Enumerable.Range(0, 45_000).Select(i => $"k{i}: 1\n")));
        var clock = Stopwatch.StartNew();
        var errors = Read.NativeErrors(spec);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal("(more)", errors[^1].Location);
    }

    [Fact]
    public void A_MiB_of_unknown_directives_costs_no_more_than_counting_them()
    {
        string script = "#!/bin/bash\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"#SBATCH --opt{i}\n"));
        var clock = Stopwatch.StartNew();
        var errors = Read.SbatchErrors(script);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal("(more)", errors[^1].Location);
    }
}
