namespace Suanwang.Model.Network;

/// <summary>What kind of processor a pool offers. A CPU pool's "accelerator" is one core.</summary>
public enum ProcessorKind
{
    /// <summary>A general-purpose GPU (NVIDIA, AMD, domestic GPGPU).</summary>
    Gpu,
    /// <summary>A dedicated AI accelerator (NPU/TPU-like, e.g. Ascend, Cambricon).</summary>
    Npu,
    /// <summary>A plain CPU core.</summary>
    Cpu,
}

/// <summary>
/// One entry of the accelerator catalog: how fast a model is against the catalog's reference
/// accelerator, how much memory each device has and how much power it draws.
/// </summary>
/// <param name="Id">Stable id used in pools and job constraints, e.g. <c>a100-80g</c>.</param>
/// <param name="DisplayName">Human name, e.g. "NVIDIA A100 80GB".</param>
/// <param name="Kind">GPU, NPU or CPU core.</param>
/// <param name="Vendor">Maker, e.g. NVIDIA, Huawei, Hygon.</param>
/// <param name="RelativeSpeed">Throughput relative to the reference model (reference = 1.0).</param>
/// <param name="MemoryGiB">Device memory per accelerator (for CPU cores: 0).</param>
/// <param name="BoardPowerWatts">Typical board power under load, per device (per core for CPUs).</param>
public sealed record AcceleratorModel(
    string Id,
    string DisplayName,
    ProcessorKind Kind,
    string Vendor,
    double RelativeSpeed,
    double MemoryGiB,
    double BoardPowerWatts);

/// <summary>The catalog of accelerator models a network knows about.</summary>
/// <param name="ReferenceModelId">The model whose speed is 1.0; job work is expressed in its hours.</param>
/// <param name="Models">Every model, ids unique.</param>
public sealed record AcceleratorCatalog(string ReferenceModelId, IReadOnlyList<AcceleratorModel> Models)
{
    /// <summary>Finds a model by id (ordinal, case-insensitive), or null.</summary>
    public AcceleratorModel? Find(string id) =>
        Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
}
