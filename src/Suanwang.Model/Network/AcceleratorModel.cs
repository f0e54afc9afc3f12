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
    double BoardPowerWatts)
{
    /// <summary>
    /// Other names users write for this model (<c>a100</c>, <c>A100</c>, <c>nvidia_a100</c>, as in <c>--gres=gpu:a100:2</c>);
    /// matched case-insensitively. One alias may stand for several models (<c>a100</c> for every A100 memory size): a
    /// job asking for it accepts any of them. Empty for none.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>The catalog of accelerator models a network knows about.</summary>
/// <param name="ReferenceModelId">The model whose speed is 1.0; job work is expressed in its hours.</param>
/// <param name="Models">Every model, ids unique.</param>
public sealed record AcceleratorCatalog(string ReferenceModelId, IReadOnlyList<AcceleratorModel> Models)
{
    /// <summary>Finds a model by id (ordinal, case-insensitive), or null. Aliases are not looked at: see <see cref="Resolve"/>.</summary>
    public AcceleratorModel? Find(string id) =>
        Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The models a name a job gives stands for: the model with that id if there is one, else every model with that
    /// alias (both case-insensitive); empty when nothing matches. The one rule every reader and placement use.
    /// </summary>
    public IReadOnlyList<AcceleratorModel> Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Find(name) is { } exact) return [exact];
        return Models.Where(m => m.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>True when <see cref="Resolve"/> finds at least one model for <paramref name="name"/>.</summary>
    public bool IsKnown(string name) => Resolve(name).Count > 0;

    /// <summary>
    /// Up to <paramref name="max"/> ids and aliases close to <paramref name="name"/> (by edit distance, then by
    /// sharing its leading letters and digits), closest first: the did-you-mean list for a name nothing matches.
    /// </summary>
    public IReadOnlyList<string> Suggest(string name, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(name);
        string wanted = name.ToLowerInvariant();
        int allowed = Math.Max(2, wanted.Length / 3);
        string stem = new(wanted.TakeWhile(char.IsAsciiLetterOrDigit).ToArray());
        return Models.SelectMany(m => m.Aliases.Prepend(m.Id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(candidate => (Candidate: candidate, Distance: Text.EditDistance.Between(wanted, candidate.ToLowerInvariant())))
            .Where(c => c.Distance <= allowed
                || (stem.Length >= 2 && c.Candidate.StartsWith(stem[..Math.Min(stem.Length, 2)], StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Candidate)
            .ToList();
    }
}
