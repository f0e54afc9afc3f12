using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native.Sections;

/// <summary>Reads <c>resources</c>: accelerators, CPUs, memory, nodes; fills the defaults; checks they fit together.</summary>
internal static class ResourcesSection
{
    public static ResourceRequest Read(SpecObject root, JobSpecContext context)
    {
        SpecObject? resources = root.Object("resources", NativeSpecFields.Resources);
        SpecObject? accelerators = resources?.Object("accelerators", NativeSpecFields.Accelerators);

        int nodes = resources?.Integer("nodes", 1, SpecLimits.MaxNodes) ?? SpecDefaults.Nodes;
        int count = accelerators is null ? 0 : accelerators.Integer("count", 0, SpecLimits.MaxAccelerators) ?? SpecDefaults.AcceleratorCount;
        double minMemoryGiB = accelerators?.Number("minMemoryGiB", NumberRule.NonNegative(SpecLimits.MaxAcceleratorMemoryGiB)) ?? 0;
        IReadOnlyList<string> models = accelerators?.IdList("models", "[a100-80g, h800]") ?? [];
        int cpus = resources?.Integer("cpus", 1, SpecLimits.MaxCpus) ?? SpecDefaults.Cpus(count, nodes);
        double memoryGiB = resources?.Number("memoryGiB", NumberRule.Positive(SpecLimits.MaxMemoryGiB))
            ?? Math.Min(cpus * SpecDefaults.MemoryGiBPerCpu, SpecLimits.MaxMemoryGiB);

        var errors = root.Errors;
        if (accelerators is not null)
        {
            string at = accelerators.Path;
            for (int i = 0; i < models.Count; i++)
                KnownIds.AcceleratorModel(context, models[i], $"{at}.models[{i}]", errors);
            // A gang runs on identical nodes, so each node must get the same share of the devices.
            if (count > 0 && count % nodes != 0)
                errors.Add($"{at}.count", $"{count} accelerators cannot be split evenly over {nodes} nodes; "
                    + "give a total that is a multiple of resources.nodes (count is the total, not per node)");
            if (count == 0 && (models.Count > 0 || minMemoryGiB > 0))
                errors.Add($"{at}.count", "is 0 but models or minMemoryGiB are given; ask for at least one accelerator or drop the block");
        }
        if (resources?.Has("cpus") == true && cpus < nodes)
            errors.Add(resources.FieldPath("cpus"), $"{cpus} cores cannot cover {nodes} nodes; every node needs at least one core (cpus is the total)");

        return new ResourceRequest(count, models, minMemoryGiB, cpus, memoryGiB, nodes);
    }
}
