using Suanwang.Testing.Data;
using Suanwang.Traces.Alibaba;
using Suanwang.Traces.Tests.Support;

namespace Suanwang.Traces.Tests.Alibaba;

public sealed class AlibabaOpenbTraceReaderTests : IDisposable
{
    private static readonly DateTimeOffset Epoch = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private List<TraceJob> Read(out TraceStats stats, TraceReadOptions? options = null)
    {
        var reader = new AlibabaOpenbTraceReader(dir.Write("pods.csv.gz", Samples.Openb), options);
        var jobs = reader.ToList();
        stats = reader.Stats!;
        return jobs;
    }

    [Fact]
    public void Reads_a_gpu_sharing_pod_with_its_share_shape_group_qos_and_phase()
    {
        var pod = Read(out _)[0];

        Assert.Equal("openb-pod-0000", pod.TraceJobId);
        Assert.Equal(Epoch, pod.SubmitTime);
        Assert.Equal(3600, pod.DurationSeconds);
        Assert.Equal(1, pod.Accelerators);
        Assert.Equal(0.46, pod.AcceleratorShare);
        Assert.Equal(12, pod.Cpus);
        Assert.Equal(16, pod.MemoryGiB);
        Assert.Equal("ls-c12000-m16384-g1x460", pod.Group);
        Assert.Equal("LS", pod.Queue);
        Assert.Equal("Running", pod.Status);
        Assert.Null(pod.AcceleratorType);
    }

    [Fact]
    public void Measures_duration_from_scheduling_and_rounds_cpus_up()
    {
        var pod = Read(out _)[1];

        Assert.Equal(Epoch.AddSeconds(100), pod.SubmitTime);
        Assert.Equal(7200, pod.DurationSeconds);
        Assert.Equal(4, pod.Cpus); // 3152 milli-cores need 4 whole cores
        Assert.Equal("V100M16|V100M32", pod.AcceleratorType);
        Assert.Equal(1.0, pod.AcceleratorShare);
    }

    [Fact]
    public void Reads_cpu_only_pods_with_no_share_and_treats_nan_spec_as_none()
    {
        var pod = Read(out _)[2];

        Assert.Equal(0, pod.Accelerators);
        Assert.Null(pod.AcceleratorShare);
        Assert.Null(pod.AcceleratorType);
        Assert.Equal(32, pod.Cpus);
        Assert.Equal(240, pod.DurationSeconds); // deletion 500 − scheduled 260
        Assert.Equal("Failed", pod.Status);
    }

    [Fact]
    public void Times_a_never_scheduled_pod_from_its_creation()
    {
        var pod = Read(out _)[3];

        Assert.Equal("Pending", pod.Status);
        Assert.Equal(1000, pod.DurationSeconds);
    }

    [Fact]
    public void Skips_and_counts_pods_with_no_duration_and_malformed_rows()
    {
        var jobs = Read(out var stats);

        Assert.Equal(["openb-pod-0000", "openb-pod-0001", "openb-pod-0002", "openb-pod-0003", "openb-pod-0006"],
            jobs.Select(j => j.TraceJobId));
        Assert.Equal(7, stats.DataRows);
        Assert.Equal(1, stats.SkippedFor(SkipReason.NonPositiveDuration));
        Assert.Equal(1, stats.SkippedFor(SkipReason.Malformed));
        Assert.Contains(stats.Reported, e => e.Location == "pods.csv.gz:6" && e.Message.Contains("openb-pod-0004"));
        Assert.Contains(stats.Reported, e => e.Location == "pods.csv.gz:7" && e.Message.Contains("memory_mib 'lots'"));
        Assert.Equal(8, jobs[4].Accelerators);
    }

    [Fact]
    public void Uses_the_configured_epoch()
    {
        var epoch = new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var jobs = Read(out var stats, new TraceReadOptions { AlibabaEpoch = epoch });

        Assert.Equal(epoch.AddSeconds(100), jobs[1].SubmitTime);
        Assert.Contains(stats.Notes, n => n.Contains("2023-06-01T00:00:00+08:00"));
    }

    [Fact]
    public void Reads_the_synthetic_pod_list_in_the_real_files_format()
    {
        // tests/data holds a pod list written in openb's format, not cut from it (no licence lets us copy the trace).
        var reader = new AlibabaOpenbTraceReader(TestData.Sample(TraceFiles.AlibabaPods));

        var pods = reader.ToList();

        var stats = reader.Stats!;
        Assert.Equal(10, stats.DataRows);
        Assert.Equal(10, pods.Count);
        Assert.Equal(0, stats.SkippedTotal);
        Assert.Equal(0, stats.OutOfOrderRows);
        Assert.Equal(2, pods.Count(p => p.Accelerators == 0));
        Assert.Equal(1, pods.Count(p => p.Accelerators == 8));
        Assert.Equal(1, pods.Count(p => p.Status == "Pending"));
        Assert.Equal(3, pods.Count(p => p.AcceleratorShare < 1)); // GPU-sharing pods
        Assert.Equal(3, pods.Count(p => p.AcceleratorType is not null));
        Assert.Equal(Epoch.AddSeconds(3_000), pods[^1].SubmitTime);
    }

    [FullDataFact]
    [Trait("Category", "RealData")]
    public void Reads_the_real_pod_list_sorted_with_one_zero_length_pod_skipped()
    {
        var reader = new AlibabaOpenbTraceReader(TestData.Full(TraceFiles.AlibabaPods));

        var pods = reader.ToList();

        var stats = reader.Stats!;
        Assert.Equal(8152, stats.DataRows);
        Assert.Equal(8151, pods.Count);
        Assert.Equal(1, stats.SkippedFor(SkipReason.NonPositiveDuration)); // openb-pod-7285, pending, deleted at creation
        Assert.Equal(1, stats.SkippedTotal);
        Assert.Equal(0, stats.OutOfOrderRows); // sorted by creation time, so streaming needs no sort
        Assert.Equal(1088, pods.Count(p => p.Accelerators == 0));
        Assert.Equal(44, pods.Count(p => p.Accelerators == 8));
        Assert.Equal(896, pods.Count(p => p.Status == "Pending"));
        Assert.Equal(162, pods.Select(p => p.Group).Distinct().Count());
        Assert.All(pods, p => Assert.Null(p.AcceleratorType)); // the default list has no gpu_spec
        Assert.Equal(Epoch.AddSeconds(12_902_960), pods.Max(p => p.SubmitTime.AddSeconds(p.DurationSeconds)));
    }
}
