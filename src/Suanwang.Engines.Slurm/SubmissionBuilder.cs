using System.Globalization;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// What to submit for a dispatch (<see cref="SlurmSubmission"/>), whichever way it is sent: the script, the
/// environment, the task layout of an <c>#SBATCH</c> script, the pool's partition, and the account and QOS the center
/// allows the tenant.
/// </summary>
internal static class SubmissionBuilder
{
    /// <summary>The submission for <paramref name="request"/> at the center <paramref name="options"/> describe.</summary>
    /// <exception cref="EngineRejectedException">The job cannot be handed to Slurm (no command, a NUL character, a bad setting).</exception>
    public static SlurmSubmission Build(DispatchRequest request, SlurmEngineOptions options)
    {
        var job = request.Job;
        var slurm = SlurmJobSettings.Of(job);
        int nodes = Math.Max(1, job.Resources.Nodes);
        int tasks = slurm.Ntasks ?? (slurm.NtasksPerNode is { } perNode ? perNode * nodes : nodes);
        int cpusPerTask = slurm.CpusPerTask ?? Math.Max(1, (int)Math.Ceiling(Math.Max(1, job.Resources.Cpus) / (double)tasks));
        // Memory as the script gave it (per CPU) keeps Slurm's own arithmetic; otherwise per node from the total.
        long? perCpu = slurm.MemoryPerCpuMB;
        long? perNodeMemory = perCpu is null && job.Resources.MemoryGiB > 0 ? (long)Math.Ceiling(job.Resources.MemoryGiB * 1024 / nodes) : null;
        string? gres = job.Resources.AcceleratorCount > 0 ? $"gpu:{(int)Math.Ceiling(job.Resources.AcceleratorCount / (double)nodes)}" : null;
        long? minutes = job.Work.TimeLimitHours is > 0 and var hours ? (long)Math.Max(1, Math.Ceiling(hours * 60 - 1e-9)) : null;
        return new SlurmSubmission(
            Name: string.IsNullOrWhiteSpace(job.Name) ? request.DispatchToken : job.Name,
            Comment: request.DispatchToken,
            Partition: options.PartitionFor(request.PoolId),
            Account: options.AccountFor(request.Tenant, slurm.Account),
            Qos: options.QosFor(request.Tenant, slurm.Qos),
            Nodes: nodes,
            Tasks: tasks,
            TasksPerNode: slurm.NtasksPerNode,
            CpusPerTask: cpusPerTask,
            MemoryPerNodeMB: perNodeMemory,
            MemoryPerCpuMB: perCpu,
            GresPerNode: gres,
            // The script's own text when it has one (Slurm reads it as written), else the spec's constraint in Slurm's syntax.
            Constraint: slurm.Constraint ?? job.Constraints.Features?.ToString(),
            TimeLimitMinutes: minutes,
            Exclusive: slurm.Exclusive,
            WorkDirectory: options.WorkDirectory,
            StandardOutput: Path.Combine(options.WorkDirectory, OutputName(request.DispatchToken, OutputStream.Stdout)),
            StandardError: Path.Combine(options.WorkDirectory, OutputName(request.DispatchToken, OutputStream.Stderr)),
            Environment: Environment(request, options, slurm),
            Script: Script(job));
    }

    /// <summary>The file a run's stream is written to, in the work directory.</summary>
    public static string OutputName(string token, OutputStream stream) => token + (stream == OutputStream.Stdout ? ".out" : ".err");

    private static string Script(Model.Jobs.JobRequest job)
    {
        if (job.Script is { } given)
        {
            if (given.Contains('\0', StringComparison.Ordinal)) throw new EngineRejectedException("the batch script contains a NUL character");
            return given;
        }
        if (job.Command.Count == 0) throw new EngineRejectedException("the job has neither a command nor a batch script");
        if (job.Command.Any(a => a.Contains('\0', StringComparison.Ordinal))) throw new EngineRejectedException("an argument of the command contains a NUL character");
        return BatchScript.ForCommand(job.Command);
    }

    private static Dictionary<string, string> Environment(DispatchRequest request, SlurmEngineOptions options, SlurmJobSettings slurm)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = SlurmEngineOptions.DefaultPath, ["LANG"] = "C.UTF-8" };
        foreach ((string name, string value) in request.Job.Environment)
        {
            if (!IsPortableName(name) || value.Contains('\0', StringComparison.Ordinal))
                throw new EngineRejectedException($"environment variable '{EngineText.Bounded(name.Replace("\0", "\\0", StringComparison.Ordinal))}' cannot be passed (a name must be letters, digits and '_', not starting with a digit; no NUL character)");
            environment[name] = value;
        }
        // sbatch itself (not slurmd) puts this one in a job's environment; slurmrestd does not, so it is given here.
        if (slurm.NtasksPerNode is { } perNode) environment["SLURM_NTASKS_PER_NODE"] = perNode.ToString(CultureInfo.InvariantCulture);
        environment["SUANWANG_JOB_ID"] = request.JobId;
        environment["SUANWANG_ATTEMPT"] = request.Attempt.ToString(CultureInfo.InvariantCulture);
        environment["SUANWANG_DISPATCH_TOKEN"] = request.DispatchToken;
        environment["SUANWANG_CENTER"] = options.CenterId;
        return environment;
    }

    // A name every access path can pass as it is: a shell's (POSIX "portable") variable name.
    private static bool IsPortableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
