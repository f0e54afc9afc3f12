using Suanwang.Model.Jobs;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// Every field that reaches slurmrestd's script or the login node's shell is data: the job sees it verbatim and nothing
/// else runs — arguments, environment names and values, the job's name, its script, the <c>slurm</c> settings a script
/// carries (partition, account, QOS, constraint) — on every path.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class InjectionTests(SlurmLab lab)
{
    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    public async Task Shell_syntax_newlines_and_SBATCH_lines_in_arguments_arrive_as_data(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string marker = Marker(target, "argv");
        string[] arguments =
        [
            $"$(touch {marker})", $"`touch {marker}`", $"; touch {marker}", $"a\nb", "it's", "'\\''",
            $"x\n#SBATCH --partition=debug", "\n#SBATCH --partition=debug\n", "*", "", $"\"; touch {marker}; \"", "--comment=sw-forged",
        ];
        RunBuilder run = Runs.Of(["printf", "[%s]\\n", .. arguments]).On(target);

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(string.Concat(arguments.Select(a => $"[{a}]\n")), await engine.ReadAllAsync(run.Token));
        Assert.False(File.Exists(marker));
        Assert.Equal(target.Pool.Partition, await PartitionOf(target, done));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    public async Task Environment_values_and_the_jobs_name_arrive_as_data(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string marker = Marker(target, "env");
        string value = $"$(touch {marker})'\"\n;`touch {marker}`\\";
        string name = $"n$(touch {marker});'`touch {marker}`\"";
        RunBuilder run = Runs.Shell("printenv WEIRD; printf '%s\\n' \"$SLURM_JOB_NAME\"").On(target).WithEnv("WEIRD", value);
        DispatchRequest request = run.Build();
        request = request with { Job = request.Job with { Name = name } };

        await engine.SubmitAsync(request, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(value + "\n" + name + "\n", await engine.ReadAllAsync(run.Token));
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.Names), MemberType = typeof(SlurmTarget))]
    public async Task An_environment_name_that_is_not_a_variable_name_is_refused_and_nothing_is_submitted(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string marker = Marker(target, "env-name");
        RunBuilder run = Runs.Of("true").On(target).WithEnv($"X=$(touch {marker})", "1");

        var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(run, CancellationToken.None));

        Assert.Contains("environment variable", error.Message);
        Assert.Null(await engine.FindAsync(run.Token, CancellationToken.None));
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.Names), MemberType = typeof(SlurmTarget))]
    public async Task Shell_syntax_in_a_scripts_slurm_settings_is_refused_naming_the_setting(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string marker = Marker(target, "settings");
        foreach (string key in new[] { "account", "qos", "constraint", "partition" })
        {
            RunBuilder run = Runs.Of("true").On(target);
            DispatchRequest request = run.Build();
            request = request with
            {
                Job = request.Job with
                {
                    EngineSettings = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["slurm"] = new Dictionary<string, string> { [key] = $"x';touch {marker};'" } },
                },
            };

            if (key == "partition")
            {
                // The partition is always the chosen pool's: the script's is never used.
                await engine.SubmitAsync(request, CancellationToken.None);
                RunStatus done = await engine.WaitFinishedAsync(run.Token);
                Assert.Equal((RunState.Succeeded, target.Pool.Partition), (done.State, await PartitionOf(target, done)));
                continue;
            }
            var error = await Assert.ThrowsAsync<EngineRejectedException>(() => engine.SubmitAsync(request, CancellationToken.None));
            Assert.StartsWith($"engine setting slurm.{key} must be", error.Message);
            Assert.Null(await engine.FindAsync(run.Token, CancellationToken.None));
        }
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [MemberData(nameof(SlurmTarget.NamesWithTenantLogin), MemberType = typeof(SlurmTarget))]
    public async Task An_SBATCH_script_runs_as_given_and_our_partition_wins(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        string marker = Marker(target, "script");
        RunBuilder run = Runs.Of("sh").On(target).WithScript($"#!/bin/sh\n#SBATCH --partition=debug\n#SBATCH --comment=\"$(touch {marker})\"\necho \"from script $SUANWANG_JOB_ID\"\n");

        await engine.SubmitAsync(run, CancellationToken.None);
        RunStatus done = await engine.WaitFinishedAsync(run.Token);

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.StartsWith("from script job", await engine.ReadAllAsync(run.Token));
        Assert.Equal(target.Pool.Partition, await PartitionOf(target, done));
        Assert.False(File.Exists(marker));
    }

    // A file a job would create were a field run as a command, where the target's jobs can write and the test can look.
    private string Marker(SlurmTarget target, string what) => Path.Combine(target.WorkDirectory(lab), $"pwned-{what}-{Guid.NewGuid():N}");

    private Task<string> PartitionOf(SlurmTarget target, RunStatus status) =>
        lab.SlurmJobFieldAsync(target.Cluster, status.EngineJobId!, "%P", "Partition");
}
