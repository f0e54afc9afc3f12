using System.Text.Json;
using System.Text.Json.Nodes;

namespace Suanwang.Engines.Slurm.Tests.Rest;

/// <summary>
/// Each REST dialect against answers captured from real daemons (Rest/Samples: Slurm 22.05.8 for v0.0.38, Slurm 24.11.5
/// for v0.0.40–v0.0.42; lab paths rewritten to /srv/slurm-lab). The 24.11 listings hold jobs sbatch submitted with
/// the same options as the 22.05 ones, so the records must mean the same whatever the version.
/// </summary>
public sealed class DialectTests
{
    public static TheoryData<string> NewVersions => ["v0.0.40", "v0.0.41", "v0.0.42"];

    [Fact]
    public void V0038_reads_a_held_job_a_failed_one_and_a_signalled_one()
    {
        var jobs = Jobs("v0.0.38");

        SlurmJob held = jobs[1], failed = jobs[2], killed = jobs[3];
        Assert.Equal(("PENDING", "JobHeldUser", "gres:gpu:2", 90L, 1500L, 8, 1), (held.JobState, held.StateReason, held.TresPerNode, held.TimeLimitMinutes, held.MemoryPerCpuMB, held.Cpus, held.NodeCount));
        Assert.Equal(("FAILED", 3 << 8), (failed.JobState, (int)failed.ExitCodeRaw));
        Assert.Equal(("FAILED", 9), (killed.JobState, (int)killed.ExitCodeRaw));
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void A_held_sbatch_job_reads_as_it_does_in_v0038(string version)
    {
        SlurmJob old = Jobs("v0.0.38")[1], current = Jobs(version)[1];

        // Both: sbatch --hold -N1 -n4 --ntasks-per-node=4 -c2 --mem-per-cpu=1500 --gres=gpu:2 --time=90 --exclusive --comment=plain.
        Assert.Equal(
            (old.Name, old.Comment, old.JobState, old.StateReason, old.Partition, old.Cpus, old.NodeCount, old.MemoryPerNodeMB, old.MemoryPerCpuMB, old.TresPerNode, old.TimeLimitMinutes, old.ExitCodeRaw, old.UserName, old.StartTime),
            (current.Name, current.Comment, current.JobState, current.StateReason, current.Partition, current.Cpus, current.NodeCount, current.MemoryPerNodeMB, current.MemoryPerCpuMB, current.TresPerNode, current.TimeLimitMinutes, current.ExitCodeRaw, current.UserName, current.StartTime));
        Assert.True(current.SubmitTime > 1_700_000_000, $"submit time {current.SubmitTime} is Unix seconds");
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void Exit_codes_read_as_the_wait_status_v0038_gives(string version)
    {
        var jobs = Jobs(version);

        Assert.Equal(Jobs("v0.0.38")[2].ExitCodeRaw, jobs[3].ExitCodeRaw); // exit 3
        Assert.Equal(Jobs("v0.0.38")[3].ExitCodeRaw, jobs[4].ExitCodeRaw); // kill -9 $$
        Assert.Equal((3, 0), SlurmStates.SplitWaitStatus(jobs[3].ExitCodeRaw));
        Assert.Equal((null, 9), SlurmStates.SplitWaitStatus(jobs[4].ExitCodeRaw));
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void A_running_job_has_its_times_memory_and_limit(string version)
    {
        SlurmJob running = Jobs(version)[2];

        Assert.Equal(("RUNNING", 2, 2, 2000L, 10L), (running.JobState, running.NodeCount, running.Cpus, running.MemoryPerNodeMB, running.TimeLimitMinutes));
        Assert.Equal(running.StartTime + 600, running.EndTime);
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void A_node_reads_as_in_v0038_with_its_state_flags_and_features(string version)
    {
        SlurmNode old = Node("v0.0.38", "ga01"), node = Node(version, "ha01");

        Assert.Equal((old.Cpus, old.RealMemoryMB, old.Gres), (node.Cpus, node.RealMemoryMB, node.Gres));
        Assert.Equal(old.Partitions, node.Partitions);
        Assert.Equal(("mixed", 1, 2000L), (node.State, node.AllocCpus, node.AllocMemoryMB));
        Assert.Empty(node.StateFlags!);
        Assert.Equal(["a100", "gpu", "ib"], node.Features);
        Assert.Equal("idle", old.State);
        Assert.Equal(["a100"], old.Features);
        Assert.True(SlurmLoad.IsUsable(node));
    }

    [Theory]
    [InlineData("""["RUNNING","COMPLETING"]""", "COMPLETING")]
    [InlineData("""["PENDING","REQUEUED"]""", "REQUEUED")]
    [InlineData("""["PENDING","REQUEUE_HOLD"]""", "REQUEUE_HOLD")]
    [InlineData("""["CANCELLED"]""", "CANCELLED")]
    [InlineData("""["RUNNING","SIGNALING","COMPLETING"]""", "COMPLETING")]
    public void A_state_list_names_the_state_as_squeue_does(string list, string state)
    {
        SlurmJob job = RestV0042.Instance.ReadJob(JsonDocument.Parse($$"""{"job_id": 1, "job_state": {{list}}}""").RootElement);

        Assert.Equal(state, job.JobState);
    }

    [Fact]
    public void A_drained_node_keeps_its_base_state_and_the_flag()
    {
        SlurmNode node = RestV0042.Instance.ReadNode(JsonDocument.Parse("""{"name": "n1", "state": ["IDLE", "DRAIN"], "cpus": 4}""").RootElement);

        Assert.Equal("idle", node.State);
        Assert.Equal(["DRAIN"], node.StateFlags);
        Assert.False(SlurmLoad.IsUsable(node));
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void The_submit_body_is_the_one_Slurm_took_as_sbatchs_options(string version)
    {
        // The captured body was accepted by slurmrestd 24.11 and made a job that scontrol shows as the sbatch one.
        JsonNode captured = JsonNode.Parse(File.ReadAllText(Sample(version, "submit-body.json")))!;
        captured["job"]!.AsObject().Remove("hold");
        var submission = new SlurmSubmission(
            Name: $"cap-rest-{version}", Comment: $"sw-cap-{version}", Partition: "gpu", Account: null, Qos: null,
            Nodes: 1, Tasks: 4, TasksPerNode: 4, CpusPerTask: 2, MemoryPerNodeMB: null, MemoryPerCpuMB: 1500,
            GresPerNode: "gpu:2", Constraint: "a100&ib", TimeLimitMinutes: 90, Exclusive: true,
            WorkDirectory: "/srv/slurm-lab/hpc-a/out", StandardOutput: "/srv/slurm-lab/hpc-a/out/r.out", StandardError: "/srv/slurm-lab/hpc-a/out/r.err",
            Environment: new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["A"] = "b c" }, Script: "#!/bin/sh\nsleep 100\n");

        JsonObject body = RestDialect.For(version).SubmitBody(submission);

        Assert.True(JsonNode.DeepEquals(captured, body), $"{body.ToJsonString()}\n!=\n{captured.ToJsonString()}");
    }

    [Theory]
    [InlineData("v0.0.40", 2042)]
    [InlineData("v0.0.41", 2042)]
    [InlineData("v0.0.42", 0)]
    public void A_job_queued_with_a_non_zero_return_code_says_so(string version, int code)
    {
        JsonElement answer = Answer(version, "submit.json");

        SlurmError remark = Assert.Single(RestDialect.For(version).SubmitRemarks(answer));

        Assert.Equal(code, remark.Code);
        Assert.Equal("Job is in held state, pending scheduler release", remark.Text);
        Assert.Empty(SlurmRestClient.ReadErrors(answer));
    }

    [Theory]
    [MemberData(nameof(NewVersions))]
    public void A_field_the_parser_ignored_is_an_error_beside_the_job_id(string version)
    {
        // Slurm 24.11 queued this (held) job without "gres", a v0.0.38 field, saying so only in a warning.
        JsonElement answer = Answer(version, "submit-unknown-field.json");

        SlurmError[] remarks = [.. RestDialect.For(version).SubmitRemarks(answer)];

        Assert.Contains(remarks, r => r.Text == "Ignoring unknown field \"gres\" of type string in DATA_PARSER_JOB_DESC_MSG (#/job/gres/)");
        Assert.Contains(remarks, r => r.Text == "Job is in held state, pending scheduler release");
        Assert.Equal(2, remarks.Length);
        Assert.Empty(SlurmRestClient.ReadErrors(answer));
    }

    [Theory]
    [InlineData("v0.0.38")]
    [InlineData("v0.0.40")]
    [InlineData("v0.0.41")]
    [InlineData("v0.0.42")]
    public void An_unknown_job_id_is_error_2017_in_every_version(string version)
    {
        SlurmError error = Assert.Single(SlurmRestClient.ReadErrors(Answer(version, "job-invalid.json")));

        Assert.Equal(2017, error.Code);
        Assert.StartsWith("Invalid job id specified", error.Text);
    }

    [Theory]
    [InlineData("cancel-finished.json", 2021)]
    [InlineData("cancel-invalid.json", 2017)]
    public void V0042_answers_each_cancelled_job_in_status(string sample, int code)
    {
        JsonElement answer = Answer("v0.0.42", sample);

        Assert.Equal(code, Assert.Single(RestV0042.Instance.CancelRemarks(answer)).Code);
        Assert.Empty(SlurmRestClient.ReadErrors(answer));
    }

    [Theory]
    [InlineData("v0.0.40")]
    [InlineData("v0.0.41")]
    public void V0040_and_V0041_answer_a_cancel_of_an_ended_job_with_nothing(string version)
    {
        JsonElement answer = Answer(version, "cancel-finished.json");

        Assert.Empty(RestDialect.For(version).CancelRemarks(answer));
        Assert.Empty(SlurmRestClient.ReadErrors(answer));
    }

    [Fact]
    public void Slurm_24_11s_openapi_document_lists_v0040_to_v0042_and_the_newest_is_spoken()
    {
        IReadOnlyList<string> served = RestVersions.Served(Answer("v0.0.42", "openapi-paths.json"));

        Assert.Equal(["v0.0.42", "v0.0.41", "v0.0.40"], served);
        Assert.Same(RestV0042.Instance, RestVersions.Newest(served));
    }

    [Fact]
    public void Slurm_22_05s_openapi_document_lists_v0038()
    {
        IReadOnlyList<string> served = RestVersions.Served(Answer("v0.0.38", "openapi-paths.json"));

        Assert.Equal(["v0.0.38"], served);
        Assert.Same(RestV0038.Instance, RestVersions.Newest(served));
    }

    [Fact]
    public void Versions_Suanwang_does_not_speak_give_no_dialect()
    {
        Assert.Null(RestVersions.Newest(["v0.0.45", "v0.0.39"]));
        Assert.Same(RestV0042.Instance, RestVersions.Newest(["v0.0.44", "v0.0.43", "v0.0.42", "v0.0.41"]));
    }

    [Fact]
    public void A_job_accounting_holds_reads_as_the_controller_would_give_it_with_what_accounting_recorded()
    {
        // Slurm 24.11.5's /slurmdb/v0.0.42/job/1 for a job that ran `exit 3` and that the controller had forgotten.
        JsonElement answer = Answer("v0.0.42", "slurmdb-job-failed-exit-3.json");

        SlurmJob job = SlurmdbJobs.Read(answer.GetProperty("jobs")[0]);

        Assert.Equal((1L, "acct", "sw-acct-a1", "FAILED", 3L * 256), (job.JobId, job.Name, job.Comment, job.JobState, job.ExitCodeRaw));
        Assert.Equal(("gpu", "lab", "swlab", 1, 1), (job.Partition, job.Account, job.UserName, job.Cpus, job.NodeCount));
        Assert.True(job.SubmitTime > 0 && job.StartTime > 0 && job.EndTime >= job.StartTime);
        AccountedUsage usage = job.Accounted!;
        // energy=-2 means "not accounted": left out, not counted as energy.
        Assert.Equal("cpu=1,mem=1000,node=1,billing=1", usage.AllocatedTres);
        Assert.Null(usage.EnergyJoules);
        Assert.Equal(1, AccountedRuns.Of(usage).Cpus);
    }

    [Fact]
    public void Accounting_is_read_only_where_the_document_lists_slurmdbds_job_paths_in_the_spoken_version()
    {
        JsonElement Document(params string[] paths) =>
            JsonDocument.Parse("{\"paths\": {" + string.Join(",", paths.Select(p => $"\"{p}\": {{}}")) + "}}").RootElement;

        Assert.True(RestVersions.ServesAccounting(Document("/slurm/v0.0.42/jobs/", "/slurmdb/v0.0.42/job/{job_id}", "/slurmdb/v0.0.42/jobs/"), "v0.0.42"));
        Assert.False(RestVersions.ServesAccounting(Document("/slurm/v0.0.42/jobs/", "/slurmdb/v0.0.41/job/{job_id}", "/slurmdb/v0.0.41/jobs/"), "v0.0.42"));
        Assert.False(RestVersions.ServesAccounting(Document("/slurm/v0.0.42/jobs/"), "v0.0.42"));
    }

    private static string Sample(string version, string file) =>
        Path.Combine(AppContext.BaseDirectory, "Rest", "Samples", version.Replace(".", "", StringComparison.Ordinal), file);

    private static JsonElement Answer(string version, string file) => JsonDocument.Parse(File.ReadAllText(Sample(version, file))).RootElement.Clone();

    private static Dictionary<long, SlurmJob> Jobs(string version)
    {
        RestDialect dialect = RestDialect.For(version);
        return Answer(version, "jobs.json").GetProperty("jobs").EnumerateArray().Select(dialect.ReadJob).ToDictionary(j => j.JobId);
    }

    private static SlurmNode Node(string version, string name)
    {
        RestDialect dialect = RestDialect.For(version);
        return Answer(version, "nodes.json").GetProperty("nodes").EnumerateArray().Select(dialect.ReadNode).Single(n => n.Name == name);
    }
}
