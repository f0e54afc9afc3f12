namespace Suanwang.Specs.Sbatch;

/// <summary>Whether an option takes a value.</summary>
internal enum OptionArgument
{
    /// <summary>A flag: <c>--requeue</c>.</summary>
    None,

    /// <summary><c>--time=1:00:00</c> or <c>--time 1:00:00</c> (or <c>-t 1:00:00</c>, <c>-t1:00:00</c>).</summary>
    Required,

    /// <summary>A flag that may carry a value, only as <c>--exclusive=user</c> (as with getopt).</summary>
    Optional,
}

/// <summary>What Suanwang does with an option.</summary>
internal enum OptionSupport
{
    /// <summary>Read and mapped onto the job.</summary>
    Mapped,

    /// <summary>Accepted and ignored: it matters only inside one center, which applies its own.</summary>
    Ignored,

    /// <summary>Refused with an error: it cannot be honoured by a network of centers.</summary>
    Refused,
}

/// <summary>One sbatch option as Suanwang understands it.</summary>
/// <param name="Name">Long name without dashes.</param>
/// <param name="Short">Short letter, if any.</param>
/// <param name="Argument">Whether it takes a value.</param>
/// <param name="Support">Mapped, ignored or refused.</param>
/// <param name="Note">What it maps to, why it is ignored, or why it is refused and what to do instead.</param>
/// <param name="AliasOf">For another name of an option (<c>--tasks-per-node</c>), the option it stands for.</param>
internal sealed record SbatchOption(string Name, char? Short, OptionArgument Argument, OptionSupport Support, string Note, string? AliasOf = null)
{
    /// <summary>The name settings are kept under: the option an alias stands for, else this one.</summary>
    public string Canonical => AliasOf ?? Name;
}

/// <summary>How a long option as written resolves, the way getopt_long resolves it for sbatch.</summary>
/// <param name="Option">The option, or null.</param>
/// <param name="Candidates">When the name is an ambiguous abbreviation, the options it could mean.</param>
internal sealed record OptionLookup(SbatchOption? Option, IReadOnlyList<string> Candidates);

/// <summary>
/// Every sbatch option Suanwang knows, with what it does with each: all options of sbatch 22.05 and 24.11
/// (documented and hidden ones, such as <c>--tasks-per-node</c>), so none that sbatch accepts is "unknown". The
/// README's directive table is written from this list (a test checks they agree); an option not here is an error.
/// </summary>
internal static class SbatchOptions
{
    private const OptionArgument N = OptionArgument.None;
    private const OptionArgument R = OptionArgument.Required;
    private const OptionArgument O = OptionArgument.Optional;

    private const string CenterLocal = "matters only inside the center, which applies its own";
    private const string ClusterNames = "belong to one cluster, and Suanwang chooses the center";

