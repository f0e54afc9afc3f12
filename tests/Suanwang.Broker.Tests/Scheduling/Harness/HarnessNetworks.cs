using System.Globalization;

namespace Suanwang.Broker.Tests.Scheduling.Harness;

/// <summary>Small networks for scheduling scenarios: CPU-only centers served by fake engines.</summary>
public static class HarnessNetworks
{
    /// <summary>
    /// Two centers, <c>east</c> and <c>west</c>, each one CPU pool <c>cpu</c> of <paramref name="nodes"/> nodes of
    /// <paramref name="cpusPerNode"/> cores (4 GiB per core) at ¥0.1 per core-hour; <paramref name="hourOfDay"/> (24
    /// multipliers by China's local hour) makes the price vary through the day.
    /// </summary>
    public static string TwoCenters(int nodes = 4, int cpusPerNode = 16, IReadOnlyList<double>? hourOfDay = null)
    {
        string pricing = hourOfDay is null
            ? "{ perCpuHourYuan: 0.1 }"
            : $"{{ perCpuHourYuan: 0.1, hourOfDay: [{string.Join(", ", hourOfDay.Select(h => h.ToString(CultureInfo.InvariantCulture)))}] }}";
        string Center(string id) => $$"""
              - id: {{id}}
                name: {{id}}
                region: {{id}}
                backend: local
                pools:
                  - { id: cpu, accelerator: core, cpusPerNode: {{cpusPerNode}}, memoryGiBPerNode: {{cpusPerNode * 4}}, nodes: {{nodes}} }
                pricing: {{pricing}}
                energy: { pue: 1.3, carbon: { annualGramsPerKwh: 550 }, renewable: { annualShare: 0.2 } }
            """;
        return $$"""
            id: harness
            description: Two centers for scheduling scenarios.
            catalog:
              referenceModel: core
              models:
                - { id: core, name: Core, kind: cpu, relativeSpeed: 1.0, boardPowerWatts: 6 }
            regions:
              - { id: east, name: East, role: east, lat: 31.2, lon: 121.5, residencyZone: cn }
              - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }
            links:
              - { between: [east, west], latencyMs: 15, bandwidthGbps: 100, pricePerGbYuan: 0.1 }
            centers:
            {{Center("east")}}
            {{Center("west")}}
            """;
    }

    /// <summary>A native spec: <paramref name="cpus"/> cores for <paramref name="hours"/> hours, plus any further lines (e.g. <c>constraints: { centers: [east] }</c>).</summary>
    public static string Job(string name, int cpus = 1, double hours = 1, params string[] more) =>
        string.Join('\n', [
            $"name: {name}",
            "command: [\"true\"]",
            $"resources: {{ cpus: {cpus}, memoryGiB: {cpus * 2} }}",
            $"work: {{ referenceHours: {hours.ToString(CultureInfo.InvariantCulture)} }}",
            .. more]) + "\n";
}
