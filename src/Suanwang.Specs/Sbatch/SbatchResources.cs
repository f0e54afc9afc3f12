using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;
using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Sbatch;

/// <summary>What a script asks for in total, and how many tasks Slurm would start for it.</summary>
/// <param name="Resources">The job's resources.</param>
/// <param name="Tasks">Tasks, as Slurm counts them (NumTasks).</param>
internal sealed record SbatchLayout(ResourceRequest Resources, long Tasks);

/// <summary>
/// Works out what a script asks for in total, from sbatch's per-node, per-task and per-GPU options, the way
/// Slurm counts them: nodes, tasks (ntasks, else ntasks-per-node × nodes, else ntasks-per-gpu × GPUs, else one per
/// node), GPUs (and their type), CPUs (tasks × cpus-per-task, or GPUs × cpus-per-gpu), memory (--mem × nodes,
/// --mem-per-cpu × CPUs, --mem-per-gpu × GPUs).
/// </summary>
internal static class SbatchResources
{
    private static readonly string[] GpuOptions = ["gres", "gpus", "gpus-per-node", "gpus-per-task"];
    private static readonly string[] MemoryOptions = ["mem", "mem-per-cpu", "mem-per-gpu"];

    public static SbatchLayout Read(SbatchSettings settings, SuanwangDirectives extensions, JobSpecContext context, string fallbackLocation)
    {
        int? ntasks = settings.PositiveInt("ntasks", SpecLimits.MaxCpus);
        int? tasksPerNode = settings.PositiveInt("ntasks-per-node", SpecLimits.MaxCpus);
        int? tasksPerGpu = settings.PositiveInt("ntasks-per-gpu", SpecLimits.MaxCpus);
        int? cpusPerTask = settings.PositiveInt("cpus-per-task", SpecLimits.MaxCpus);
        int? cpusPerGpu = settings.PositiveInt("cpus-per-gpu", SpecLimits.MaxCpus);
        int? minCpusPerNode = settings.PositiveInt("mincpus", SpecLimits.MaxCpus);

        // Without --nodes, a script with --ntasks and --ntasks-per-node needs ceil(ntasks / per-node) nodes;
        // otherwise one. Suanwang does not guess node sizes to spread tasks the way one cluster would.
        var (givenNodes, exactNodes) = ReadNodes(settings);
        int nodes = givenNodes
            ?? (ntasks is { } n && tasksPerNode is { } t ? (int)Math.Min(SpecLimits.MaxNodes, (n + (long)t - 1) / t) : SpecDefaults.Nodes);
        // sbatch: "can't run N processes on M nodes, setting nnodes to N".
        if (ntasks is { } few && few < nodes) nodes = few;
        // Tasks before GPUs (--gpus-per-task counts per task), except with --ntasks-per-gpu, where GPUs come first:
        // sbatch refuses --gpus-per-task with --ntasks-per-gpu, so the two never need each other.
        long tasks = ntasks ?? (long)(tasksPerNode ?? 1) * nodes;
        // Without a task count, sbatch starts one task per socket, core and thread asked for on each of an exact node count.
        NodeShape shape = NodeShape.Read(settings);
        bool tasksByShape = ntasks is null && tasksPerNode is null && (exactNodes || settings.Has("extra-node-info")) && shape.Multiplier > 1;
        if (tasksByShape) tasks = shape.Multiplier * nodes;

        var (gpus, type) = ReadGpus(settings, nodes, tasks);
        if (tasksPerGpu is { } perGpuTasks)
        {
            if (settings["gpus-per-task"] is { } perTask)
                settings.Error(perTask, "cannot be combined with --ntasks-per-gpu (sbatch refuses them together)");
            else if (gpus == 0)
                settings.Errors.Add(settings.LocationOf("ntasks-per-gpu", fallbackLocation), "--ntasks-per-gpu needs GPUs; ask for them with --gpus, --gpus-per-node or --gres");
            else if (ntasks is null && tasksPerNode is null && !tasksByShape)
                tasks = (long)perGpuTasks * gpus;
        }
        if (type is not null) KnownIds.AcceleratorModel(context, type, GpuLocation(settings, fallbackLocation), settings.Errors);

        long cpus;
        if (cpusPerGpu is { } perGpu)
        {
            if (cpusPerTask is not null)
                settings.Errors.Add(settings.LocationOf("cpus-per-gpu", fallbackLocation), "--cpus-per-gpu and --cpus-per-task cannot be combined (sbatch refuses them together)");
            if (gpus == 0)
                settings.Errors.Add(settings.LocationOf("cpus-per-gpu", fallbackLocation), "--cpus-per-gpu needs GPUs; ask for them with --gres or --gpus");
            cpus = Math.Max(tasks, gpus * (long)perGpu);
        }
        else
        {
            cpus = tasks * (cpusPerTask ?? 1);
        }
        // Slurm gives each node at least --mincpus CPUs.
        if (minCpusPerNode is { } perNode) cpus = Math.Max(cpus, (long)perNode * nodes);
        if (cpus > SpecLimits.MaxCpus)
        {
            string location = settings.LocationOf("cpus-per-task", settings.LocationOf("cpus-per-gpu", settings.LocationOf("ntasks", fallbackLocation)));
            settings.Errors.Add(location, $"asks for {cpus} CPU cores in total; at most {SpecLimits.MaxCpus} are allowed");
            cpus = SpecLimits.MaxCpus;
        }

        double memoryGiB = ReadMemoryGiB(settings, nodes, cpus, gpus);
        double minAcceleratorMemoryGiB = extensions.MinAcceleratorMemoryGiB ?? 0;
        if (gpus == 0 && minAcceleratorMemoryGiB > 0)
            settings.Errors.Add(extensions.Locations.GetValueOrDefault("min-accelerator-memory-gib", fallbackLocation),
                "min-accelerator-memory-gib is given but the script asks for no GPU");
        return new SbatchLayout(new ResourceRequest(gpus, type is null ? [] : [type], minAcceleratorMemoryGiB, (int)cpus, memoryGiB, nodes), tasks);
    }

