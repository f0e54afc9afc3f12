using Microsoft.Data.Sqlite;
using Suanwang.Lifecycle;
using Suanwang.Testing;
using Suanwang.Testing.Brokers;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// On a cluster with accounting (hpc-a: slurmdbd, <c>MinJobAge=10</c>), reached over SSH (sacct) or through slurmrestd
/// (its slurmdbd plugin), a run the controller has forgotten is still found, listed and metered from accounting: it
/// never "vanishes", for the engine that submitted it, for a fresh engine (a restarted broker), nor for a broker that
/// was down while it ended.
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class AccountingTests(SlurmLab lab)
{
    /// <summary>The paths to a cluster with accounting.</summary>
    public static TheoryData<string> WithAccounting => [SlurmTarget.Ssh2411.Name, SlurmTarget.Rest2411Accounting.Name];

    [Theory]
    [MemberData(nameof(WithAccounting))]
    public async Task A_run_the_controller_forgot_is_found_listed_and_not_submitted_again_from_accounting_also_by_a_fresh_engine(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        await using SlurmEngine engine = lab.Engine(target);
        RunBuilder run = Runs.Shell("sleep 1; exit 3").On(target).WithCpus(2);
        RunStatus submitted = await engine.SubmitAsync(run, CancellationToken.None);
        Assert.Equal(RunState.Failed, (await engine.WaitFinishedAsync(run.Token)).State);

        await ForgottenByTheControllerAsync(target, submitted.EngineJobId!);

        RunStatus found = (await engine.FindAsync(run.Token, CancellationToken.None))!;
        AssertAccountedFailure(found, submitted.EngineJobId!);
        await using SlurmEngine fresh = lab.Engine(target);
        AssertAccountedFailure(Assert.Single(await fresh.ListAsync(CancellationToken.None), r => r.DispatchToken == run.Token), submitted.EngineJobId!);
        AssertAccountedFailure((await fresh.FindAsync(run.Token, CancellationToken.None))!, submitted.EngineJobId!);
        // The dispatch token is still taken: the same run submitted again is the one accounting holds.
        Assert.Equal(submitted.EngineJobId, (await fresh.SubmitAsync(run, CancellationToken.None)).EngineJobId);
        Assert.Equal([long.Parse(submitted.EngineJobId!)], (await lab.SlurmJobsWithTokenAsync(target.Cluster, run.Token)).Keys);
        // The output stays readable: the login node keeps the files.
        Assert.Equal("", await fresh.ReadAllAsync(run.Token));
    }

    [Theory]
    [MemberData(nameof(WithAccounting))]
    public async Task A_run_that_ended_while_its_broker_was_down_and_was_forgotten_by_the_controller_ends_Failed_metered_from_accounting(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        string data = Directory.CreateTempSubdirectory("suanwang-accounting-slurm-").FullName;
        var process = new BrokerProcess(data);
        process.Arguments.AddRange(["--lease", "3", .. lab.ServeArguments]);
        try
        {
            await process.StartAsync();
            var broker = new LabBroker(lab, process.Client("admin", TimeSpan.FromSeconds(30)), process.Client("default", TimeSpan.FromSeconds(30)));
            await broker.DrainAllAsync();
            await broker.RegisterAsync("lab-hpc-a", "ningxia", "cpu", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 32, memoryGiBPerNode: 125, target);
            var gate = Gate.In(target.WorkDirectory(lab));
            var job = await broker.SubmitAsync(
                $"name: accounted\ncommand: [\"sh\", \"-c\", {System.Text.Json.JsonSerializer.Serialize(gate.ShellWait + "; exit 3")}]\nresources: {{ cpus: 1, memoryGiB: 1 }}\nwork: {{ referenceHours: 0.01 }}\n");
            await broker.WaitAsync(job.Id, j => j.State == JobState.Running, seconds: 90);
            string token = DispatchTokens.For(job.Id, 1);
            string slurmId = (await lab.SlurmJobsWithTokenAsync(target.Cluster, token)).Keys.Single().ToString(System.Globalization.CultureInfo.InvariantCulture);

            // Down while the run ends, and until the controller has forgotten it: only accounting knows how it ended.
            process.Kill();
            gate.Open();
            await ForgottenByTheControllerAsync(target, slurmId);
            await process.StartAsync();

            var done = await broker.WaitAsync(job.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Lost or JobState.Requeued, seconds: 90);
            Assert.True((JobState.Failed, 3, 1) == (done.State, done.ExitCode, done.Attempt), $"{done.State} exit {done.ExitCode} attempt {done.Attempt}: {done.Reason}");
            Assert.DoesNotContain(await broker.EventsAsync(job.Id), e => e.To is JobState.Unknown or JobState.Lost or JobState.Requeued);
            var metering = await broker.TenantApi.GetMeteringAsync(job.Id);
            (int code, string elapsed) = await lab.SlurmAsync(target.Cluster, "sacct", "-a", "-X", "-n", "-P", "-j", slurmId, "-o", "ElapsedRaw");
            Assert.True(code == 0, elapsed);
            Assert.Equal(double.Parse(elapsed.Trim(), System.Globalization.CultureInfo.InvariantCulture), metering!.Actual!.RuntimeSeconds);
            broker.Admin.Dispose();
            broker.Tenant.Dispose();
        }
        finally
        {
            await process.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); }
            catch (IOException) { }
        }
    }

    private static void AssertAccountedFailure(RunStatus status, string jobId)
    {
        Assert.Equal((RunState.Failed, 3, jobId), (status.State, status.ExitCode, status.EngineJobId));
        Assert.NotNull(status.StartedAt);
        Assert.NotNull(status.EndedAt);
        AccountedRun accounted = status.Accounted ?? throw new Xunit.Sdk.XunitException($"no accounted usage in {status}");
        Assert.Equal("Slurm accounting", accounted.Source);
        Assert.InRange(accounted.ElapsedSeconds, 1, 60);
        Assert.True(accounted.Cpus >= 2, $"accounted CPUs {accounted.Cpus}");
    }

    // Waits until squeue says the job id is invalid: the controller purged it (MinJobAge=10 on hpc-a).
    private async Task ForgottenByTheControllerAsync(SlurmTarget target, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string said;
        do
        {
            (int code, said) = await lab.SlurmAsync(target.Cluster, "squeue", "-h", "-j", jobId, "-o", "%T");
            if (code != 0 && said.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return;
            await Task.Delay(1000);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"the controller of {target.Cluster} still knows job {jobId} after 90 s: {said}");
    }
}
