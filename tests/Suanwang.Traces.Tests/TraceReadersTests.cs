using Suanwang.Model.Errors;
using Suanwang.Testing.Data;
using Suanwang.Traces.Alibaba;
using Suanwang.Traces.Philly;
using Suanwang.Traces.Swf;
using Suanwang.Traces.Tests.Support;
using Suanwang.Traces.Workload;
using Xunit.Abstractions;

namespace Suanwang.Traces.Tests;

public sealed class TraceReadersTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("a.csv", TraceFormat.Philly)]
    [InlineData("a.csv.gz", TraceFormat.Philly)]
    [InlineData("misleading.swf", TraceFormat.Philly)]
    public void Detects_philly_by_its_header_not_its_name(string name, TraceFormat expected)
    {
        Assert.Equal(expected, TraceReaders.DetectFormat(dir.Write(name, Samples.Philly)));
    }

    [Theory]
    [InlineData("pods.csv")]
    [InlineData("pods.csv.gz")]
    public void Detects_an_openb_pod_list(string name)
    {
        var reader = TraceReaders.Open(dir.Write(name, Samples.Openb));

        Assert.IsType<AlibabaOpenbTraceReader>(reader);
        Assert.Equal("openb", reader.Source.Name);
    }

    [Fact]
    public void Detects_swf_by_its_comment_header_or_by_an_18_field_first_line()
    {
        Assert.IsType<SwfTraceReader>(TraceReaders.Open(dir.Write("log.swf.gz", Samples.Swf)));
        Assert.Equal(TraceFormat.Swf,
            TraceReaders.DetectFormat(dir.Write("bare.txt", "1 0 -1 10 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n")));
    }

    [Fact]
    public void Uses_the_given_format_without_looking()
    {
        var reader = TraceReaders.Open(dir.Write("x.csv", Samples.Philly), TraceFormat.Philly,
            new TraceReadOptions { TraceName = "philly-sample" });

        Assert.IsType<PhillyTraceReader>(reader);
        Assert.Equal("philly-sample", reader.Source.Name);
        Assert.Equal(3, reader.Count());
    }

    [Fact]
    public void Rejects_a_node_list_saying_what_it_is()
    {
        string path = dir.Write("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model\nopenb-node-0227,32000,262144,0,\n");

        var error = Assert.Throws<SpecException>(() => TraceReaders.Open(path));

        Assert.Equal("nodes.csv:1", Assert.Single(error.Errors).Location);
        Assert.Contains("node list (machines), not a list of jobs", error.Message);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_trace_listing_the_formats_it_expected()
    {
        string path = dir.Write("notes.txt", "\n\nDear diary,\nnothing here.\n");

        var error = Assert.Throws<SpecException>(() => TraceReaders.Open(path));

        var only = Assert.Single(error.Errors);
        Assert.Equal("notes.txt:3", only.Location);
        Assert.Contains("not a recognised trace (first line: 'Dear diary,')", only.Message);
        Assert.Contains("timestamp,duration,num_gpus,cluster", only.Message);
        Assert.Contains("SWF", only.Message);
    }

    [Fact]
    public void Rejects_empty_and_missing_files()
    {
        Assert.Contains("empty", Assert.Throws<SpecException>(() => TraceReaders.Open(dir.Write("e.csv", ""))).Message);
        Assert.Contains("cannot open", Assert.Throws<SpecException>(() => TraceReaders.Open(Path.Combine(dir.Root, "none.csv"))).Message);
    }

    [Fact]
    public void Reading_a_trace_as_the_wrong_format_fails_rather_than_inventing_jobs()
    {
        var reader = TraceReaders.Open(dir.Write("philly.csv", Samples.Philly), TraceFormat.Swf);

        var error = Assert.Throws<SpecException>(() => reader.ToList());

        Assert.Contains("every data row is malformed", error.Message);
    }

    [Fact]
    [Trait("Category", "RealData")]
    public void Detects_every_sample_of_a_real_trace() => DetectsEveryRealTrace(TestData.Sample);

    [FullDataFact]
    [Trait("Category", "RealData")]
    public void Detects_every_real_trace() => DetectsEveryRealTrace(TestData.Full);

    private static void DetectsEveryRealTrace(Func<string, string> file)
    {
        Assert.Equal(TraceFormat.Philly, TraceReaders.DetectFormat(file(TraceFiles.Philly)));
        Assert.Equal(TraceFormat.AlibabaOpenb, TraceReaders.DetectFormat(file(TraceFiles.AlibabaPods)));
        Assert.Equal(TraceFormat.Swf, TraceReaders.DetectFormat(file(TraceFiles.NasaSwf)));
        Assert.Throws<SpecException>(() => TraceReaders.DetectFormat(file(TraceFiles.AlibabaNodes)));
    }

    [Fact]
    [Trait("Category", "RealData")]
    public void Summarises_every_sample_of_a_real_trace_and_the_model_for_a_report()
    {
        var lines = Summarise(TestData.Sample);

        Assert.Contains(lines, l => l.Contains("2,000 data rows read, 2,000 jobs"));
        Assert.Contains(lines, l => l.Contains("10 data rows read, 10 jobs"));
        Assert.Contains(lines, l => l.Contains("1,000 data rows read, 989 jobs"));
        Assert.Contains(lines, l => l.Contains("skipped 11 rows: NonPositiveDuration"));
    }

    [FullDataFact]
    [Trait("Category", "RealData")]
    public void Summarises_every_real_trace_and_the_model_for_a_report()
    {
        var lines = Summarise(TestData.Full);

        Assert.Contains(lines, l => l.Contains("74,167 data rows read, 74,167 jobs"));
        Assert.Contains(lines, l => l.Contains("8,152 data rows read, 8,151 jobs"));
        Assert.Contains(lines, l => l.Contains("18,239 data rows read, 18,066 jobs"));
        Assert.Contains(lines, l => l.Contains("skipped 173 rows: NonPositiveDuration"));
    }

    private List<string> Summarise(Func<string, string> file)
    {
        var lines = new List<string>();
        foreach (string path in new[] { TraceFiles.Philly, TraceFiles.AlibabaPods, TraceFiles.NasaSwf })
        {
            var reader = TraceReaders.Open(file(path));
            _ = reader.Count();
            lines.AddRange(reader.Stats!.Describe());
        }
        lines.AddRange(new WorkloadModel(A.Network().Build()).Describe());
        lines.ForEach(output.WriteLine);
        return lines;
    }
}
