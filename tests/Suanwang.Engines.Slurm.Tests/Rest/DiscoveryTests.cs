using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Suanwang.Engines.Slurm.Tests.Rest;

/// <summary>Which REST version the engine speaks to a real slurmrestd when the center does not pin one, and what it shows.</summary>
[Collection(SlurmLabCollection.Name)]
public sealed partial class DiscoveryTests(SlurmLab lab)
{
    [Theory]
    [InlineData("cpu", "v0.0.38")]
    [InlineData("hpc-b", "v0.0.42")]
    public async Task The_engine_speaks_the_newest_version_the_daemon_serves_and_says_which(string cluster, string version)
    {
        await using SlurmEngine engine = lab.Engine(cluster);
        Assert.Equal($"unix:{lab.Socket(cluster)}", engine.Access);

        EngineReport report = await engine.ReportAsync(CancellationToken.None);

        Assert.True(report.Reachable);
        Assert.Equal($"REST {version} at unix:{lab.Socket(cluster)}", engine.Access);
    }

    [Fact]
    public async Task A_pinned_version_is_spoken_without_asking()
    {
        var settings = new Dictionary<string, string> { ["socket"] = lab.Socket("hpc-b"), ["partition.cpu"] = "batch", ["apiVersion"] = "v0.0.40" };
        await using SlurmEngine engine = new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Lab.Center("hpc-b", settings), o => o);
        Assert.Equal($"REST v0.0.40 at unix:{lab.Socket("hpc-b")}", engine.Access);

        Assert.True((await engine.ReportAsync(CancellationToken.None)).Reachable);
    }

    [Fact]
    public async Task A_version_the_daemon_does_not_serve_is_an_unavailable_center_that_names_it()
    {
        var settings = new Dictionary<string, string> { ["socket"] = lab.Socket("hpc-b"), ["partition.cpu"] = "batch", ["apiVersion"] = "v0.0.38" };
        await using SlurmEngine engine = new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Lab.Center("hpc-b", settings), o => o);

        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.ListAsync(CancellationToken.None));

        Assert.Contains("does not serve API v0.0.38", error.Message);
        Assert.Contains("apiVersion", error.Message);
    }

    [Fact]
    public async Task When_the_daemon_behind_the_socket_changes_version_the_engine_discovers_again()
    {
        // The center's socket is a link: first to Slurm 22.05's slurmrestd, then (as after an upgrade) to Slurm 24.11's.
        string link = Path.Combine(lab.Directory, $"upgrade-{Guid.NewGuid():N}.sock");
        File.CreateSymbolicLink(link, lab.Socket("cpu"));
        try
        {
            var settings = new Dictionary<string, string> { ["socket"] = link, ["partition.cpu"] = "batch", ["workDir"] = lab.OutDirectory("cpu") };
            await using SlurmEngine engine = new SlurmEngineFactory(TimeProvider.System, lab.Endpoints).Create(Lab.Center("moving", settings), o => o);
            Assert.True((await engine.ReportAsync(CancellationToken.None)).Reachable);
            Assert.StartsWith("REST v0.0.38 ", engine.Access);

            File.Delete(link);
            File.CreateSymbolicLink(link, lab.Socket("hpc-b"));
            // The old daemon goes away, and with it the engine's open connection.
            await RestartRestAsync("cpu");

            EngineReport report = await engine.ReportAsync(CancellationToken.None);

            Assert.True(report.Reachable);
            Assert.StartsWith("REST v0.0.42 ", engine.Access);
        }
        finally
        {
            File.Delete(link);
            await lab.RestartMissingAsync();
        }
    }

    [Fact]
    public async Task Another_users_job_is_not_asked_to_be_cancelled_and_the_controller_keeps_answering()
    {
        // Slurm 24.11.5's controller deadlocks when slurmrestd (v0.0.40+: the kill-jobs request) asks, for a user who
        // is not an operator, to cancel another user's job. The REST user is swlab; this job is root's.
        (int code, string output) = await lab.SlurmAsync("hpc-b", "sbatch", "--hold", "--wrap", "true");
        Assert.True(code == 0, output);
        long id = long.Parse(SubmittedId().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var client = new SlurmRestClient(new SlurmEngineOptions { CenterId = "hpc-b", SocketPath = lab.Socket("hpc-b") });

            CancelOutcome outcome = await client.CancelAsync(id, CancellationToken.None);

            Assert.Equal(CancelOutcome.NotThisUsersJob, outcome);
            var watch = Stopwatch.StartNew();
            (code, output) = await lab.SlurmAsync("hpc-b", "squeue", "-h", "-j", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "%T");
            Assert.True(code == 0 && output.Trim() == "PENDING", $"squeue after {watch.Elapsed.TotalSeconds:0.0} s: {output}");
        }
        finally
        {
            await lab.SlurmAsync("hpc-b", "scancel", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Our_own_job_is_cancelled_through_v0042_and_a_second_cancel_finds_nothing()
    {
        using var client = new SlurmRestClient(new SlurmEngineOptions { CenterId = "hpc-b", SocketPath = lab.Socket("hpc-b"), WorkDirectory = lab.OutDirectory("hpc-b") });
        var submission = new SlurmSubmission("cancel-me", $"sw-cancel-{Guid.NewGuid():N}", "batch", null, null, 1, 1, null, 1, null, null, null, null, 5, false,
            lab.OutDirectory("hpc-b"), Path.Combine(lab.OutDirectory("hpc-b"), "cancel.out"), Path.Combine(lab.OutDirectory("hpc-b"), "cancel.err"),
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, "#!/bin/sh\nsleep 300\n");
        SubmitOutcome posted = await client.SubmitAsync(submission, CancellationToken.None);

        Assert.Equal(CancelOutcome.Cancelled, await client.CancelAsync(posted.JobId, CancellationToken.None));
        SlurmJob? job = await client.GetJobAsync(posted.JobId, CancellationToken.None);
        Assert.Equal("CANCELLED", job?.JobState);
        Assert.Equal(CancelOutcome.NothingToCancel, await client.CancelAsync(posted.JobId, CancellationToken.None));
    }

    private async Task RestartRestAsync(string cluster)
    {
        string pidFile = Path.Combine(lab.Directory, cluster, "run", "slurmrestd.pid");
        using (var rest = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)))
        {
            rest.Kill();
            await rest.WaitForExitAsync();
        }
        await lab.RestartMissingAsync();
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex SubmittedId();
}
