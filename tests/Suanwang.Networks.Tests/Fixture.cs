using Suanwang.Model.Errors;
using Suanwang.Model.Network;

namespace Suanwang.Networks.Tests;

/// <summary>A small valid network file, and helpers to break it one way at a time.</summary>
public static class Fixture
{
    /// <summary>Two regions, two centers, three models: valid as written.</summary>
    public const string Minimal = """
        id: test-net
        description: A small network for tests.
        catalog:
          referenceModel: v100
          models:
            - { id: v100, name: V100, kind: gpu, vendor: NVIDIA, relativeSpeed: 1.0, memoryGiB: 32, boardPowerWatts: 300 }
            - { id: a100, name: A100, kind: gpu, vendor: NVIDIA, relativeSpeed: 2.5, memoryGiB: 80, boardPowerWatts: 400 }
            - { id: core, name: Core, kind: cpu, relativeSpeed: 1.0, boardPowerWatts: 6 }
        regions:
          - { id: east, name: East, role: east, lat: 31.2, lon: 121.5, residencyZone: cn }
          - { id: west, name: West, role: west, lat: 36.0, lon: 103.8, residencyZone: cn }
        links:
          - { between: [east, west], latencyMs: 15, bandwidthGbps: 100, pricePerGbYuan: 0.1 }
        centers:
          - id: alpha
            name: Alpha
            region: east
            backend: local
            pools:
              - id: gpu
                accelerator: a100
                acceleratorsPerNode: 8
                cpusPerNode: 64
                memoryGiBPerNode: 512
                nodes: 4
              - { id: cpu, accelerator: core, cpusPerNode: 64, memoryGiBPerNode: 256, nodes: 8 }
            pricing:
              perAcceleratorHourYuan: 10
              perCpuHourYuan: 0.1
            energy:
              pue: 1.3
              carbon: { annualGramsPerKwh: 550 }
              renewable: { annualShare: 0.2 }
            engine: { slots: 2 }
          - id: beta
            name: Beta
            region: west
            backend: slurm
            pools:
              - { id: gpu, accelerator: v100, acceleratorsPerNode: 8, cpusPerNode: 40, memoryGiBPerNode: 512, nodes: 16 }
            pricing:
              perAcceleratorHourYuan: 4
              perCpuHourYuan: 0.05
            energy:
              pue: 1.15
              carbon: { annualGramsPerKwh: 480 }
              renewable: { annualShare: 0.5 }
        """;

    /// <summary><paramref name="yaml"/> with <paramref name="old"/> (which must occur exactly once) replaced.</summary>
    public static string With(this string yaml, string old, string replacement)
    {
        int first = yaml.IndexOf(old, StringComparison.Ordinal);
        Assert.True(first >= 0, $"'{old}' is not in the fixture");
        Assert.True(yaml.IndexOf(old, first + 1, StringComparison.Ordinal) < 0, $"'{old}' occurs more than once in the fixture");
        return yaml[..first] + replacement + yaml[(first + old.Length)..];
    }

    /// <summary>The 1-based line on which <paramref name="snippet"/> first occurs.</summary>
    public static int LineOf(string yaml, string snippet)
    {
        int index = yaml.IndexOf(snippet, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{snippet}' is not in the text");
        return yaml[..index].Count(c => c == '\n') + 1;
    }

    /// <summary>Loads YAML text with the committed samples as the data directory.</summary>
    public static NetworkDefinition Load(string yaml) => NetworkLoader.LoadFromText(yaml, "test.yaml", DataOptions.Samples);

    /// <summary>The errors loading <paramref name="yaml"/> reports (fails if it loads).</summary>
    public static IReadOnlyList<SpecError> Errors(string yaml, NetworkLoadOptions? options = null)
    {
        var e = Assert.Throws<SpecException>(() => NetworkLoader.LoadFromText(yaml, "test.yaml", options ?? DataOptions.Samples));
        Assert.Equal("test.yaml", e.What);
        return e.Errors;
    }

    /// <summary>The single error loading <paramref name="yaml"/> reports.</summary>
    public static SpecError SingleError(string yaml, NetworkLoadOptions? options = null) => Assert.Single(Errors(yaml, options));
}
