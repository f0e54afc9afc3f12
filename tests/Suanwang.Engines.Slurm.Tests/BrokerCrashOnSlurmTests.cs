using Microsoft.Data.Sqlite;
using Suanwang.Broker.Hosting;
using Suanwang.Lifecycle;
using Suanwang.Testing.Brokers;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// The real <c>suanwang serve</c> on a real Slurm cluster, killed with SIGKILL at each step of handing a job over:
/// just before the Slurm submit, just after Slurm accepted it but before the broker recorded it (both through the
/// broker's failpoints, so the kill lands exactly there), and while the job runs. After each restart the job is
/// found in Slurm by its dispatch token: it is never submitted twice, never run twice, and nothing acknowledged
/// is lost. On every path: Slurm 22.05 and 24.11 through slurmrestd, 24.11 through its login node (where the run that
/// ended while the broker was down may be known to accounting only).
/// </summary>
[Collection(SlurmLabCollection.Name)]
public sealed class BrokerCrashOnSlurmTests(SlurmLab lab) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-crash-slurm-").FullName;
    private BrokerProcess _process = null!;
    private LabBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _process = new BrokerProcess(_data);
        _process.Arguments.AddRange(["--lease", "3", .. lab.ServeArguments]);
        await _process.StartAsync();
        _broker = new LabBroker(lab, _process.Client("admin", TimeSpan.FromSeconds(30)), _process.Client("default", TimeSpan.FromSeconds(30)));
        await _broker.DrainAllAsync();
    }

    // The REST dialects differ in shape only (their reading is tested on their own): 22.05 REST stands for both; the
    // login node is the other path.
    public static TheoryData<string> Targets => ["22.05 REST on cpu", SlurmTarget.Ssh2411.Name];

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Killed_before_the_submit_after_it_and_while_the_job_runs_the_broker_finds_each_run_by_its_token_and_runs_it_once(string targetName)
    {
        SlurmTarget target = SlurmTarget.Named(targetName);
        string cluster = target.Cluster;
        await _broker.RegisterAsync("lab-t", "ningxia", "batch", "x86-core", acceleratorsPerNode: 0, cpusPerNode: 32, memoryGiBPerNode: 125, target);
        string runs = Path.Combine(target.WorkDirectory(lab), $"runs-{Guid.NewGuid():N}");

        // 1. Killed just before handing the job to Slurm: nothing reached Slurm, the acknowledged job is kept.
        await RestartAsync(Failpoints.BeforeSubmit);
        var handed = await _broker.SubmitAsync(Spec("handed-over", $"echo run >> '{runs}.handed'"));
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the armed broker did not die at its first dispatch");
        string token = DispatchTokens.For(handed.Id, 1);
        Assert.Empty(await _broker.SlurmJobsWithTokenAsync(cluster, token));

        // 2. Restarted, it hands the job over and is killed just after Slurm accepted it, before recording that.
        await RestartAsync(Failpoints.AfterSubmit);
        Assert.True(await _process.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the armed broker did not die after its first dispatch");
        Assert.Single(await _broker.SlurmJobsWithTokenAsync(cluster, token));

        // 3. Restarted unarmed: the job is found in Slurm by its token, not submitted again, and succeeds once.
        await RestartAsync(failpoint: null);
        var done = await _broker.WaitAsync(handed.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        Assert.Equal((JobState.Succeeded, 1), (done.State, done.Attempt));
        Assert.Single(await _broker.SlurmJobsWithTokenAsync(cluster, token));
        Assert.Equal(["run"], await File.ReadAllLinesAsync(runs + ".handed"));

        // 4. Killed while a job runs, which finishes while the broker is down: found finished, not run again.
        var running = await _broker.SubmitAsync(Spec("runs-through", $"echo run >> '{runs}.running'; sleep 4"));
        await _broker.WaitAsync(running.Id, j => j.State == JobState.Running);
        _process.Kill();
        string runningToken = DispatchTokens.For(running.Id, 1);
        await _broker.WaitSlurmStatesAsync(cluster, runningToken, ["COMPLETED"]);
        await RestartAsync(failpoint: null);
        var finished = await _broker.WaitAsync(running.Id, j => j.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled);
        Assert.Equal((JobState.Succeeded, 1), (finished.State, finished.Attempt));
        Assert.Equal(["COMPLETED"], await _broker.WaitSlurmStatesAsync(cluster, runningToken, ["COMPLETED"]));
        Assert.Equal(["run"], await File.ReadAllLinesAsync(runs + ".running"));
        Assert.DoesNotContain(await _broker.EventsAsync(running.Id), e => e.To is JobState.Lost or JobState.Requeued or JobState.Failed);
    }

    private async Task RestartAsync(string? failpoint)
    {
        _process.Kill();
        _process.Environment[Failpoints.Variable] = failpoint;
        await _process.StartAsync(mayExit: failpoint is not null);
    }

    private static string Spec(string name, string script) =>
        $"name: {name}\ncommand: [\"sh\", \"-c\", \"{script.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]\nresources: {{ cpus: 1, memoryGiB: 1 }}\nwork: {{ referenceHours: 0.01 }}\n";

    public async Task DisposeAsync()
    {
        string log = _process.Log();
        await _process.DisposeAsync();
        _broker.Admin.Dispose();
        _broker.Tenant.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { Console.Error.WriteLine($"could not remove {_data}; broker log:\n{log}"); }
    }
}
