using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// Collects the layout options a script gives into the Slurm settings (<see cref="SbatchEngineSettings"/>), normalised
/// as Slurm normalises them. Runs only on a script already read without errors, so every value here is valid.
/// </summary>
internal static class SbatchSlurmSettings
{
    private static readonly string[] Counts = ["ntasks", "ntasks-per-node", "ntasks-per-gpu", "cpus-per-task", "cpus-per-gpu", "mincpus"];
    private static readonly string[] Memory = ["mem", "mem-per-cpu", "mem-per-gpu"];
    private static readonly string[] TypedGpus = ["gpus", "gpus-per-node", "gpus-per-task"];

    public static IReadOnlyDictionary<string, string> Read(SbatchSettings settings, string? partition, string? account, string? qos,
        string? constraint, string? timeMin)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (value is not null) values[key] = value;
        }

        Put("partition", partition);
        Put("account", account);
        Put("qos", qos);
        Put("constraint", constraint);
        Put("time-min", timeMin);
        if (settings["nodes"] is { } nodes)
            Put("nodes", string.Join("-", nodes.Value.Split('-').Select(n => SbatchEngineSettings.Number(long.Parse(n, System.Globalization.CultureInfo.InvariantCulture)))));
        foreach (string name in Counts)
            if (settings[name] is { } count)
                Put(name, SbatchEngineSettings.Number(long.Parse(count.Value, System.Globalization.CultureInfo.InvariantCulture)));
        foreach (string name in Memory)
            if (settings[name] is { } size && SlurmMemory.TryParseMiB(size.Value, out long mib))
                Put(name, SbatchEngineSettings.Number(mib));
        if (settings["gres"] is { } gres && GpuRequest.TryParseGres(gres.Value, out GpuRequest? perNode, out _) && perNode is not null)
            Put("gres", "gpu:" + perNode.Typed);
        foreach (string name in TypedGpus)
            if (settings[name] is { } typed && GpuRequest.TryParseTyped(typed.Value, out GpuRequest? request, out _) && request is not null)
                Put(name, request.Typed);
        if (settings["exclusive"] is { } exclusive) Put("exclusive", exclusive.Value);
        // -B travels as written: without --nodes it also sets the task count, which its three options alone would not.
        foreach (string name in (string[])["sockets-per-node", "cores-per-socket", "threads-per-core"])
            if (settings[name] is { } part) Put(name, SbatchEngineSettings.Number(long.Parse(part.Value, System.Globalization.CultureInfo.InvariantCulture)));
        if (settings["extra-node-info"] is { } extra) Put("extra-node-info", extra.Value);
        return values;
    }
}
