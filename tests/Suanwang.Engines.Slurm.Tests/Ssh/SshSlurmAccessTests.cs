using Suanwang.Engines.Slurm.Ssh;
using Suanwang.Testing;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>
/// Slurm's own commands on a real login node through <see cref="SshSlurmAccess"/>: an OpenSSH server started per test in
/// front of the lab's 22.05 <c>cpu</c> cluster (its <c>SetEnv SLURM_CONF=…</c> points the sessions' Slurm commands at
/// it, as a login node's <c>/etc/slurm/slurm.conf</c> would).
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class SshSlurmAccessTests(SlurmLab slurm) : IAsyncLifetime
{
    private const string Cluster = "cpu";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestSshd _sshd = new();

    public Task InitializeAsync()
    {
        _sshd.ExtraConfig.Add($"SetEnv SLURM_CONF={slurm.SlurmConf(Cluster)}");
        return _sshd.InitializeAsync();
    }

    public Task DisposeAsync() => _sshd.DisposeAsync();

    private string Out => slurm.OutDirectory(Cluster);

    private async Task<SshSlurmAccess> AccessAsync() =>
        new(new SshIdentity(new SshLogin("root", "127.0.0.1", _sshd.Port), _sshd.UserKey,
            HostKeyPin.Parse(await _sshd.FingerprintAsync(_sshd.HostKeyEd25519Pub), out _)!, Patience, 4), "login-test");

    private SlurmSubmission Submission(string token, string script, IReadOnlyDictionary<string, string>? environment = null, string partition = "batch",
        string? account = null, string name = "ssh-test") => new(
        name, token, partition, account, null, 1, 1, null, 1, 100, null, null, null, 5, false, Out,
        Path.Combine(Out, token + ".out"), Path.Combine(Out, token + ".err"),
        environment ?? new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, script);

    private static string Token() => $"sw-ssh-{Guid.NewGuid():N}";

    [Fact]
    public async Task Every_value_reaches_slurm_and_the_job_verbatim_and_none_is_run_by_a_shell()
    {
        string marker = Path.Combine(Out, $"injected-{Guid.NewGuid():N}");
        string hostile = $"$(touch {marker})`touch {marker}`'; touch {marker}; '\"; touch {marker}; \"\ntouch {marker}\\ *";
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["HOSTILE"] = hostile,
            ["EMPTY"] = "",
            ["UNICODE"] = "é世😀 = ; |",
        };
        string token = Token();
        // A script that is not sh (no export lines could work there) printing what it was given.
        string script = "#!/usr/bin/env python3\nimport os\nfor k in ('HOSTILE','EMPTY','UNICODE'): print(k + '=' + repr(os.environ.get(k)))\nprint('LEAK=' + repr(os.environ.get('SSH_CONNECTION')))\n";
        using SshSlurmAccess access = await AccessAsync();
        SubmitOutcome submitted = await access.SubmitAsync(Submission(token, script, environment, name: hostile.Replace("\n", " ", StringComparison.Ordinal)), CancellationToken.None);
        Assert.True(submitted.JobId > 0);

        SlurmJob job = await WaitAsync(access, submitted.JobId, j => j.JobState is "COMPLETED" or "FAILED");
        Assert.Equal("COMPLETED", job.JobState);
        Assert.Equal(token, job.Comment);
        Assert.Equal(hostile.Replace("\n", " ", StringComparison.Ordinal), job.Name);
        string output = await ReadAllAsync(access, token + ".out");
        Assert.Contains("HOSTILE=" + PythonRepr(hostile), output, StringComparison.Ordinal);
        Assert.Contains("EMPTY=''", output, StringComparison.Ordinal);
        Assert.Contains("UNICODE='é世😀 = ; |'", output, StringComparison.Ordinal);
        Assert.Contains("LEAK=None", output, StringComparison.Ordinal); // the SSH session's own environment is not the job's
        Assert.False(File.Exists(marker), "a value was run by a shell");
    }

    [Fact]
    public async Task A_hostile_partition_is_refused_by_slurm_never_run_and_a_hostile_account_is_kept_verbatim()
    {
        string marker = Path.Combine(Out, $"injected-{Guid.NewGuid():N}");
        string hostile = $"x'; touch {marker}; echo '";
        using SshSlurmAccess access = await AccessAsync();
        var refused = await Assert.ThrowsAsync<EngineRejectedException>(() => access.SubmitAsync(
            Submission(Token(), "#!/bin/sh\ntrue\n", partition: hostile), CancellationToken.None));
        Assert.Contains("refused the job", refused.Message, StringComparison.Ordinal);

        // Without accounting Slurm takes any account name: it must arrive as it was written (but for case).
        string token = Token();
        SubmitOutcome submitted = await access.SubmitAsync(Submission(token, "#!/bin/sh\ntrue\n", account: hostile), CancellationToken.None);
        SlurmJob job = await WaitAsync(access, submitted.JobId, _ => true);
        Assert.Equal(token, job.Comment);
        Assert.Equal(hostile, job.Account, ignoreCase: true); // Slurm lower-cases account names
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Lists_every_users_jobs_nodes_and_says_what_it_speaks()
    {
        using SshSlurmAccess access = await AccessAsync();
        string folder = Directory.CreateTempSubdirectory("sw-ssh-gate-").FullName;
        var gate = Gate.In(folder);
        // Another user's job, submitted directly on the cluster.
        (int code, string other) = await slurm.SlurmAsync(Cluster, "sbatch", "--parsable", "--uid=swlab", "-p", "batch",
            "--comment=not-ours", "-o", "/dev/null", "--wrap", gate.ShellWait);
        Assert.True(code == 0, other);
        long otherId = long.Parse(other.Trim().Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            IReadOnlyList<SlurmJob> jobs = await access.GetJobsAsync(CancellationToken.None);
            SlurmJob theirs = Assert.Single(jobs, j => j.JobId == otherId);
            Assert.Equal(("not-ours", "swlab"), (theirs.Comment, theirs.UserName));
            Assert.NotEmpty(await access.GetNodesAsync(CancellationToken.None));
            Assert.StartsWith("SSH, Slurm 22.05", access.Dialect, StringComparison.Ordinal);
            Assert.Equal("root", access.UserName);
            Assert.Equal(1, access.Pool.Handshakes);
        }
        finally
        {
            gate.Open();
            await slurm.SlurmAsync(Cluster, "scancel", other.Trim());
        }
    }

    [Fact]
    public async Task A_job_unknown_to_the_controller_without_accounting_is_none()
    {
        using SshSlurmAccess access = await AccessAsync();
        Assert.Null(await access.GetJobAsync(987_654_321, CancellationToken.None));
    }

    [Fact]
    public async Task Cancels_a_running_job_and_then_has_nothing_to_cancel()
    {
        using SshSlurmAccess access = await AccessAsync();
        var gate = Gate.In(Out);
        string token = Token();
        SubmitOutcome submitted = await access.SubmitAsync(Submission(token, $"#!/bin/sh\necho started\n{gate.ShellWait}\n"), CancellationToken.None);
        await WaitAsync(access, submitted.JobId, j => j.JobState == "RUNNING");
        Assert.Equal(CancelOutcome.Cancelled, await access.CancelAsync(submitted.JobId, CancellationToken.None));
        SlurmJob cancelled = await WaitAsync(access, submitted.JobId, j => j.JobState == "CANCELLED");
        Assert.Equal(token, cancelled.Comment);
        // scancel of an ended job: 22.05 says nothing and exits 0; either way nothing changes.
        Assert.Contains(await access.CancelAsync(submitted.JobId, CancellationToken.None), new[] { CancelOutcome.NothingToCancel, CancelOutcome.Cancelled });
        Assert.Equal("CANCELLED", (await access.GetJobAsync(submitted.JobId, CancellationToken.None))!.JobState);
        gate.Open();
    }

    [Fact]
    public async Task Output_is_read_in_slices_and_what_is_not_a_regular_file_is_refused_unread()
    {
        using SshSlurmAccess access = await AccessAsync();
        string name = $"sw-ssh-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(Out, name + ".out"), "αβγ line one\nline two 世界\n");
        Assert.Equal("αβγ line one\nline two 世界\n", await ReadAllAsync(access, name + ".out"));
        Assert.Equal(new OutputChunk("", 0, true), await access.ReadOutputAsync(Out, name + ".missing", 0, 64, true, CancellationToken.None));

        string secret = Path.Combine(_sshd.Directory, "secret");
        await File.WriteAllTextAsync(secret, "never served");
        File.CreateSymbolicLink(Path.Combine(Out, name + ".link"), secret);
        var link = await Assert.ThrowsAsync<OutputUnavailableException>(() => access.ReadOutputAsync(Out, name + ".link", 0, 64, true, CancellationToken.None));
        Assert.DoesNotContain("never served", link.Message, StringComparison.Ordinal);

        await TestSshd.RunAsync("mkfifo", Path.Combine(Out, name + ".fifo"));
        await Assert.ThrowsAsync<OutputUnavailableException>(() => access.ReadOutputAsync(Out, name + ".fifo", 0, 64, false, CancellationToken.None));
        // Still usable afterwards: nothing hung on the FIFO.
        Assert.Equal("αβγ", (await access.ReadOutputAsync(Out, name + ".out", 0, 6, false, CancellationToken.None)).Text);
    }

    private static async Task<SlurmJob> WaitAsync(SshSlurmAccess access, long jobId, Func<SlurmJob, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        SlurmJob? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await access.GetJobAsync(jobId, CancellationToken.None);
            if (job is not null && done(job)) return job;
            await Task.Delay(200);
        }
        throw new TimeoutException($"job {jobId} did not get there within {Patience}; last: {job}");
    }

    private async Task<string> ReadAllAsync(SshSlurmAccess access, string fileName)
    {
        var text = new System.Text.StringBuilder();
        long offset = 0;
        for (int i = 0; i < 1000; i++)
        {
            OutputChunk chunk = await access.ReadOutputAsync(Out, fileName, offset, 7, true, CancellationToken.None);
            text.Append(chunk.Text);
            offset = chunk.NextOffset;
            if (chunk.Complete) return text.ToString();
        }
        throw new InvalidOperationException("output never completed");
    }

    // Python's repr of a str, for the characters the test uses.
    private static string PythonRepr(string value)
    {
        bool single = value.Contains('\'') && !value.Contains('"');
        char quote = single ? '"' : '\'';
        var s = new System.Text.StringBuilder().Append(quote);
        foreach (char c in value)
        {
            if (c == '\\') s.Append("\\\\");
            else if (c == '\n') s.Append("\\n");
            else if (c == quote) s.Append('\\').Append(c);
            else s.Append(c);
        }
        return s.Append(quote).ToString();
    }
}
