using Suanwang.Model.Network;

namespace Suanwang.Networks.Format;

/// <summary>The words the format accepts for enumerations.</summary>
internal static class Choices
{
    public static readonly IReadOnlyDictionary<string, ProcessorKind> Kind = new Dictionary<string, ProcessorKind>
    {
        ["gpu"] = ProcessorKind.Gpu,
        ["npu"] = ProcessorKind.Npu,
        ["cpu"] = ProcessorKind.Cpu,
    };

    public static readonly IReadOnlyDictionary<string, RegionRole> Role = new Dictionary<string, RegionRole>
    {
        ["east"] = RegionRole.East,
        ["west"] = RegionRole.West,
        ["other"] = RegionRole.Other,
    };
}
