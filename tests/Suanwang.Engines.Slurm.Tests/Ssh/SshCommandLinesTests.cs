using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>What is sent to sbatch and read back from sacct, without a cluster.</summary>
public sealed class SshCommandLinesTests
{
    private static SlurmSubmission Submission() => new(
        "my job", "sw-token", "gpu", "proj'1", "high", 2, 8, 4, 3, 4096, null, "gpu:a100:2", "a100&ib", 61, true, "/scratch/w",
        "/scratch/w/sw-token.out", "/scratch/w/sw-token.err", new Dictionary<string, string> { ["A"] = "1\n2" }, "#!/bin/sh\n");

    [Fact]
    public void Every_field_is_one_sbatch_option_of_its_own()
    {
        Assert.Equal(
            [
                "--parsable", "--job-name=my job", "--comment=sw-token", "--partition=gpu", "--nodes=2", "--ntasks=8", "--cpus-per-task=3",
                "--chdir=/scratch/w", "--output=/scratch/w/sw-token.out", "--error=/scratch/w/sw-token.err", "--ntasks-per-node=4",
                "--account=proj'1", "--qos=high", "--mem=4096M", "--gres=gpu:a100:2", "--constraint=a100&ib", "--time=61", "--exclusive",
            ],
            SshSlurmAccess.SbatchArguments(Submission()));
    }

    [Fact]
    public void Memory_per_cpu_is_given_as_such() =>
        Assert.Contains("--mem-per-cpu=2000M", SshSlurmAccess.SbatchArguments(Submission() with { MemoryPerNodeMB = null, MemoryPerCpuMB = 2000 }));

    [Fact]
    public void The_environment_is_nul_separated_definitions_as_export_file_reads_them() =>
        Assert.Equal("A=1\n2\0B=\0", SshSlurmAccess.ExportFile(new Dictionary<string, string> { ["A"] = "1\n2", ["B"] = "" }));

    [Theory]
    [InlineData("A", "x\0y")]
    [InlineData("A,B", "x")]
    [InlineData("A=B", "x")]
    [InlineData("1A", "x")]
    public void A_value_with_a_nul_or_a_name_that_is_not_a_shell_name_is_refused(string name, string value) =>
        Assert.Throws<EngineRejectedException>(() => SshSlurmAccess.ExportFile(new Dictionary<string, string> { [name] = value }));

    [Fact]
    public void Export_names_exactly_the_jobs_variables()
    {
        Assert.Equal("--export=PATH,A_1", SshSlurmAccess.ExportNames(new Dictionary<string, string> { ["PATH"] = "/bin", ["A_1"] = "" }));
        Assert.Equal("--export=NONE", SshSlurmAccess.ExportNames(new Dictionary<string, string>()));
    }

    [Fact]
    public void Reads_an_accounting_line()
    {
        const string Us = "\u001f";
        string line = string.Join(Us, "812", "train", "sw-abc", "CANCELLED by 1000", "0:15", "1765100000", "1765100010", "1765100130", "120",
            "gpu", "16", "2", "proj", "alice", "billing=16,cpu=16,energy=5400,gres/gpu=4,mem=64G,node=2", "01:02:03.500", "5400", "60");
        SlurmJob job = SshSlurmAccess.ParseAccounting(line)!;
        Assert.Equal((812L, "train", "sw-abc", "CANCELLED", 15L), (job.JobId, job.Name, job.Comment, job.JobState, job.ExitCodeRaw));
        Assert.Equal((1765100000L, 1765100010L, 1765100130L), (job.SubmitTime, job.StartTime, job.EndTime));
        Assert.Equal(("gpu", 16, 2, "proj", "alice", 60L), (job.Partition, job.Cpus, job.NodeCount, job.Account, job.UserName, job.TimeLimitMinutes));
        Assert.Equal(new AccountedUsage(120, "billing=16,cpu=16,energy=5400,gres/gpu=4,mem=64G,node=2", 3723.5, 5400), job.Accounted);
    }

    [Theory]
    [InlineData("3:0", 3 << 8)]
    [InlineData("0:9", 9)]
    [InlineData("0:0", 0)]
    public void Exit_codes_become_the_wait_status(string exitCode, long raw)
    {
        string line = string.Join("\u001f", "5", "n", "", "FAILED", exitCode, "1", "2", "3", "1", "p", "1", "1", "", "u", "", "", "", "");
        Assert.Equal(raw, SshSlurmAccess.ParseAccounting(line)!.ExitCodeRaw);
        Assert.Null(SshSlurmAccess.ParseAccounting(line)!.Accounted!.EnergyJoules);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5|n|c")]
    [InlineData("5.batch\u001fn\u001fc\u001fCOMPLETED\u001f0:0\u001f1\u001f2\u001f3\u001f1\u001fp\u001f1\u001f1\u001fa\u001fu\u001f\u001f\u001f\u001f")]
    public void Anything_else_is_not_an_accounting_line(string line) => Assert.Null(SshSlurmAccess.ParseAccounting(line));

    [Fact]
    public void Tenants_sharing_the_centers_login_share_its_access()
    {
        var settings = SshSettings.Read(new Dictionary<string, string>
        {
            ["ssh"] = "swt@login:22",
            ["ssh.same"] = "swt@login:22",
            ["ssh.own"] = "own@login:22",
            ["ssh.own2"] = "own@login:22",
            ["sshKey"] = "/k/center",
            ["hostKey"] = "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU",
        }, [])!;
        (ISlurmAccess center, IReadOnlyDictionary<string, ISlurmAccess> tenants) = SshAccesses.Create(settings, "c");
        Assert.Equal(["own", "own2"], tenants.Keys.Order(StringComparer.Ordinal));
        Assert.Same(tenants["own"], tenants["own2"]);
        Assert.Equal(("swt", "own"), (center.UserName, tenants["own"].UserName));
        center.Dispose();
        tenants["own"].Dispose();
    }
}
