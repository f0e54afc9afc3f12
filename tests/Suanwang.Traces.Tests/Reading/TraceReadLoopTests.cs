using System.Security.Cryptography;
using Suanwang.Model.Errors;
using Suanwang.Traces.Philly;
using Suanwang.Traces.Tests.Support;

namespace Suanwang.Traces.Tests.Reading;

/// <summary>The shared read loop: filters, limit, statistics, digest and the malformed-row policy.</summary>
public sealed class TraceReadLoopTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string PhillyRows(int count, Func<int, string>? row = null)
    {
        var lines = new List<string> { "timestamp,duration,num_gpus,gpu_time,cluster" };
        for (int i = 0; i < count; i++)
            lines.Add(row?.Invoke(i) ?? $"2017-10-01 00:{i / 60 % 60:00}:{i % 60:00},{i + 1}.0,1,{i + 1}.0,vc{i % 3}");
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void Keeps_only_jobs_inside_the_window_and_counts_the_rest_as_filtered()
    {
        var from = new DateTimeOffset(2017, 10, 1, 0, 0, 10, TimeSpan.Zero);
        var to = new DateTimeOffset(2017, 10, 1, 0, 0, 20, TimeSpan.Zero);
        var reader = new PhillyTraceReader(dir.Write("p.csv", PhillyRows(30)), new TraceReadOptions { From = from, To = to });

        var jobs = reader.ToList();

        Assert.Equal(10, jobs.Count);
        Assert.All(jobs, j => Assert.InRange(j.SubmitTime, from, to.AddTicks(-1)));
        Assert.Equal(20, reader.Stats!.SkippedFor(SkipReason.OutsideWindow));
        Assert.Empty(reader.Stats.Reported); // filtering is not a data problem
    }

    [Fact]
    public void Stops_reading_at_the_limit_but_still_digests_the_whole_file()
    {
        string path = dir.Write("p.csv.gz", PhillyRows(1000));
        var reader = new PhillyTraceReader(path, new TraceReadOptions { Limit = 5 });

        var jobs = reader.ToList();

        Assert.Equal([1, 2, 3, 4, 5], jobs.Select(j => j.Sequence));
        var stats = reader.Stats!;
        Assert.True(stats.StoppedAtLimit);
        Assert.Equal(5, stats.DataRows);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), stats.Sha256);
    }

    [Fact]
    public void Publishes_statistics_when_the_consumer_stops_early()
    {
        string path = dir.Write("p.csv", PhillyRows(100));
        var reader = new PhillyTraceReader(path);

        _ = reader.Take(3).ToList();

        Assert.Equal(3, reader.Stats!.Jobs);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), reader.Stats.Sha256);
    }

    [Fact]
    public void Can_be_enumerated_again_with_the_same_result()
    {
        var reader = new PhillyTraceReader(dir.Write("p.csv", PhillyRows(50)));

        Assert.Equal(reader.ToList(), reader.ToList());
        Assert.Equal(50, reader.Stats!.Jobs);
    }

    [Fact]
    public void Is_lazy_nothing_is_read_before_enumeration()
    {
        var reader = new PhillyTraceReader(Path.Combine(dir.Root, "missing.csv"));

        Assert.Null(reader.Stats);
        var error = Assert.Throws<SpecException>(() => reader.First());
        Assert.Contains("cannot open the trace file", error.Message);
    }

    [Fact]
    public void Fails_when_malformed_rows_exceed_the_tolerance_listing_the_first_ones()
    {
        string rows = PhillyRows(20, i => i % 2 == 0 ? $"2017-10-01 00:00:00,x{i},1,1,vc" : "2017-10-01 00:00:00,5.0,1,5.0,vc");
        var reader = new PhillyTraceReader(dir.Write("p.csv", rows), new TraceReadOptions { MaxMalformedRows = 3 });

        var error = Assert.Throws<SpecException>(() => reader.ToList());

        Assert.Equal("p.csv", error.What);
        Assert.Contains(error.Errors, e => e.Location == "p.csv:2" && e.Message.Contains("'x0'"));
        Assert.Contains(error.Errors, e => e.Message.Contains("more than 3 malformed rows"));
    }

    [Fact]
    public void Strict_mode_fails_on_the_first_malformed_row()
    {
        var reader = new PhillyTraceReader(dir.Write("philly.csv", Samples.Philly), new TraceReadOptions { MaxMalformedRows = 0 });

        var error = Assert.Throws<SpecException>(() => reader.ToList());

        Assert.Contains(error.Errors, e => e.Location == "philly.csv:6");
    }

    [Fact]
    public void Fails_when_every_data_row_is_malformed()
    {
        var reader = new PhillyTraceReader(dir.Write("p.csv", PhillyRows(3, _ => "a,b,c")));

        var error = Assert.Throws<SpecException>(() => reader.ToList());

        Assert.Contains(error.Errors, e => e.Message.Contains("every data row is malformed"));
        Assert.Contains(error.Errors, e => e.Message.Contains("expected 5 fields, found 3"));
    }

    [Fact]
    public void Fails_on_a_header_that_is_not_the_format_naming_the_missing_columns()
    {
        var reader = new PhillyTraceReader(dir.Write("p.csv", "time,length,gpus\n1,2,3\n"));

        var error = Assert.Throws<SpecException>(() => reader.ToList());

        var only = Assert.Single(error.Errors);
        Assert.Equal("p.csv:1", only.Location);
        Assert.Contains("missing column(s) timestamp, duration, num_gpus, cluster", only.Message);
    }

    [Fact]
    public void Fails_on_an_empty_file()
    {
        var error = Assert.Throws<SpecException>(() => new PhillyTraceReader(dir.Write("p.csv", "")).ToList());

        Assert.Contains("no header line", error.Message);
    }

    [Fact]
    public void Fails_clearly_on_a_truncated_gzip_file_rather_than_reading_a_shorter_trace()
    {
        // .NET's GZipStream ends quietly on a cut file; the reader checks the gzip trailer.
        string path = dir.Write("p.csv.gz", PhillyRows(2000));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<SpecException>(() => new PhillyTraceReader(path).ToList());

        Assert.Contains("the file is truncated or damaged", error.Message);
    }

    [Fact]
    public void Fails_clearly_on_a_corrupted_gzip_file()
    {
        string path = dir.Write("p.csv.gz", PhillyRows(2000));
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = bytes.Length / 3; i < bytes.Length / 3 + 64; i++) bytes[i] ^= 0x5a;
        File.WriteAllBytes(path, bytes);

        // Even when every garbled row is tolerated, the gzip check at the end still refuses the file.
        var tolerant = new TraceReadOptions { MaxMalformedRows = int.MaxValue };
        var error = Assert.Throws<SpecException>(() => new PhillyTraceReader(path, tolerant).ToList());

        Assert.Matches("damaged|truncated", error.Message);
        Assert.All(error.Errors, e => Assert.StartsWith("p.csv.gz:", e.Location));
    }

    [Fact]
    public void Counts_rows_submitted_before_their_predecessor()
    {
        string rows = PhillyRows(4, i => i == 2 ? "2017-09-01 00:00:00,5.0,1,5.0,vc" : $"2017-10-01 00:00:0{i},5.0,1,5.0,vc");
        var reader = new PhillyTraceReader(dir.Write("p.csv", rows));

        Assert.Equal(4, reader.Count());
        Assert.Equal(1, reader.Stats!.OutOfOrderRows);
    }

    [Fact]
    public void Describes_the_statistics_for_a_report()
    {
        var reader = new PhillyTraceReader(dir.Write("philly.csv", Samples.Philly));
        _ = reader.ToList();

        var lines = reader.Stats!.Describe();

        Assert.StartsWith("trace philly (Philly) from philly.csv, sha256 ", lines[0]);
        Assert.Contains(lines, l => l.Contains("5 data rows read, 3 jobs"));
        Assert.Contains(lines, l => l.Contains("skipped 1 rows: Malformed"));
        Assert.Contains(lines, l => l.Contains("note: timestamps read as local time at UTC+00:00"));
    }

    [Fact]
    public void Rejects_invalid_read_options_listing_every_problem()
    {
        var at = new DateTimeOffset(2017, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var bad = new TraceReadOptions { From = at, To = at, Limit = -1, MaxMalformedRows = -2, TraceName = "two words" };

        var error = Assert.Throws<SpecException>(() => new PhillyTraceReader("p.csv", bad));

        Assert.Equal(["From", "Limit", "MaxMalformedRows", "TraceName"], error.Errors.Select(e => e.Location));
    }
}
