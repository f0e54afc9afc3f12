namespace Suanwang.Specs.Tests.Sbatch;

public sealed class SbatchResourcesTests
{
    [Fact]
    public void Per_node_gpus_are_multiplied_by_the_nodes()
    {
        var resources = Read.OneSbatch(Read.Script("#SBATCH -N 4 --gres=gpu:h800:8")).Resources;
        Assert.Equal((32, 4), (resources.AcceleratorCount, resources.Nodes));
        Assert.Equal(["h800"], resources.AcceleratorModels);
    }

    [Fact]
    public void Per_task_gpus_are_multiplied_by_the_tasks()
    {
        Assert.Equal(8, Read.OneSbatch(Read.Script("#SBATCH -N 2 --ntasks-per-node=4 --gpus-per-task=1")).Resources.AcceleratorCount);
    }

    [Fact]
    public void Gpu_options_that_agree_are_accepted()
    {
        Assert.Equal(8, Read.OneSbatch(Read.Script("#SBATCH -N 2 --gres=gpu:4 --gpus=8")).Resources.AcceleratorCount);
    }

    [Fact]
    public void Gpu_options_that_disagree_are_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --gres=gpu:4", "#SBATCH --gpus=2")), "line 3 (#SBATCH --gpus=2)", "conflicts with --gres (4)");
    }

    [Fact]
    public void Gpus_that_do_not_split_evenly_over_the_nodes_are_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -N 2", "#SBATCH --gpus=3")), "line 3 (#SBATCH --gpus=3)", "cannot be split evenly over 2 nodes");
    }

    [Fact]
    public void A_gpu_type_unknown_to_the_catalog_is_refused_when_the_context_knows_it()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --gres=gpu:k80:1"), A.KnowingNetwork()), "line 2 (#SBATCH --gres=gpu:k80:1)", "unknown accelerator model 'k80'");
    }

    [Fact]
    public void Cpus_per_gpu_and_cpus_per_task_cannot_be_combined()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --gpus=2 -c 4", "#SBATCH --cpus-per-gpu=8")), "line 3 (#SBATCH --cpus-per-gpu=8)", "cannot be combined");
    }

    [Fact]
    public void Cpus_per_gpu_needs_gpus()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --cpus-per-gpu=8")), "line 2 (#SBATCH --cpus-per-gpu=8)", "needs GPUs");
    }

    [Fact]
    public void Memory_per_gpu_needs_gpus()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --mem-per-gpu=8G")), "line 2 (#SBATCH --mem-per-gpu=8G)", "needs GPUs");
    }

    [Fact]
    public void Memory_per_node_is_multiplied_by_the_nodes()
    {
        Assert.Equal(3 * 64, Read.OneSbatch(Read.Script("#SBATCH -N 3 --mem=64G")).Resources.MemoryGiB);
    }

    [Fact]
    public void Memory_per_cpu_is_multiplied_by_the_cpus()
    {
        Assert.Equal(8 * 2, Read.OneSbatch(Read.Script("#SBATCH -n 4 -c 2 --mem-per-cpu=2048")).Resources.MemoryGiB);
    }

    [Fact]
    public void Fewer_tasks_than_nodes_shrink_the_nodes_to_the_tasks_as_sbatch_does()
    {
        // sbatch: "can't run 2 processes on 4 nodes, setting nnodes to 2"
        var job = Read.OneSbatch(Read.Script("#SBATCH -N 4", "#SBATCH -n 2"));

        Assert.Equal((2, 2), (job.Resources.Nodes, job.Resources.Cpus));
    }

    // Each as the real sbatch 22.05 counted it (scontrol show job: NumTasks, NumCPUs).
    [Theory]
    [InlineData("#SBATCH -N 2 --sockets-per-node=2 --cores-per-socket=4", 2, 16)]
    [InlineData("#SBATCH -N 2 --cores-per-socket=8", 2, 16)]
    [InlineData("#SBATCH -N 2 --sockets-per-node=2 -c 2", 2, 8)]
    [InlineData("#SBATCH -B 2:4", 1, 8)]
    [InlineData("#SBATCH -N 2 -B 2:4:1", 2, 16)]
    [InlineData("#SBATCH -N 2 -B 2 --cores-per-socket=3", 2, 12)]
    [InlineData("#SBATCH -N 2 -B '*:4'", 2, 8)]
    [InlineData("#SBATCH --sockets-per-node=2 --cores-per-socket=4", 1, 1)]
    [InlineData("#SBATCH -n 4 --cores-per-socket=8", 1, 4)]
    [InlineData("#SBATCH -N 2-3 --sockets-per-node=2", 2, 2)]
    [InlineData("#SBATCH -N 2 --ntasks-per-node=2 --sockets-per-node=2", 2, 4)]
    public void With_an_exact_node_count_and_no_task_count_sbatch_starts_a_task_per_socket_core_and_thread(string line, int nodes, int cpus)
    {
        var job = Read.OneSbatch(Read.Script(line));

        Assert.Equal((nodes, cpus), (job.Resources.Nodes, job.Resources.Cpus));
    }

    [Fact]
    public void Nodes_follow_from_tasks_and_tasks_per_node_when_not_given()
    {
        Assert.Equal(3, Read.OneSbatch(Read.Script("#SBATCH -n 10 --ntasks-per-node=4")).Resources.Nodes);
    }

    [Fact]
    public void An_absurd_cpu_total_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -t 10", "#SBATCH -n 100000 -c 1000")), "line 3 (#SBATCH -n 100000 -c 1000)", "at most 10000000");
    }

    [Fact]
    public void An_absurd_gpu_total_is_refused()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH -N 1000 --gres=gpu:1000")), "line 2 (#SBATCH -N 1000 --gres=gpu:1000)", "at most 100000 are allowed");
    }

    // Each GPU option, with a count that is negative or not a number, is reported against its line as a count.
    [Theory]
    [InlineData("--gres=gpu:-4", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gres=gpu:a100:-4", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gres=gpu:a100:many", "is not a GPU count: a count is a whole number")]
    [InlineData("--gpus=-2", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gpus=a100:two", "is not a GPU count: a count is a whole number")]
    [InlineData("--gpus-per-node=-1", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gpus-per-node=h800:-8", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gpus-per-task=-1", "is not a GPU count: a count cannot be negative")]
    [InlineData("--gpus-per-task=1.5", "is not a GPU count: a count is a whole number")]
    public void A_bad_gpu_count_is_reported_as_a_count_on_its_line(string option, string message)
    {
        string name = option[..option.IndexOf('=')];
        var error = Has.OneError(Read.SbatchErrors(Read.Script($"#SBATCH {option}")), $"line 2 (#SBATCH {option})", message);
        Assert.StartsWith($"{name}: ", error.Message);
    }

    [Fact]
    public void Tasks_per_gpu_give_the_task_count_and_cpus_per_gpu_the_cpus()
    {
        var job = Read.OneSbatch(Read.Script("#SBATCH --gpus=4", "#SBATCH --ntasks-per-gpu=2", "#SBATCH --cpus-per-task=4"));

        Assert.Equal((4, 32), (job.Resources.AcceleratorCount, job.Resources.Cpus));
    }

    [Fact]
    public void Cpus_per_gpu_give_at_least_one_cpu_per_task()
    {
        var job = Read.OneSbatch(Read.Script("#SBATCH --ntasks=2", "#SBATCH --gpus=2", "#SBATCH --cpus-per-gpu=24"));

        Assert.Equal(48, job.Resources.Cpus);
    }

    [Fact]
    public void Tasks_per_gpu_need_gpus()
    {
        Has.OneError(Read.SbatchErrors(Read.Script("#SBATCH --ntasks-per-gpu=2")), "line 2 (#SBATCH --ntasks-per-gpu=2)", "--ntasks-per-gpu needs GPUs");
    }

    [Theory]
    [InlineData("#SBATCH --mem=500MB", 500.0 / 1024)]
    [InlineData("#SBATCH --mem=128gb", 128)]
    [InlineData("#SBATCH --mem=1TB", 1024)]
    public void Memory_sizes_with_a_trailing_b_are_read_as_sbatch_reads_them(string line, double gib)
    {
        Assert.Equal(gib, Read.OneSbatch(Read.Script(line)).Resources.MemoryGiB, 9);
    }

    [Fact]
    public void All_the_memory_of_a_node_is_accepted_and_planned_at_the_default_per_cpu()
    {
        var job = Read.OneSbatch(Read.Script("#SBATCH -n 8", "#SBATCH --mem=0"));

        Assert.Equal(8 * SpecDefaults.MemoryGiBPerCpu, job.Resources.MemoryGiB);
        Assert.Equal("0", job.SettingsFor("slurm")["mem"]);
    }

    [Theory]
    [InlineData("#SBATCH --gres=gpu:0")]
    [InlineData("#SBATCH --gpus=0")]
    public void Zero_gpus_is_a_cpu_job_as_in_sbatch(string line)
    {
        var job = Read.OneSbatch(Read.Script(line));

        Assert.Equal(0, job.Resources.AcceleratorCount);
        Assert.Empty(job.SettingsFor("slurm"));
    }
}
