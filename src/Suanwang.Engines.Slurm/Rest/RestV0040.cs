using System.Text.Json;
using System.Text.Json.Nodes;
using static Suanwang.Engines.Slurm.SlurmJson;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// slurmrestd's <c>v0.0.40</c> (Slurm 23.11–24.11): numbers as <c>{set, infinite, number}</c> objects, states as lists of
/// flags, the exit code as an object, the script and a list of <c>NAME=value</c> strings inside the job. Read
/// onto the same records as <see cref="RestV0038"/> (checked against Slurm 24.11.5's answers).
/// </summary>
internal class RestV0040 : RestDialect
{
    public const string Name = "v0.0.40";

    public static RestV0040 Instance { get; } = new();

    public override string Version => Name;

    // Slurm's job_state_string(): a flag, when set, names the state before the base state does.
    private static readonly string[] StateFlagsFirst =
        ["COMPLETING", "STAGE_OUT", "CONFIGURING", "RESIZING", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "SPECIAL_EXIT", "STOPPED", "REVOKED", "RESV_DEL_HOLD", "SIGNALING"];

    // Node base states (node_state_base_string()); the rest of the list are flags.
    private static readonly HashSet<string> NodeBaseStates = new(StringComparer.Ordinal)
        { "INVALID", "UNKNOWN", "DOWN", "IDLE", "ALLOCATED", "ERROR", "MIXED", "FUTURE" };

    public override JsonObject SubmitBody(SlurmSubmission s)
    {
        var environment = new JsonArray();
        foreach ((string name, string value) in s.Environment) environment.Add($"{name}={value}");
        var job = new JsonObject
        {
            ["name"] = s.Name,
            ["comment"] = s.Comment,
            ["partition"] = s.Partition,
            ["minimum_nodes"] = s.Nodes,
            ["maximum_nodes"] = s.Nodes,
            ["tasks"] = s.Tasks,
            ["cpus_per_task"] = s.CpusPerTask,
            ["current_working_directory"] = s.WorkDirectory,
            ["standard_output"] = s.StandardOutput,
            ["standard_error"] = s.StandardError,
            ["environment"] = environment,
            ["script"] = s.Script,
        };
        if (s.TasksPerNode is { } perNode) job["tasks_per_node"] = perNode;
        if (s.Account is { } account) job["account"] = account;
        if (s.Qos is { } qos) job["qos"] = qos;
        if (s.MemoryPerNodeMB is { } perNodeMemory) job["memory_per_node"] = NumberObject(perNodeMemory);
        if (s.MemoryPerCpuMB is { } perCpu) job["memory_per_cpu"] = NumberObject(perCpu);
        // sbatch --gres=gpu:2 becomes tres_per_node "gres/gpu:2"; v0.0.40 has no gres field.
        if (s.GresPerNode is { } gres) job["tres_per_node"] = "gres/" + gres;
        if (s.Constraint is { } constraint) job["constraints"] = constraint;
        if (s.TimeLimitMinutes is { } minutes) job["time_limit"] = NumberObject(minutes);
        if (s.Exclusive) WriteExclusive(job);
        return new JsonObject { ["job"] = job };
    }

    /// <summary>sbatch's <c>--exclusive</c>.</summary>
    protected virtual void WriteExclusive(JsonObject job) => job["exclusive"] = new JsonArray("true");

    public override SlurmJob ReadJob(JsonElement job) => new(
        Long(job, "job_id"), Text(job, "name") ?? "", Text(job, "comment") ?? "", JobState(job),
        Text(job, "state_reason"), WaitStatus(job), Number(job, "submit_time"), Number(job, "start_time"),
        Number(job, "end_time"), Text(job, "standard_output"), Text(job, "standard_error"),
        Text(job, "partition") ?? "", (int)Number(job, "cpus"), (int)Number(job, "node_count"), Number(job, "memory_per_node"),
        Number(job, "memory_per_cpu"), Tres(Text(job, "tres_per_node")), Number(job, "time_limit"), Text(job, "account"),
        Tres(Text(job, "tres_per_job")), Text(job, "user_name"));