    public static IReadOnlyList<SbatchOption> All { get; } =
    [
        Mapped("job-name", 'J', "name (default: the script's file name)"),
        Mapped("nodes", 'N', "resources: nodes (for min-max, the minimum)"),
        Mapped("ntasks", 'n', "tasks; CPUs = tasks × cpus-per-task"),
        Mapped("ntasks-per-node", null, "tasks = ntasks-per-node × nodes (when --ntasks is not given)"),
        Alias("tasks-per-node", "ntasks-per-node"),
        Mapped("ntasks-per-gpu", null, "tasks = ntasks-per-gpu × GPUs (when --ntasks is not given)"),
        Alias("ntasks-per-tres", "ntasks-per-gpu"),
        Mapped("cpus-per-task", 'c', "CPUs = tasks × cpus-per-task"),
        Mapped("cpus-per-gpu", null, "CPUs = GPUs × cpus-per-gpu"),
        Mapped("sockets-per-node", null, "with --nodes and no task count, tasks = nodes × sockets × cores × threads, as sbatch counts them; kept in the Slurm settings"),
        Mapped("cores-per-socket", null, "as --sockets-per-node"),
        Mapped("threads-per-core", null, "as --sockets-per-node"),
        Mapped("extra-node-info", 'B', "SOCKETS[:CORES[:THREADS]] (* for any): the same as the three options above"),
        Mapped("mincpus", null, "at least mincpus CPUs on each node: CPUs = max(CPUs, mincpus × nodes)"),
        Mapped("mem", null, "memory per node × nodes (MiB unless K/M/G/T, a B after the unit allowed; 0 = all of each node's memory)"),
        Mapped("mem-per-cpu", null, "memory = mem-per-cpu × CPUs"),
        Mapped("mem-per-gpu", null, "memory = mem-per-gpu × GPUs"),
        Mapped("gres", null, "gpu[:type][:count] per node × nodes; type = allowed accelerator model; kept in the Slurm settings"),
        Mapped("gpus", 'G', "[type:]count in total"),
        Mapped("gpus-per-node", null, "[type:]count × nodes"),
        Mapped("gpus-per-task", null, "[type:]count × tasks"),
        Mapped("time", 't', "time limit, rounded up to a whole minute as Slurm does, and the work estimate (reference hours = time limit)"),
        Mapped("time-min", null, "kept in the Slurm settings (whole minutes, rounded up) for Slurm centers"),
        Mapped("partition", 'p', "kept in the Slurm settings for Slurm centers (a comma list stays a list)"),
        Mapped("account", 'A', "kept in the Slurm settings for Slurm centers (not the tenant)"),
        Mapped("qos", 'q', "kept in the Slurm settings for Slurm centers"),
        Mapped("constraint", 'C', "node features (all with & or a comma, any with a bar, counts a*2, ( ) and [ ] groups): constraints.features, honoured by placement at every center, and passed to Slurm"),
        Mapped("exclusive", null, "kept in the Slurm settings for Slurm centers (empty for the bare flag, else user, mcs or topo)", O),
        Mapped("begin", 'b', "constraints: notBefore"),
        Mapped("deadline", null, "constraints: deadline"),
        Mapped("dependency", 'd', "dependsOn (afterok only)"),
        Mapped("array", 'a', "one job per index, id {id}_{index}; %N throttle ignored"),

        Ignored("output", 'o', "where the center writes the log; " + CenterLocal),
        Ignored("error", 'e', "where the center writes errors; " + CenterLocal),
        Ignored("input", 'i', CenterLocal),
        Ignored("chdir", 'D', "working directory; " + CenterLocal),
        Ignored("export", null, "the job gets the environment the center gives it"),
        Ignored("export-file", null, "the job gets the environment the center gives it"),
        Ignored("get-user-env", null, "the job gets the environment the center gives it", O),
        Ignored("mail-type", null, "Suanwang reports job state itself"),
        Ignored("mail-user", null, "Suanwang reports job state itself"),
        Ignored("comment", null, "the Slurm comment carries Suanwang's dispatch token"),
        Ignored("oversubscribe", 's', "node sharing is the center's policy", N),
        Mapped("requeue", null, "requeue: true (the default): a job its center loses runs again elsewhere", N),
        Mapped("no-requeue", null, "requeue: false: a job its center loses fails instead of running again", N),
        Ignored("open-mode", null, CenterLocal),
        Ignored("parsable", null, "output format of sbatch itself", N),
        Ignored("quiet", 'Q', "output format of sbatch itself", N),
        Ignored("verbose", 'v', "output format of sbatch itself", N),
        Ignored("signal", null, CenterLocal),
        Ignored("kill-on-invalid-dep", null, "Suanwang handles failed dependencies itself"),
        Ignored("propagate", null, "resource limits are the center's", O),
        Ignored("hint", null, "CPU binding; " + CenterLocal),
        Ignored("distribution", 'm', "task layout; " + CenterLocal),
        Ignored("ntasks-per-core", null, "CPU binding; " + CenterLocal),
        Ignored("ntasks-per-socket", null, "CPU binding; " + CenterLocal),
        Ignored("gpu-bind", null, "GPU binding; " + CenterLocal),
        Ignored("gpu-freq", null, CenterLocal),
        Ignored("cpu-freq", null, CenterLocal),
        Ignored("mem-bind", null, CenterLocal),
        Ignored("nice", null, "queue order follows Suanwang's fair-share policy", O),
        Ignored("priority", null, "queue order follows Suanwang's fair-share policy"),
        Ignored("wckey", null, "accounting is Suanwang's"),
        Ignored("acctg-freq", null, "accounting is Suanwang's"),
        Ignored("profile", null, CenterLocal),
        Ignored("no-kill", 'k', CenterLocal, O),
        Ignored("spread-job", null, "task layout; " + CenterLocal, N),
        Ignored("use-min-nodes", null, "the minimum of --nodes is used anyway", N),
        Ignored("contiguous", null, "node layout; " + CenterLocal, N),
        Ignored("overcommit", 'O', CenterLocal, N),
        Ignored("tmp", null, "scratch space; " + CenterLocal),
        Ignored("ignore-pbs", null, "#PBS lines are never read", N),
        Ignored("gres-flags", null, "GRES binding; " + CenterLocal),
        Ignored("delay-boot", null, CenterLocal),
        Ignored("wait-all-nodes", null, "when the script starts on its nodes; " + CenterLocal),
        Ignored("prefer", null, "preferred (not required) node features; " + CenterLocal),
        Ignored("context", null, "SELinux context; " + CenterLocal),
        Ignored("extra", null, "free text for the center's own node filters; " + CenterLocal),
        Ignored("oom-kill-step", null, "out-of-memory handling of job steps; " + CenterLocal, O),
        Ignored("tres-bind", null, "binding of resources to tasks; " + CenterLocal),

        Refused("reservation", null, "reservations " + ClusterNames),
        Refused("clusters", 'M', "Suanwang chooses the center; to restrict it use #SUANWANG centers=a,b"),
        Refused("cluster", null, "Suanwang chooses the center; to restrict it use #SUANWANG centers=a,b"),
        Refused("cluster-constraint", null, "Suanwang chooses the center; to restrict it use #SUANWANG centers=a,b"),
        Refused("nodelist", 'w', "node names " + ClusterNames),
        Refused("exclude", 'x', "node names " + ClusterNames),
        Refused("nodefile", 'F', "node names " + ClusterNames),
        Refused("licenses", 'L', "licenses " + ClusterNames),
        Refused("batch", null, "node features " + ClusterNames),
        Refused("core-spec", 'S', "core specialisation is a center's setting"),
        Refused("thread-spec", null, "thread specialisation is a center's setting"),
        Refused("hold", 'H', "a held job cannot be placed; submit it when it may run", N),
        Refused("wait", 'W', "Suanwang does not block the submitter; watch the job instead", N),
        Refused("test-only", null, "Suanwang has no dry run through sbatch; validate the script instead", N),
        Refused("wrap", null, "give the command as a script"),
        Refused("bb", null, "burst buffers " + ClusterNames),
        Refused("bbf", null, "burst buffers " + ClusterNames),
        Refused("container", null, "containers are not yet carried across centers"),
        Refused("container-id", null, "containers are not yet carried across centers"),
        Refused("switches", null, "switch layouts " + ClusterNames),
        Refused("network", null, "network options " + ClusterNames),
        Refused("mcs-label", null, "security labels " + ClusterNames),
        Refused("uid", null, "the job runs as the tenant's user at the center"),
        Refused("gid", null, "the job runs as the tenant's user at the center"),
        Refused("reboot", null, "rebooting nodes is a center's decision", N),
        Refused("power", null, "power settings are a center's decision"),
        Refused("tres-per-task", null, "give GPUs with --gpus-per-task or --gres"),
        Refused("gpus-per-socket", null, "sockets differ between centers' nodes; give GPUs with --gpus-per-node or --gres"),
        Refused("help", 'h', "sbatch would print its help and submit nothing", N),
        Refused("usage", null, "sbatch would print its usage and submit nothing", N),
        Refused("version", 'V', "sbatch would print its version and submit nothing", N),
    ];

