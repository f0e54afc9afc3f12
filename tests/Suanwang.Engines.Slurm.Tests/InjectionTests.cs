using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>Arguments and environment values are data: the job sees them verbatim and nothing else runs.</summary>
[Collection(SlurmLabCollection.Name)]
public sealed class InjectionTests(SlurmLab lab)
{
    [Fact]
    public async Task Shell_syntax_newlines_and_SBATCH_lines_in_arguments_arrive_as_data()
    {
        await using SlurmEngine engine = lab.Engine("gpu-a");
        string marker = Path.Combine(lab.Directory, "pwned-argv");
        string[] arguments =
        [
            $"$(touch {marker})", $"`touch {marker}`", $"; touch {marker}", $"a\nb", "it's", "'\\''",
            $"x\n#SBATCH --partition=debug", "\n#SBATCH --partition=debug\n", "*", "",
        ];
        RunBuilder run = Runs.Of(["printf", "[%s]\\n", .. arguments]).On("gpu-a");

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(string.Concat(arguments.Select(a => $"[{a}]\n")), await engine.ReadAllAsync(run.Token));
        Assert.False(File.Exists(marker));
        Assert.Equal("gpu", await PartitionOf(done));
    }

    [Fact]
    public async Task Environment_values_arrive_as_data()
    {
        await using SlurmEngine engine = lab.Engine("gpu-a");
        string marker = Path.Combine(lab.Directory, "pwned-env");
        string value = $"$(touch {marker})'\"\n;`touch {marker}`";
        RunBuilder run = Runs.Of("printenv", "WEIRD").On("gpu-a").WithEnv("WEIRD", value);

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(value + "\n", await engine.ReadAllAsync(run.Token));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task An_SBATCH_script_runs_as_given_and_our_partition_wins()
    {
        await using SlurmEngine engine = lab.Engine("gpu-a");
        RunBuilder run = Runs.Of("sh").On("gpu-a").WithScript("#!/bin/sh\n#SBATCH --partition=debug\necho \"from script $SUANWANG_JOB_ID\"\n");

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.StartsWith("from script job", await engine.ReadAllAsync(run.Token));
        Assert.Equal("gpu", await PartitionOf(done));
    }

    private async Task<string> PartitionOf(RunStatus status)
    {
        (int code, string output) = await lab.SlurmAsync("gpu-a", "squeue", "-t", "all", "-h", "-j", status.EngineJobId!, "-o", "%P");
        Assert.True(code == 0, output);
        return output.Trim();
    }
}