    public override SlurmNode ReadNode(JsonElement n)
    {
        string[] states = StateList(n, "state");
        string state = states.FirstOrDefault(NodeBaseStates.Contains) ?? "";
        string[] features = Texts(n, "active_features") is { Length: > 0 } active ? active : Texts(n, "features");
        return new SlurmNode(
            Text(n, "name") ?? "", (int)Number(n, "cpus"), (int)Number(n, "alloc_cpus"), Number(n, "real_memory"), Number(n, "alloc_memory"),
            state.ToLowerInvariant(), [.. states.Where(s => !NodeBaseStates.Contains(s))], Texts(n, "partitions"), Text(n, "gres"), features);
    }

    /// <summary>
    /// A queued job's non-zero return code (v0.0.40 and v0.0.41: in <c>result</c>, deprecated from v0.0.41 on), and the
    /// parser's warnings about our body (<c>Ignoring unknown field "gres"</c>, a number where it wants an object): the
    /// job was queued without that field, so it would run other than asked.
    /// </summary>
    public override IEnumerable<SlurmError> SubmitRemarks(JsonElement answer)
    {
        if (answer.TryGetProperty("result", out JsonElement result) && result.ValueKind == JsonValueKind.Object && Long(result, "error_code") is var code and not 0)
            yield return new SlurmError((int)code, EngineText.Bounded(Text(result, "error") ?? "(no message)", 200));
        foreach (SlurmError remark in BodyWarnings(answer)) yield return remark;
    }

    /// <summary>Warnings whose source is a field of the body we sent (<c>#/job/…</c>).</summary>
    protected static IEnumerable<SlurmError> BodyWarnings(JsonElement answer)
    {
        if (!answer.TryGetProperty("warnings", out JsonElement warnings) || warnings.ValueKind != JsonValueKind.Array) yield break;
        foreach (JsonElement warning in warnings.EnumerateArray())
            if (Text(warning, "source") is { } source && source.StartsWith("#/job", StringComparison.Ordinal))
                yield return new SlurmError(0, EngineText.Bounded($"{Text(warning, "description") ?? "(no message)"} ({source})", 200));
    }

    /// <summary>The state as v0.0.38 (and <c>squeue</c>) names it: the first flag that names a state, else the base state.</summary>
    private static string JobState(JsonElement job)
    {
        string[] states = StateList(job, "job_state");
        return StateFlagsFirst.FirstOrDefault(states.Contains) ?? states.FirstOrDefault() ?? "";
    }

    private static string[] StateList(JsonElement element, string name) =>
        Text(element, name) is { } single ? [single] : Texts(element, name);

    /// <summary>The exit code object as the wait status v0.0.38 reports (exit status × 256 + signal).</summary>
    private static long WaitStatus(JsonElement job)
    {
        if (!job.TryGetProperty("exit_code", out JsonElement exit)) return 0;
        if (exit.ValueKind == JsonValueKind.Number) return Long(job, "exit_code");
        if (exit.ValueKind != JsonValueKind.Object) return 0;
        long signal = exit.TryGetProperty("signal", out JsonElement s) && s.ValueKind == JsonValueKind.Object ? Number(s, "id") : 0;
        return ((Number(exit, "return_code") & 0xff) << 8) | (signal & 0x7f);
    }

    /// <summary>TRES as v0.0.38 wrote them (<c>gres:gpu:2</c>); Slurm 23.02 and later write <c>gres/gpu:2</c>.</summary>
    private static string? Tres(string? tres) =>
        tres is null ? null : string.Join(',', tres.Split(',').Select(t => t.StartsWith("gres/", StringComparison.Ordinal) ? "gres:" + t["gres/".Length..] : t));
}
