using System.Globalization;
using Suanwang.Traces.Reading;

namespace Suanwang.Traces.Alibaba;

/// <summary>Parses rows of the openb pod list.</summary>
internal sealed class AlibabaOpenbRowParser(string fileName, DateTimeOffset epoch) : ITraceRowParser
{
    internal static readonly string[] RequiredColumns =
    [
        "name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase",
        "creation_time", "deletion_time", "scheduled_time",
    ];

    private CsvHeader? header;
    private long unscheduled;

    public bool HasHeaderLine => true;

    public bool IsComment(string line) => false;

    public void ReadComment(string line) { }

    public void ReadHeader(string line, string location) =>
        header = CsvHeader.Parse(line, fileName, location, "Alibaba openb pod list", RequiredColumns);

    public RowOutcome Parse(string line, long sequence)
    {
        var h = header!;
        string[] f = line.Split(',');
        if (f.Length != h.Count)
            return RowOutcome.Malformed($"expected {h.Count} fields, found {f.Length}");

        string name = f[h["name"]].Trim();
        if (name.Length == 0) return RowOutcome.Malformed("name is empty");
        if (!Fields.TryLong(f[h["cpu_milli"]], "cpu_milli", out long cpuMilli, out string? error)
            || !Fields.TryDouble(f[h["memory_mib"]], "memory_mib", out double memoryMib, out error)
            || !Fields.TryLong(f[h["num_gpu"]], "num_gpu", out long gpus, out error)
            || !Fields.TryLong(f[h["gpu_milli"]], "gpu_milli", out long gpuMilli, out error)
            || !Fields.TryLong(f[h["creation_time"]], "creation_time", out long created, out error)
            || !Fields.TryLong(f[h["deletion_time"]], "deletion_time", out long deleted, out error))
            return RowOutcome.Malformed(error!);

        string scheduledText = f[h["scheduled_time"]].Trim();
        long started = created;
        if (scheduledText.Length > 0)
        {
            if (!Fields.TryLong(scheduledText, "scheduled_time", out started, out error))
                return RowOutcome.Malformed(error!);
        }
        else
        {
            unscheduled++;
        }

        if (cpuMilli < 0 || memoryMib < 0 || gpus < 0 || gpus > 1024 || gpuMilli < 0 || gpuMilli > 1000)
            return RowOutcome.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"resource out of range (cpu_milli {cpuMilli}, memory_mib {memoryMib}, num_gpu {gpus}, gpu_milli {gpuMilli})"));
        if (gpus > 0 && gpuMilli == 0)
            return RowOutcome.Malformed(string.Create(CultureInfo.InvariantCulture, $"num_gpu {gpus} with gpu_milli 0"));

        long duration = deleted - started;
        if (duration <= 0)
            return RowOutcome.Skip(SkipReason.NonPositiveDuration, string.Create(CultureInfo.InvariantCulture,
                $"pod {name}: deletion_time {deleted} − start {started} = {duration} s"));
        if (gpus == 0 && cpuMilli == 0)
            return RowOutcome.Skip(SkipReason.NoResources, $"pod {name} asks for no CPU and no GPU");

        string spec = f[h["gpu_spec"]].Trim();
        string qos = f[h["qos"]].Trim();
        string phase = f[h["pod_phase"]].Trim();
        var job = new TraceJob(
            sequence,
            name,
            epoch.AddSeconds(created),
            duration,
            (int)gpus,
            AcceleratorType: spec.Length == 0 || spec.Equals("nan", StringComparison.OrdinalIgnoreCase) ? null : spec,
            AcceleratorShare: gpus > 0 ? gpuMilli / 1000.0 : null,
            Cpus: (int)Math.Min(int.MaxValue, (cpuMilli + 999) / 1000),
            MemoryGiB: memoryMib / 1024.0,
            Group: ShapeGroup(qos, cpuMilli, memoryMib, gpus, gpuMilli),
            Queue: qos.Length == 0 ? null : qos,
            Status: phase.Length == 0 ? null : phase);
        return RowOutcome.Ok(job);
    }

    /// <summary>The stand-in for the trace's missing user: QoS and exact resource shape.</summary>
    internal static string ShapeGroup(string qos, long cpuMilli, double memoryMib, long gpus, long gpuMilli) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(qos.Length == 0 ? "noqos" : qos.ToLowerInvariant())}-c{cpuMilli}-m{memoryMib}-g{gpus}x{gpuMilli}");

    public IReadOnlyList<string> Notes() =>
    [
        $"creation_time 0 read as {epoch:yyyy-MM-ddTHH:mm:ssK} (the trace gives seconds from an undisclosed start)",
        string.Create(CultureInfo.InvariantCulture,
            $"{unscheduled} pods were never scheduled; their duration is deletion − creation (time spent pending)"),
        "tenant group = QoS and exact resource shape (the trace has no user field)",
    ];
}