    // The minimum node count, and whether it is exact (N, or MIN-MAX with MIN = MAX).
    private static (int? Nodes, bool Exact) ReadNodes(SbatchSettings settings)
    {
        if (settings["nodes"] is not { } directive) return (null, false);
        // min-max: the scheduler may give anything in the range; Suanwang plans for the minimum.
        string[] parts = directive.Value.Split('-');
        var counts = parts.Select(p => p.Length is > 0 and <= 9 && p.All(char.IsAsciiDigit) ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : -1).ToArray();
        if (parts.Length > 2 || counts.Any(c => c < 1 || c > SpecLimits.MaxNodes) || (counts.Length == 2 && counts[1] < counts[0]))
        {
            settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' must be a node count N or a range MIN-MAX, from 1 to {SpecLimits.MaxNodes}");
            return (null, false);
        }
        return (counts[0], counts.Length == 1 || counts[0] == counts[1]);
    }

    private static (int Count, string? Type) ReadGpus(SbatchSettings settings, int nodes, long tasks)
    {
        var totals = new List<(SbatchDirective Directive, long Total, string? Type)>();
        foreach (string name in GpuOptions)
        {
            if (settings[name] is not { } directive) continue;
            bool ok = name == "gres"
                ? GpuRequest.TryParseGres(directive.Value, out GpuRequest? request, out string error)
                : GpuRequest.TryParseTyped(directive.Value, out request, out error);
            if (!ok)
            {
                settings.Error(directive, error);
                continue;
            }
            if (request is null) continue; // --gres=none
            long multiplier = name switch { "gpus" => 1, "gpus-per-task" => tasks, _ => nodes };
            totals.Add((directive, request.Count * multiplier, request.Type));
        }
        if (totals.Count == 0) return (0, null);

        var (first, total, type) = totals[0];
        foreach (var (other, otherTotal, otherType) in totals.Skip(1))
        {
            if (otherTotal != total || (otherType is not null && type is not null && otherType != type))
                settings.Error(other, $"asks for {otherTotal} {(otherTotal == 1 ? "GPU" : "GPUs")}{(otherType is null ? "" : $" of type {otherType}")}, "
                    + $"which conflicts with --{first.Option.Name} ({total}{(type is null ? "" : $" of type {type}")}); give GPUs one way");
            type ??= otherType;
        }
        if (total > SpecLimits.MaxAccelerators)
        {
            settings.Errors.Add(first.Line.Location, $"asks for {total} GPUs in total; at most {SpecLimits.MaxAccelerators} are allowed");
            return (0, type);
        }
        // A gang runs on identical nodes, so each node must get the same share of the devices.
        if (total % nodes != 0)
            settings.Errors.Add(first.Line.Location, $"{total} GPUs cannot be split evenly over {nodes} nodes; ask for a multiple of the node count");
        return ((int)total, type);
    }

    private static string GpuLocation(SbatchSettings settings, string fallback) =>
        GpuOptions.Select(o => settings[o]).FirstOrDefault(d => d is not null)?.Line.Location ?? fallback;

    private static double ReadMemoryGiB(SbatchSettings settings, int nodes, long cpus, int gpus)
    {
        var given = MemoryOptions.Select(o => settings[o]).OfType<SbatchDirective>().OrderBy(d => d.Line.Number).ToList();
        if (given.Count == 0) return Math.Min(cpus * SpecDefaults.MemoryGiBPerCpu, SpecLimits.MaxMemoryGiB);
        foreach (SbatchDirective extra in given.Skip(1))
            settings.Error(extra, "--mem, --mem-per-cpu and --mem-per-gpu cannot be combined (sbatch refuses them together); keep one");

        SbatchDirective directive = given[0];
        if (!SlurmMemory.TryParseMiB(directive.Value, out long mib))
        {
            settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' is not a memory size; use {SlurmMemory.Formats}");
            return SpecDefaults.MemoryGiBPerCpu;
        }
        // --mem=0 asks for all the memory of each node, which Slurm grants (and the Slurm settings carry); how much
        // that is differs between centers, so placement plans for the default per CPU.
        if (mib == 0 && directive.Option.Name == "mem")
            return Math.Min(cpus * SpecDefaults.MemoryGiBPerCpu, SpecLimits.MaxMemoryGiB);
        if (mib <= 0)
        {
            settings.Error(directive, "must be greater than 0");
            return SpecDefaults.MemoryGiBPerCpu;
        }
        if (directive.Option.Name == "mem-per-gpu" && gpus == 0)
            settings.Error(directive, "needs GPUs; ask for them with --gres or --gpus, or use --mem");
        double multiplier = directive.Option.Name switch { "mem" => nodes, "mem-per-cpu" => cpus, _ => Math.Max(gpus, 1) };
        double totalGiB = mib / 1024.0 * multiplier;
        if (totalGiB > SpecLimits.MaxMemoryGiB)
        {
            settings.Error(directive, $"adds up to {NumberRule.Format(totalGiB)} GiB; at most {NumberRule.Format(SpecLimits.MaxMemoryGiB)} GiB are allowed");
            return SpecLimits.MaxMemoryGiB;
        }
        return totalGiB;
    }
}