    private static readonly Dictionary<string, SbatchOption> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    private static readonly Dictionary<char, SbatchOption> ByShort = All.Where(o => o.Short is not null).ToDictionary(o => o.Short!.Value);

    public static SbatchOption? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// A long option as getopt_long reads it: the exact name wins; otherwise a unique prefix (<c>--part</c>) is that
    /// option, and a prefix shared by several options is ambiguous (aliases of one option count once).
    /// </summary>
    public static OptionLookup Resolve(string written)
    {
        if (ByName.TryGetValue(written, out SbatchOption? exact)) return new OptionLookup(exact, []);
        if (written.Length == 0) return new OptionLookup(null, []);
        var matches = All.Where(o => o.Name.StartsWith(written, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0) return new OptionLookup(null, []);
        if (matches.Select(o => o.Canonical).Distinct(StringComparer.Ordinal).Count() == 1)
            return new OptionLookup(matches.FirstOrDefault(o => o.AliasOf is null) ?? matches[0], []);
        return new OptionLookup(null, matches.Select(o => o.Name).Order(StringComparer.Ordinal).ToList());
    }

    public static SbatchOption? Find(char letter) => ByShort.GetValueOrDefault(letter);

    // Another name sbatch accepts for an option: read exactly like it, and kept under its name.
    // Another name sbatch accepts for a mapped option: read exactly like it, and kept under its name.
    private static SbatchOption Alias(string name, string of) =>
        new(name, null, R, OptionSupport.Mapped, $"same as --{of}", of);

    private static SbatchOption Mapped(string name, char? letter, string note, OptionArgument argument = R) =>
        new(name, letter, argument, OptionSupport.Mapped, note);

    private static SbatchOption Ignored(string name, char? letter, string note, OptionArgument argument = R) =>
        new(name, letter, argument, OptionSupport.Ignored, note);

    private static SbatchOption Refused(string name, char? letter, string note, OptionArgument argument = R) =>
        new(name, letter, argument, OptionSupport.Refused, note);
}
