using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>
/// The lab's Slurm 24.11 clusters through their own OpenSSH 10 login nodes, as a tenant's user: the host key the lab
/// prints pinned, sbatch as that user, accounting from slurmdbd (hpc-a) or its absence (hpc-b), output over SFTP.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class SshLoginNode2411Tests(SlurmLab lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SshSlurmAccess Access(string cluster, string user, string? key = null, string? pin = null)
    {
        LabCluster c = lab.Current(cluster);
        return new SshSlurmAccess(new SshIdentity(new SshLogin(user, c.SshHost, c.SshPort), key ?? c.KeyPath(user),
            HostKeyPin.Parse(pin ?? c.HostKey, out _)!, Patience, 2), cluster);
    }

    private static SlurmSubmission Submission(LabCluster c, string token, string script, string partition) => new(
        "ssh-24", token, partition, null, null, 1, 1, null, 1, 100, null, null, null, 5, false, c.WorkDirectory,
        Path.Combine(c.WorkDirectory, token + ".out"), Path.Combine(c.WorkDirectory, token + ".err"),
        new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["GREETING"] = "it's $(not run)" }, script);

    [Fact]
    public async Task A_tenant_submits_as_its_own_user_and_accounting_keeps_the_finished_job()
    {
        LabCluster c = lab.Current("hpc-a");
        using SshSlurmAccess access = Access("hpc-a", "swt1");
        string token = $"sw-ssh24-{Guid.NewGuid():N}";
        string partition = await DefaultPartitionAsync(access);
        SubmitOutcome submitted = await access.SubmitAsync(Submission(c, token, "#!/bin/sh\necho \"$GREETING\"; id -un\n", partition), CancellationToken.None);

        SlurmJob job = await UntilAsync(() => access.AccountedJobAsync(submitted.JobId, CancellationToken.None), j => j.JobState == "COMPLETED");
        Assert.Equal((token, "swt1", 0L), (job.Comment, job.UserName, job.ExitCodeRaw));
        Assert.NotNull(job.Accounted);
        Assert.Contains("cpu=", job.Accounted!.AllocatedTres, StringComparison.Ordinal);
        Assert.True(job.EndTime >= job.StartTime && job.StartTime > 0);

        OutputChunk output = await access.ReadOutputAsync(c.WorkDirectory, token + ".out", 0, 4096, true, CancellationToken.None);
        Assert.Equal("it's $(not run)\nswt1\n", output.Text);
        Assert.Equal("swt1", access.UserName);
    }

    [Fact]
    public async Task A_finished_job_the_controller_has_forgotten_is_found_in_accounting()
    {
        LabCluster c = lab.Current("hpc-a");
        using SshSlurmAccess access = Access("hpc-a", "swt1");
        string token = $"sw-ssh24-{Guid.NewGuid():N}";
        SubmitOutcome submitted = await access.SubmitAsync(Submission(c, token, "#!/bin/sh\nexit 3\n", await DefaultPartitionAsync(access)), CancellationToken.None);
        // hpc-a's controller forgets finished jobs after 10 s (MinJobAge); until then squeue answers (in a data
        // version this broker may not read yet), afterwards only accounting knows the job.
        SlurmJob job = await UntilAsync(async () =>
        {
            try
            {
                return await access.GetJobAsync(submitted.JobId, CancellationToken.None);
            }
            catch (EngineUnavailableException e) when (e.Message.Contains("data version", StringComparison.Ordinal))
            {
                return null;
            }
        }, j => j.Accounted is not null, TimeSpan.FromSeconds(120));
        Assert.Equal((token, "FAILED", 3L << 8), (job.Comment, job.JobState, job.ExitCodeRaw));
    }

    [Fact]
    public async Task Without_slurmdbd_a_job_gone_from_the_controller_is_none()
    {
        using SshSlurmAccess access = Access("hpc-b", "swt2");
        Assert.Null(await access.AccountedJobAsync(987_654_321, CancellationToken.None));
    }

    [Fact]
    public async Task Another_users_key_is_refused_and_a_wrong_pin_never_logs_in()
    {
        LabCluster c = lab.Current("hpc-a");
        using SshSlurmAccess wrongKey = Access("hpc-a", "swt1", key: c.KeyPath("swt2"));
        var refused = await Assert.ThrowsAsync<EngineUnavailableException>(() => wrongKey.CancelAsync(1, CancellationToken.None));
        Assert.Contains("refused the key of user 'swt1'", refused.Message, StringComparison.Ordinal);

        using SshSlurmAccess wrongPin = Access("hpc-a", "swt1", pin: "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU");
        var mismatch = await Assert.ThrowsAsync<EngineUnavailableException>(() => wrongPin.CancelAsync(1, CancellationToken.None));
        Assert.Contains(c.HostKey, mismatch.Message, StringComparison.Ordinal);
    }

    // The partition jobs go to when none is named: the first of the lab's slurm.conf.
    private static async Task<string> DefaultPartitionAsync(SshSlurmAccess access)
    {
        SshCommandResult partitions = await access.Pool.RunAsync(["sinfo", "-h", "-o", "%P"], null, true, CancellationToken.None);
        return partitions.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.TrimEnd('*')).First(p => partitions.Output.Contains(p + "*", StringComparison.Ordinal));
    }

    private static async Task<SlurmJob> UntilAsync(Func<Task<SlurmJob?>> get, Func<SlurmJob, bool> done, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        SlurmJob? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await get();
            if (job is not null && done(job)) return job;
            await Task.Delay(300);
        }
        throw new TimeoutException($"not there within {Patience}; last: {job}");
    }
}
