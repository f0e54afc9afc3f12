using System.Text.Json;
using System.Text.Json.Nodes;
using static Suanwang.Engines.Slurm.SlurmJson;

namespace Suanwang.Engines.Slurm;

/// <summary>slurmrestd's <c>v0.0.38</c> (Slurm 21.08–23.02; removed in 24.05): plain numbers and strings.</summary>
internal sealed class RestV0038 : RestDialect
{
    public const string Name = "v0.0.38";

    public static RestV0038 Instance { get; } = new();

    public override string Version => Name;

    public override JsonObject SubmitBody(SlurmSubmission s)
    {
        var environment = new JsonObject();
        foreach ((string name, string value) in s.Environment) environment[name] = value;
        var job = new JsonObject
        {
            ["name"] = s.Name,
            ["comment"] = s.Comment,
            ["partition"] = s.Partition,
            // As sbatch's --nodes: Slurm 22.05 reads the documented [min, max] array's minimum only (checked: [1, 2]
            // shows NumNodes=1), leaving the maximum open; the option's own form "min-max" sets both.
            ["nodes"] = $"{s.Nodes}-{s.Nodes}",
            ["tasks"] = s.Tasks,
            ["cpus_per_task"] = s.CpusPerTask,
            ["current_working_directory"] = s.WorkDirectory,
            ["standard_output"] = s.StandardOutput,
            ["standard_error"] = s.StandardError,
            ["environment"] = environment,
        };
        if (s.TasksPerNode is { } perNode) job["tasks_per_node"] = perNode;
        if (s.Account is { } account) job["account"] = account;
        if (s.Qos is { } qos) job["qos"] = qos;
        if (s.MemoryPerNodeMB is { } perNodeMemory) job["memory_per_node"] = perNodeMemory;
        if (s.MemoryPerCpuMB is { } perCpu) job["memory_per_cpu"] = perCpu;
        if (s.GresPerNode is { } gres) job["gres"] = gres;
        if (s.Constraint is { } constraint) job["constraints"] = constraint;
        if (s.TimeLimitMinutes is { } minutes) job["time_limit"] = minutes;
        if (s.Exclusive) job["exclusive"] = "exclusive";
        return new JsonObject { ["script"] = s.Script, ["job"] = job };
    }

    public override SlurmJob ReadJob(JsonElement job) => new(
        Long(job, "job_id"), Text(job, "name") ?? "", Text(job, "comment") ?? "", Text(job, "job_state") ?? "",
        Text(job, "state_reason"), Long(job, "exit_code"), Long(job, "submit_time"), Long(job, "start_time"),
        Long(job, "end_time"), Text(job, "standard_output"), Text(job, "standard_error"),
        Text(job, "partition") ?? "", (int)Long(job, "cpus"), (int)Long(job, "node_count"), Long(job, "memory_per_node"),
        Long(job, "memory_per_cpu"), Text(job, "tres_per_node"), Long(job, "time_limit"), Text(job, "account"), Text(job, "tres_per_job"),
        Text(job, "user_name"));

    public override SlurmNode ReadNode(JsonElement n) => new(
        Text(n, "name") ?? "", (int)Long(n, "cpus"), (int)Long(n, "alloc_cpus"), Long(n, "real_memory"), Long(n, "alloc_memory"),
        Text(n, "state") ?? "", Texts(n, "state_flags"), Texts(n, "partitions"), Text(n, "gres"),
        Features(Text(n, "active_features") ?? Text(n, "features")));

    private static string[] Features(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
