using Suanwang.Testing.Data;
using Suanwang.Traces.Swf;
using Suanwang.Traces.Tests.Support;

namespace Suanwang.Traces.Tests.Swf;

public sealed class SwfTraceReaderTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(749458803);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Reads_the_header_fields_that_set_the_clock_and_name_the_queues()
    {
        var reader = new SwfTraceReader(dir.Write("Sample-Log.swf", Samples.Swf));

        _ = reader.ToList();

        var header = reader.Header!;
        Assert.Equal("2.2", header.Version);
        Assert.Equal("Test Machine", header.Computer);
        Assert.Equal(749458803, header.UnixStartTime);
        Assert.Equal(-28800, header.TimeZoneSeconds);
        Assert.Equal("US/Pacific", header.TimeZoneString);
        Assert.Equal(128, header.MaxProcs);
        Assert.Equal("batch", header.QueueNames[1]);
        Assert.Equal("sample-log", reader.Source.Name);
    }

    [Fact]
    public void Makes_cpu_jobs_submitted_at_unix_start_plus_submit_in_utc()
    {
        var jobs = new SwfTraceReader(dir.Write("log.swf", Samples.Swf)).ToList();

        var first = jobs[0];
        Assert.Equal("1", first.TraceJobId);
        Assert.Equal(new DateTimeOffset(1993, 10, 1, 7, 0, 3, TimeSpan.Zero), first.SubmitTime); // 00:00:03 PDT
        Assert.Equal(1451, first.DurationSeconds);
        Assert.Equal(0, first.Accelerators);
        Assert.Equal(128, first.Cpus);
        Assert.Null(first.MemoryGiB);
        Assert.Equal("u1", first.Group);
        Assert.Equal("batch", first.Queue);
        Assert.Equal("Completed", first.Status);
    }

    [Fact]
    public void Falls_back_to_requested_processors_and_to_the_group_when_the_user_is_unknown()
    {
        var job = new SwfTraceReader(dir.Write("log.swf", Samples.Swf)).Single(j => j.TraceJobId == "3");

        Assert.Equal(4, job.Cpus);
        Assert.Equal("g2", job.Group);
        Assert.Equal("interactive", job.Queue);
        Assert.Equal("Failed", job.Status);
        Assert.Equal(Start.AddSeconds(5198), job.SubmitTime);
    }

    [Fact]
    public void Computes_memory_from_kilobytes_per_processor_and_numbers_unnamed_queues()
    {
        var job = new SwfTraceReader(dir.Write("log.swf", Samples.Swf)).Single(j => j.TraceJobId == "6");

        Assert.Equal(2.0, job.MemoryGiB); // 1 GiB per processor × 2
        Assert.Equal("7", job.Queue);
        Assert.Equal("Cancelled", job.Status);
    }

    [Fact]
    public void Skips_jobs_without_run_time_or_processors_and_malformed_lines()
    {
        var reader = new SwfTraceReader(dir.Write("log.swf.gz", Samples.Swf));

        var ids = reader.Select(j => j.TraceJobId).ToList();

        Assert.Equal(["1", "3", "6"], ids);
        var stats = reader.Stats!;
        Assert.Equal(6, stats.DataRows);
        Assert.Equal(1, stats.SkippedFor(SkipReason.NonPositiveDuration));
        Assert.Equal(1, stats.SkippedFor(SkipReason.NoResources));
        Assert.Equal(1, stats.SkippedFor(SkipReason.Malformed));
        Assert.Contains(stats.Reported, e => e.Location == "log.swf.gz:17" && e.Message.Contains("run time -1"));
        Assert.Contains(stats.Reported, e => e.Location == "log.swf.gz:20" && e.Message.Contains("expected 18 fields, found 17"));
        Assert.Equal(new long[] { 1, 3, 6 }, reader.Select(j => j.Sequence));
    }

    [Fact]
    public void Reads_a_log_without_header_from_the_unix_epoch_and_says_so()
    {
        var reader = new SwfTraceReader(dir.Write("bare.swf", "1 10 -1 100 4 -1 -1 -1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n"));

        var job = reader.Single();

        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(10), job.SubmitTime);
        Assert.Contains(reader.Stats!.Notes, n => n.Contains("no UnixStartTime"));
    }

    [Fact]
    [Trait("Category", "RealData")]
    public void Reads_the_sample_of_the_real_nasa_log_1000_jobs_of_which_11_have_no_run_time() =>
        ReadsTheRealLog(TestData.Sample(TraceFiles.NasaSwf), rows: 1000, noRunTime: 11);

    [FullDataFact]
    [Trait("Category", "RealData")]
    public void Reads_the_real_nasa_log_18239_jobs_of_which_173_have_no_run_time() =>
        ReadsTheRealLog(TestData.Full(TraceFiles.NasaSwf), rows: 18_239, noRunTime: 173);

    private static void ReadsTheRealLog(string path, int rows, int noRunTime)
    {
        var reader = new SwfTraceReader(path);

        var jobs = reader.ToList();

        var stats = reader.Stats!;
        Assert.Equal(rows, stats.DataRows);
        Assert.Equal(rows - noRunTime, jobs.Count);
        Assert.Equal(noRunTime, stats.SkippedFor(SkipReason.NonPositiveDuration));
        Assert.Equal(noRunTime, stats.SkippedTotal);
        Assert.Equal(0, stats.OutOfOrderRows);
        Assert.Equal(new DateTimeOffset(1993, 10, 1, 7, 0, 3, TimeSpan.Zero), jobs[0].SubmitTime);
        Assert.All(jobs, j => Assert.InRange(j.Cpus, 1, 128));
        Assert.All(jobs, j => Assert.Null(j.Queue)); // the log has no queue data
        Assert.Equal("US/Pacific", reader.Header!.TimeZoneString);
        Assert.Equal("nasa-ipsc-1993-3.1-cln", reader.Source.Name);
        Assert.True(jobs[^1].SubmitTime < new DateTimeOffset(1994, 1, 1, 8, 0, 0, TimeSpan.Zero));
    }
}
