using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement.Filters;

/// <summary>
/// The pool's accelerator model is one the job accepts, with enough device memory; CPU-only jobs go
/// to CPU pools and accelerator jobs to accelerator pools.
/// </summary>
public sealed class AcceleratorFitFilter : IPlacementFilter
{
    /// <inheritdoc />
    public string Name => "accelerator";
    /// <inheritdoc />
    public LossCode Code => LossCode.FilteredAccelerator;
    /// <inheritdoc />
    public FilterStage Stage => FilterStage.BeforeEstimate;
    /// <inheritdoc />
    public bool AppliesTo(JobContext job) => true;

    /// <inheritdoc />
    public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
        job.ModelFits(snapshot.Network.PoolModel[pool]);

    /// <inheritdoc />
    public void RejectAll(JobContext job, NetworkSnapshot snapshot, Span<bool> admitted)
    {
        var poolModel = snapshot.Network.PoolModel;
        for (int p = 0; p < admitted.Length; p++)
            if (!job.ModelFits(poolModel[p])) admitted[p] = false;
    }

    /// <inheritdoc />
    public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        var network = snapshot.Network;
        var model = network.Models[network.PoolModel[pool]];
        var resources = job.Job.Resources;
        if (resources.IsCpuOnly) return $"pool '{network.Pools[pool].Id}' offers {model.Id} accelerators; the job needs only CPUs";
        if (model.Kind == Model.Network.ProcessorKind.Cpu) return $"pool '{network.Pools[pool].Id}' is CPU-only; the job needs {resources.AcceleratorCount} accelerators";
        if (model.MemoryGiB + 1e-9 < resources.MinAcceleratorMemoryGiB)
            return $"{model.Id} has {model.MemoryGiB:0.#} GiB per device, the job needs {resources.MinAcceleratorMemoryGiB:0.#} GiB";
        var unknown = resources.AcceleratorModels.Where(name => network.ResolveModels(name).IsEmpty).ToList();
        if (unknown.Count == resources.AcceleratorModels.Count)
            return $"no model or alias of the network's catalog is named {string.Join(" or ", unknown.Select(n => $"'{n}'"))}{DidYouMean(network, unknown[0])}";
        return $"{model.Id} is not among the job's accelerator models ({string.Join(", ", resources.AcceleratorModels)})";
    }

    private static string DidYouMean(Network.CompiledNetwork network, string name) =>
        network.Definition.Catalog.Suggest(name) is { Count: > 0 } close ? $"; did you mean {string.Join(", ", close)}?" : "";
}
