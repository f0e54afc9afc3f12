using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class SbatchMapperTests
{
    [Fact]
    public void Array_elements_get_their_own_ids_indices_and_slurm_variables()
    {
        var jobs = Read.Sbatch(Read.Script("#SBATCH --array=2,4", "#SBATCH -t 10"), A.Context("j9"));

        Assert.Equal(["j9_2", "j9_4"], jobs.Select(j => j.Id));
        Assert.Equal([2, 4], jobs.Select(j => j.ArrayIndex!.Value));
        Assert.Equal("j9", jobs[1].Environment["SLURM_ARRAY_JOB_ID"]);
        Assert.Equal("4", jobs[1].Environment["SLURM_ARRAY_TASK_ID"]);
        Assert.Equal("2", jobs[1].Environment["SLURM_ARRAY_TASK_COUNT"]);
        Assert.Equal("2", jobs[1].Environment["SLURM_ARRAY_TASK_MIN"]);
        Assert.Equal("4", jobs[1].Environment["SLURM_ARRAY_TASK_MAX"]);
    }

    [Fact]
    public void No_requeue_keeps_a_lost_job_from_running_again_and_the_later_of_the_two_lines_wins()
    {
        Assert.True(Read.OneSbatch(Read.Script("#SBATCH -t 10")).Requeue);
        Assert.False(Read.OneSbatch(Read.Script("#SBATCH -t 10", "#SBATCH --no-requeue")).Requeue);
        Assert.True(Read.OneSbatch(Read.Script("#SBATCH --no-requeue", "#SBATCH --requeue", "#SBATCH -t 10")).Requeue);
        Assert.False(Read.OneSbatch(Read.Script("#SBATCH --requeue", "#SBATCH --no-requeue", "#SBATCH -t 10")).Requeue);
    }

    [Fact]
    public void A_plain_script_is_one_job_with_the_context_id()
    {
        var job = Read.OneSbatch(Read.Script("#SBATCH -t 10"), A.Context("j7"));
        Assert.Equal(("j7", (int?)null, JobKind.Batch), (job.Id, job.ArrayIndex, job.Kind));
        Assert.Empty(job.Environment);
    }

    [Fact]
    public void Without_a_name_the_job_is_named_after_the_script_file()
    {
        var job = Assert.Single(JobSpecReader.ReadSbatch(Read.Script(), "/home/me/jobs/train.sh", A.Context()));
        Assert.Equal("train.sh", job.Name);
    }

    [Fact]
    public void Partition_account_tasks_and_cpus_per_task_are_kept_for_slurm_centers()
    {
        var slurm = Read.OneSbatch(Read.Script("#SBATCH -p gpu -A proj -n 4 -c 2")).SettingsFor("slurm");
        Assert.Equal(new Dictionary<string, string> { ["partition"] = "gpu", ["account"] = "proj", ["ntasks"] = "4", ["cpus-per-task"] = "2" }, slurm);
    }

    [Fact]
    public void The_account_is_not_taken_as_the_tenant()
    {
        Assert.Equal("tenant-default", Read.OneSbatch(Read.Script("#SBATCH -A other-lab")).Tenant);
    }

    [Fact]
    public void A_job_name_with_a_tab_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --job-name=\"a\tb\"")), "line 2 (#SBATCH --job-name=\"a?b\")", "without tabs or other control characters");
    }

    [Fact]
    public void Without_a_time_limit_the_job_gets_the_documented_estimate_and_no_limit()
    {
        var work = Read.OneSbatch(Read.Script()).Work;
        Assert.Equal(new WorkEstimate(SpecDefaults.SbatchReferenceHours, null), work);
    }

    [Fact]
    public void The_time_limit_is_both_the_limit_and_the_estimate()
    {
        Assert.Equal(new WorkEstimate(36, 36), Read.OneSbatch(Read.Script("#SBATCH --time=1-12:00:00")).Work);
    }

    [Fact]
    public void A_reference_hours_extension_wins_over_the_time_limit()
    {
        Assert.Equal(new WorkEstimate(5, 36), Read.OneSbatch(Read.Script("#SBATCH --time=1-12:00:00", "#SUANWANG reference-hours=5")).Work);
    }

    [Fact]
    public void A_time_limit_over_ten_years_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --time=4000-00:00:00")), "line 2 (#SBATCH --time=4000-00:00:00)", "at most 87600");
    }

    [Fact]
    public void A_deadline_before_the_begin_time_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --begin=2026-06-10", "#SBATCH --deadline=2026-06-09T12:00")),
            "line 3 (#SBATCH --deadline=2026-06-09T12:00)", "is not after the earliest start");
    }

    [Fact]
    public void A_job_cannot_depend_on_itself()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -d afterok:job-1")), "line 2 (#SBATCH -d afterok:job-1)", "cannot depend on itself");
    }

    [Fact]
    public void Read_detects_a_script_and_returns_every_array_element()
    {
        Assert.Equal(3, JobSpecReader.Read(Read.Script("#SBATCH -a 0-2"), "x.sh", A.Context()).Count);
    }

    // The script's counterpart of a native spec's +2h / +36h: Slurm's own relative forms, from the same now.
    [Fact]
    public void Relative_begin_and_deadline_count_from_the_submission()
    {
        var constraints = Read.OneSbatch(Read.Script("#SBATCH --begin=now+2hours --deadline=now+36hours")).Constraints;
        Assert.Equal(A.Now.AddHours(2), constraints.NotBefore);
        Assert.Equal(A.Now.AddHours(36), constraints.Deadline);
    }

    [Fact]
    public void A_layout_given_per_node_reaches_slurm_as_given_and_counts_as_slurm_counts_it()
    {
        // The script that reached a Slurm center as 30 tasks / 360 CPUs: Slurm gives it 240 tasks / 2,880 CPUs.
        var job = Read.OneSbatch(Read.Script("#SBATCH --nodes=20", "#SBATCH --ntasks-per-node=12", "#SBATCH --cpus-per-task=12",
            "#SBATCH --time=06:30:00", "#SBATCH --partition=compute", "#SBATCH --account=atmos-2024", "#SBATCH --mem=0"));

        Assert.Equal((20, 2880), (job.Resources.Nodes, job.Resources.Cpus));
        Assert.Equal(new Dictionary<string, string>
        {
            ["nodes"] = "20", ["ntasks-per-node"] = "12", ["cpus-per-task"] = "12", ["partition"] = "compute",
            ["account"] = "atmos-2024", ["mem"] = "0",
        }, job.SettingsFor("slurm"));
    }

    [Fact]
    public void Gpu_layouts_and_memory_reach_slurm_normalised_as_slurm_normalises_them()
    {
        var slurm = Read.OneSbatch(Read.Script("#SBATCH -N 2", "#SBATCH --gpus-per-node=H100:8", "#SBATCH --ntasks-per-gpu=1",
            "#SBATCH --cpus-per-gpu=8", "#SBATCH --mem-per-gpu=120GB", "#SBATCH --time-min=1-00:00:30", "#SBATCH --exclusive")).SettingsFor("slurm");

        Assert.Equal(new Dictionary<string, string>
        {
            ["nodes"] = "2", ["gpus-per-node"] = "H100:8", ["ntasks-per-gpu"] = "1", ["cpus-per-gpu"] = "8",
            ["mem-per-gpu"] = "122880", ["time-min"] = "1441", ["exclusive"] = "",
        }, slurm);
    }

    [Theory]
    [InlineData("#SBATCH --gres=gpu:A100:2", "gres", "gpu:A100:2")]
    [InlineData("#SBATCH --gres=gpu:2", "gres", "gpu:2")]
    [InlineData("#SBATCH --gres=gpu", "gres", "gpu:1")]
    [InlineData("#SBATCH --gpus=v100:4", "gpus", "v100:4")]
    [InlineData("#SBATCH --gpus-per-task=1", "gpus-per-task", "1")]
    [InlineData("#SBATCH --mem=500MB", "mem", "500")]
    [InlineData("#SBATCH --mem-per-cpu=1500K", "mem-per-cpu", "2")]
    [InlineData("#SBATCH --exclusive=user", "exclusive", "user")]
    [InlineData("#SBATCH --qos=high", "qos", "high")]
    [InlineData("#SBATCH -q high", "qos", "high")]
    [InlineData("#SBATCH --partition=a100,v100", "partition", "a100,v100")]
    [InlineData("#SBATCH -C \"[rome|icelake]\"", "constraint", "[rome|icelake]")]
    [InlineData("#SBATCH --constraint=cpu,ib", "constraint", "cpu,ib")]
    public void Each_slurm_option_is_carried_under_its_long_name(string line, string key, string value)
    {
        Assert.Equal(value, Read.OneSbatch(Read.Script(line)).SettingsFor("slurm")[key]);
    }

    [Theory]
    [InlineData("#SBATCH --constraint=a100&", "a feature is missing after '&' at the end")]
    [InlineData("#SBATCH --constraint=(a|b", "'(' is never closed")]
    [InlineData("#SBATCH --constraint=\"a b\"", "a space is not allowed")]
    [InlineData("#SBATCH --constraint=[[a]]", "Slurm allows one bracketed set per job")]
    [InlineData("#SBATCH --constraint=gpu*", "'*' must be followed by a node count")]
    [InlineData("#SBATCH --exclusive=node", "is not a sharing mode")]
    public void A_malformed_slurm_option_is_refused_on_its_line(string line, string message)
    {
        Has.OneError(Read.SbatchErrors(Read.Script(line)), $"line 2 ({line})", message);
    }

    [Fact]
    public void A_time_limit_with_seconds_is_the_whole_minute_slurm_enforces()
    {
        Assert.Equal(1.0 / 60, Read.OneSbatch(Read.Script("#SBATCH --time=00:00:10")).Work.TimeLimitHours!.Value, 9);
        Assert.Equal(6.0 / 60, Read.OneSbatch(Read.Script("#SBATCH --time=5:30")).Work.TimeLimitHours!.Value, 9);
        Assert.Equal(60 + 31.0 / 60, Read.OneSbatch(Read.Script("#SBATCH --time=2-12:30:15")).Work.TimeLimitHours!.Value, 9);
    }
}
