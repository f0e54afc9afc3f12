using System.Text.RegularExpressions;

namespace Suanwang.Engines.Slurm.Tests.Rest;

/// <summary>
/// Every field of a submission reaches Slurm in every dialect: a job posted through slurmrestd and a job sbatch
/// submits with the same options show the same values in <c>scontrol show job</c>. Both wait in the cluster's
/// <c>debug</c> partition, set DOWN for the test, so neither starts and changes what it shows.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed partial class SubmissionFieldsTests(SlurmLab lab)
{
    // What sbatch and the REST job must agree on (names, comments and output paths differ by design).
    private static readonly string[] Compared =
    [
        "Partition", "Account", "QOS", "JobState", "Reason", "TimeLimit", "NumNodes", "NumCPUs", "NumTasks", "CPUs/Task",
        "ReqTRES", "NtasksPerN:B:S:C", "MinCPUsNode", "MinMemoryCPU", "MinMemoryNode", "Features", "OverSubscribe", "TresPerNode", "Shared",
    ];

    [Theory]
    [InlineData("gpu-a", "v0.0.38")]
    [InlineData("hpc-a", "v0.0.40")]
    [InlineData("hpc-a", "v0.0.41")]
    [InlineData("hpc-a", "v0.0.42")]
    public async Task Tasks_per_node_account_qos_constraint_memory_per_cpu_exclusive_gres_and_time_limit_reach_Slurm_as_sbatchs(string cluster, string version)
    {
        var submission = Submission(cluster, version, "per-cpu") with
        {
            Tasks = 4, TasksPerNode = 4, CpusPerTask = 2, MemoryPerCpuMB = 1500, GresPerNode = "gpu:2", Constraint = "a100",
            TimeLimitMinutes = 20, Exclusive = true, Account = "lab", Qos = "normal",
        };
        await AssertSameAsSbatchAsync(cluster, version, submission,
            "-N", "1", "-n", "4", "--ntasks-per-node=4", "-c", "2", "--mem-per-cpu=1500", "--gres=gpu:2", "-C", "a100", "-t", "20",
            "--exclusive", "-A", "lab", "-q", "normal");
    }

    [Theory]
    [InlineData("gpu-a", "v0.0.38")]
    [InlineData("hpc-a", "v0.0.40")]
    [InlineData("hpc-a", "v0.0.41")]
    [InlineData("hpc-a", "v0.0.42")]
    public async Task Memory_per_node_a_typed_gpu_and_two_tasks_reach_Slurm_as_sbatchs(string cluster, string version)
    {
        // The account given to both: REST jobs run as the lab's REST user, sbatch's as root, whose default accounts differ.
        var submission = Submission(cluster, version, "per-node") with { Tasks = 2, MemoryPerNodeMB = 3000, GresPerNode = "gpu:a100:1", TimeLimitMinutes = 7, Account = "lab" };
        await AssertSameAsSbatchAsync(cluster, version, submission, "-N", "1", "-n", "2", "--mem=3000", "--gres=gpu:a100:1", "-t", "7", "-A", "lab");
    }

    private async Task AssertSameAsSbatchAsync(string cluster, string version, SlurmSubmission submission, params string[] sbatchOptions)
    {
        var ids = new List<string>();
        await ScontrolAsync(cluster, "update", "PartitionName=debug", "State=DOWN");
        try
        {
            using var client = new SlurmRestClient(new SlurmEngineOptions
            {
                CenterId = cluster, SocketPath = lab.Socket(cluster), ApiVersion = version, WorkDirectory = lab.OutDirectory(cluster),
            });
            SubmitOutcome posted = await client.SubmitAsync(submission, CancellationToken.None);
            ids.Add(posted.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (int code, string output) = await lab.SlurmAsync(cluster, "sbatch", ["-p", "debug", "-J", submission.Name, .. sbatchOptions, "--wrap", "true"]);
            Assert.True(code == 0, output);
            ids.Add(SubmittedId().Match(output).Groups[1].Value);

            Dictionary<string, string> rest = await ShowJobAsync(cluster, ids[0]), sbatch = await ShowJobAsync(cluster, ids[1]);

            Assert.Empty(posted.Errors);
            Assert.Equal("PENDING", rest["JobState"]);
            string[] differences = [.. Compared.Where(key => rest.GetValueOrDefault(key) != sbatch.GetValueOrDefault(key))
                .Select(key => $"{key}: REST {version} gave '{rest.GetValueOrDefault(key)}', sbatch '{sbatch.GetValueOrDefault(key)}'")];
            Assert.True(differences.Length == 0, string.Join("\n", differences));
        }
        finally
        {
            foreach (string id in ids) await lab.SlurmAsync(cluster, "scancel", id);
            await ScontrolAsync(cluster, "update", "PartitionName=debug", "State=UP");
        }
    }

    private SlurmSubmission Submission(string cluster, string version, string what) => new(
        Name: $"fields-{what}-{version}", Comment: $"sw-fields-{what}-{version}-{Guid.NewGuid():N}", Partition: "debug", Account: null, Qos: null,
        Nodes: 1, Tasks: 1, TasksPerNode: null, CpusPerTask: 1, MemoryPerNodeMB: null, MemoryPerCpuMB: null, GresPerNode: null, Constraint: null,
        TimeLimitMinutes: null, Exclusive: false, WorkDirectory: lab.OutDirectory(cluster),
        StandardOutput: Path.Combine(lab.OutDirectory(cluster), "fields.out"), StandardError: Path.Combine(lab.OutDirectory(cluster), "fields.err"),
        Environment: new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, Script: "#!/bin/sh\ntrue\n");

    private async Task ScontrolAsync(string cluster, params string[] args)
    {
        (int code, string output) = await lab.SlurmAsync(cluster, "scontrol", args);
        Assert.True(code == 0, $"scontrol {string.Join(' ', args)}: {output}");
    }

    // scontrol show job -o: one line of KEY=VALUE words.
    private async Task<Dictionary<string, string>> ShowJobAsync(string cluster, string id)
    {
        (int code, string output) = await lab.SlurmAsync(cluster, "scontrol", "show", "job", "-o", id);
        Assert.True(code == 0, output);
        return output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex SubmittedId();
}
