using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>
/// The run directories are the engine's state: a new engine on them carries on where the last one
/// stopped, and no run is started twice (promises G1 and G3 at the center).
/// </summary>
public sealed class RecoveryTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    private string Counter => Path.Combine(_center.Shared, "starts");

    private int Starts => File.Exists(Counter) ? File.ReadAllLines(Counter).Length : 0;

    [Fact]
    public async Task Submitting_the_same_token_again_returns_the_same_run_and_starts_nothing()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell($"echo started >> {Counter}; sleep 0.3");

        RunStatus[] answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => engine.SubmitAsync(run, default)));
        RunStatus finished = await Wait.Finished(engine, run.Token);
        RunStatus again = await engine.SubmitAsync(run, default);
        await Task.Delay(300);

        Assert.All(answers, answer => Assert.Equal(run.Token, answer.DispatchToken));
        Assert.Single(answers.Select(a => a.SubmittedAt).Distinct());
        Assert.Equal(finished, again);
        Assert.Single(await engine.ListAsync(default));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task An_acknowledged_run_is_on_disk_before_it_starts()
    {
        await using LocalEngine engine = _center.Open(slots: 1);
        var blocker = Runs.Of("sleep", "30");
        var queued = Runs.Of("echo", "later");

        await engine.SubmitAsync(blocker, default);
        await Wait.Running(engine, blocker.Token);
        await engine.SubmitAsync(queued, default);

        string request = File.ReadAllText(Path.Combine(_center.RunDirectory(queued.Token), "request.json"));
        Assert.Contains($"\"dispatchToken\": \"{queued.Token}\"", request);
        Assert.Contains("\"later\"", request);
        Assert.False(File.Exists(Path.Combine(_center.RunDirectory(queued.Token), "started")));
    }

    [Fact]
    public async Task A_new_engine_re_attaches_to_a_run_that_outlived_the_old_one()
    {
        Gate gate = _center.Gate();
        var run = GatedRuns.After(gate, $"echo started >> {Counter}; echo done");
        LocalEngine before = _center.Open();
        await before.SubmitAsync(run, default);
        RunStatus runningBefore = await Wait.Running(before, run.Token);
        await before.DisposeAsync(); // the host goes away; the run does not

        await using LocalEngine after = _center.Open();
        RunStatus reattached = (await after.FindAsync(run.Token, default))!;
        RunStatus resubmitted = await after.SubmitAsync(run, default);
        gate.Open();
        RunStatus finished = await Wait.Finished(after, run.Token);

        Assert.Equal(RunState.Running, reattached.State);
        Assert.Equal(runningBefore.EngineJobId, reattached.EngineJobId);
        Assert.Equal(runningBefore.StartedAt, reattached.StartedAt);
        Assert.Equal(runningBefore.SubmittedAt, reattached.SubmittedAt);
        Assert.Equal(RunState.Running, resubmitted.State);
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal("done\n", await Output.All(after, run.Token));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task A_run_killed_while_no_engine_watched_is_Lost_and_not_started_again()
    {
        var run = Runs.Shell($"echo started >> {Counter}; sleep 300");
        LocalEngine before = _center.Open();
        await before.SubmitAsync(run, default);
        RunStatus running = await Wait.Running(before, run.Token);
        // Running means the wrapper wrote `started`; the command itself starts once its sandbox is up.
        await Wait.Until(() => Starts == 1, "the run's command started");
        await before.DisposeAsync();
        int group = Processes.GroupOf(running);
        Native.SignalProcessGroup(group, Native.SigKill); // e.g. the OOM killer, or a reboot
        await Wait.Until(() => Processes.AliveInGroup(group).Count == 0, "the run's processes are gone");

        await using LocalEngine after = _center.Open();
        RunStatus lost = (await after.FindAsync(run.Token, default))!;
        await Task.Delay(300);

        Assert.Equal(RunState.Lost, lost.State);
        Assert.Equal("started, but its process is gone without a recorded exit", lost.Message);
        Assert.Null(lost.ExitCode);
        Assert.NotNull(lost.EndedAt);
        Assert.Equal(1, Starts);
        Assert.Equal(lost, await after.SubmitAsync(run, default));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task A_run_queued_before_the_engine_went_away_starts_under_the_next_one()
    {
        Gate gate = _center.Gate();
        var first = GatedRuns.After(gate, "echo first");
        var queued = Runs.Shell($"echo started >> {Counter}; echo queued");
        LocalEngine before = _center.Open(slots: 1);
        await before.SubmitAsync(first, default);
        await before.SubmitAsync(queued, default);
        await Wait.Running(before, first.Token);
        await before.DisposeAsync();
        await Task.Delay(300);
        int startsWithoutEngine = Starts;

        await using LocalEngine after = _center.Open(slots: 1);
        RunState queuedAfterRestart = (await after.FindAsync(queued.Token, default))!.State;
        gate.Open();
        RunStatus firstDone = await Wait.Finished(after, first.Token);
        RunStatus queuedDone = await Wait.Finished(after, queued.Token);

        Assert.Equal(0, startsWithoutEngine);
        Assert.Equal(RunState.Pending, queuedAfterRestart);
        Assert.Equal(RunState.Succeeded, firstDone.State);
        Assert.Equal(RunState.Succeeded, queuedDone.State);
        Assert.True(queuedDone.StartedAt >= firstDone.EndedAt);
        Assert.Equal("queued\n", await Output.All(after, queued.Token));
        Assert.Equal(1, Starts);
    }

    [Fact]
    public async Task Finished_runs_are_read_back_with_their_status_and_output()
    {
        var succeeded = Runs.Of("echo", "kept");
        var failed = Runs.Shell("exit 4");
        RunStatus succeededBefore, failedBefore;
        await using (LocalEngine before = _center.Open())
        {
            await before.SubmitAsync(succeeded, default);
            await before.SubmitAsync(failed, default);
            succeededBefore = await Wait.Finished(before, succeeded.Token);
            failedBefore = await Wait.Finished(before, failed.Token);
        }

        await using LocalEngine after = _center.Open();

        Assert.Equal(succeededBefore, await after.FindAsync(succeeded.Token, default));
        Assert.Equal(failedBefore, await after.FindAsync(failed.Token, default));
        Assert.Equal("kept\n", await Output.All(after, succeeded.Token));
    }

    [Fact]
    public async Task A_cancelled_run_stays_cancelled_after_a_restart()
    {
        var blocker = Runs.Of("sleep", "30");
        var queued = Runs.Shell($"echo started >> {Counter}");
        await using (LocalEngine before = _center.Open(slots: 1))
        {
            await before.SubmitAsync(blocker, default);
            await before.SubmitAsync(queued, default);
            await before.CancelAsync(queued.Token, default);
            await before.CancelAsync(blocker.Token, default);
            await Wait.Finished(before, blocker.Token);
        }

        await using LocalEngine after = _center.Open(slots: 1);
        await Task.Delay(300);

        Assert.Equal(RunState.Cancelled, (await after.FindAsync(queued.Token, default))!.State);
        Assert.Equal(RunState.Cancelled, (await after.FindAsync(blocker.Token, default))!.State);
        Assert.Equal(0, Starts);
    }

    [Fact]
    public async Task A_submission_cut_short_before_request_json_was_never_acknowledged_and_is_removed()
    {
        Directory.CreateDirectory(Path.Combine(_center.RunDirectory("sw-torn-a1")));
        File.WriteAllText(Path.Combine(_center.RunDirectory("sw-torn-a1"), "request.json.tmp"), "{ \"form");

        await using LocalEngine engine = _center.Open();

        Assert.Null(await engine.FindAsync("sw-torn-a1", default));
        Assert.False(Directory.Exists(_center.RunDirectory("sw-torn-a1")));
    }

    [Fact]
    public async Task A_run_whose_request_cannot_be_read_is_reported_Failed_rather_than_dropped()
    {
        Directory.CreateDirectory(_center.RunDirectory("sw-garbled-a1"));
        File.WriteAllText(Path.Combine(_center.RunDirectory("sw-garbled-a1"), "request.json"), "not json");

        await using LocalEngine engine = _center.Open();
        RunStatus status = (await engine.FindAsync("sw-garbled-a1", default))!;

        Assert.Equal(RunState.Failed, status.State);
        Assert.StartsWith("its request.json cannot be read", status.Message);
    }

    // A pending run as the previous version accepted it (its request.json, written by that version): the batch script
    // under "slurm", where a job's Slurm settings were kept then.
    private const string PreviousRequest = """
        {
          "format": 1,
          "centerId": "test-center",
          "submittedAt": "2026-03-01T08:00:00+00:00",
          "request": {
            "jobId": "j-01abc",
            "attempt": 1,
            "dispatchToken": "sw-j-01abc-a1",
            "poolId": "cpu",
            "tenant": "acme",
            "job": {
              "id": "j-01abc",
              "name": "job.sh",
              "kind": "Batch",
              "command": [
                "/bin/sh"
              ],
              "environment": {},
              "resources": {
                "acceleratorCount": 0,
                "acceleratorModels": [],
                "minAcceleratorMemoryGiB": 0,
                "cpus": 1,
                "memoryGiB": 1,
                "nodes": 1,
                "isCpuOnly": true
              },
              "work": {
                "referenceHours": 1,
                "timeLimitHours": null
              },
              "inputs": [],
              "output": null,
              "constraints": {
                "residency": null,
                "deadline": null,
                "maxPriceYuan": null,
                "allowedCenters": [],
                "preferredCenters": [],
                "maxLatencyMs": null,
                "usersRegionId": null,
                "notBefore": null
              },
              "preferences": {
                "carbonWeight": 0,
                "flexibleStartHours": 0
              },
              "tenant": "acme",
              "tier": "sme",
              "dependsOn": [],
              "arrayIndex": null,
              "slurm": {
                "partition": null,
                "account": null,
                "ntasks": null,
                "cpusPerTask": null,
                "script": "#!/bin/sh\necho \u0022script of $SUANWANG_JOB_ID ran as $0\u0022\n"
              },
              "inputGiB": 0,
              "requeue": true
            }
          }
        }
        """;

    [Fact]
    public async Task A_run_the_previous_version_accepted_runs_its_batch_script_under_this_one()
    {
        string directory = _center.RunDirectory("sw-j-01abc-a1");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "request.json"), PreviousRequest);

        await using LocalEngine engine = _center.Open();
        RunStatus finished = await Wait.Finished(engine, "sw-j-01abc-a1");

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal($"script of j-01abc ran as {Path.Combine(directory, "script")}\n", await Output.All(engine, "sw-j-01abc-a1"));
    }
}
