namespace Suanwang.Traces.Tests.Support;

/// <summary>Trace jobs and sources made in code, for workload-model tests.</summary>
internal static class TraceJobs
{
    public static readonly DateTimeOffset T0 = new(2017, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TraceSource PhillySource = new("philly", TraceFormat.Philly, "philly.csv.gz");
    public static readonly TraceSource OpenbSource = new("openb", TraceFormat.AlibabaOpenb, "pods.csv.gz");
    public static readonly TraceSource SwfSource = new("nasa", TraceFormat.Swf, "nasa.swf.gz");

    public static TraceJob Gpu(
        long sequence = 1, double seconds = 3600, int gpus = 1, string group = "vc1", string? type = null,
        double? share = null, int cpus = 0, double? memoryGiB = null, DateTimeOffset? submit = null) =>
        new(sequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), submit ?? T0.AddMinutes(sequence),
            seconds, gpus, type, share, cpus, memoryGiB, group, null, null);

    public static TraceJob Cpu(long sequence = 1, double seconds = 3600, int cpus = 1, string group = "u1", double? memoryGiB = null) =>
        new(sequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), T0.AddMinutes(sequence),
            seconds, 0, null, null, cpus, memoryGiB, group, null, null);

    /// <summary><paramref name="count"/> one-GPU jobs, each of its own tenant (for per-tenant proportions).</summary>
    public static IEnumerable<TraceJob> ManyTenants(int count) =>
        Enumerable.Range(1, count).Select(i => Gpu(i, group: $"g{i}"));

    /// <summary><paramref name="count"/> jobs of assorted sizes spread over 20 tenants.</summary>
    public static IEnumerable<TraceJob> Assorted(int count) =>
        Enumerable.Range(1, count).Select(i => Gpu(i, seconds: 60 + 37 * (i % 500), gpus: 1 << (i % 4), group: $"vc{i % 20}"));
}
