using Suanwang.Lifecycle;
using Suanwang.Broker.Api;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Engines;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>Which waiting job gets a center, and when: fair share, the hand-over limit, deferral, dependencies and budgets.</summary>
public sealed class PlacementScenarioTests
{
    [Fact]
    public async Task When_capacity_frees_the_tenant_holding_less_is_placed_first_though_it_submitted_later()
    {
        await using var h = await SchedulerHarness.StartAsync(TwoCenters(nodes: 1, cpusPerNode: 4));
        await h.AddTenantAsync("heavy");
        await h.AddTenantAsync("light");
        await h.AddTenantAsync("other");
        // heavy holds all of west; another tenant's job holds all of east.
        string hog = await h.SubmitOneAsync(Job("hog", cpus: 4, hours: 8, "constraints: { centers: [west] }"), "heavy");
        string blocker = await h.SubmitOneAsync(Job("blocker", cpus: 4, hours: 1, "constraints: { centers: [east] }"), "other");
        await h.CycleAfterAsync();
        h.Centers["west"].Start(hog);
        h.Centers["east"].Start(blocker);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Running, (await h.JobAsync(blocker)).State);

        // Each needs all of east for an hour and must be done within 1.5 h: only one can be, once east frees.
        string heavy = await h.SubmitOneAsync(Job("heavy-next", cpus: 4, hours: 1, "constraints: { centers: [east], deadline: +1h30m }"), "heavy");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        string light = await h.SubmitOneAsync(Job("light-next", cpus: 4, hours: 1, "constraints: { centers: [east], deadline: +1h30m }"), "light");
        await h.CycleAfterAsync();
        Assert.StartsWith("waiting: ", (await h.JobAsync(heavy)).Reason);
        Assert.StartsWith("waiting: ", (await h.JobAsync(light)).Reason);

        h.Centers["east"].Succeed(blocker);
        await h.CycleAfterAsync();

        var placed = await h.JobAsync(light);
        Assert.Equal((JobState.Dispatched, "east"), (placed.State, placed.CenterId));
        var waiting = await h.JobAsync(heavy);
        Assert.Equal(JobState.Queued, waiting.State);
        Assert.StartsWith("waiting: ", waiting.Reason);
        Assert.Equal([DispatchTokens.For(blocker, 1), DispatchTokens.For(light, 1)], h.Centers["east"].Submissions.Select(s => s.DispatchToken));
    }

    [Fact]
    public async Task A_job_goes_elsewhere_when_a_shared_centers_own_engine_reports_its_cores_taken_by_other_users()
    {
        await using var h = await SchedulerHarness.StartAsync();
        const string PrefersEast = "constraints: { preferredCenters: [east] }";
        string before = await h.SubmitOneAsync(Job("before", cpus: 4, hours: 1, PrefersEast));
        await h.CycleAfterAsync();
        Assert.Equal("east", (await h.JobAsync(before)).CenterId);

        // East's own engine: another user's jobs hold all its cores for a day.
        var now = h.Time.GetUtcNow();
        var all = new ResourceAmount(0, 64, 256);
        h.Centers["east"].Pools = [new PoolLoad("cpu", all, Nodes: 4, NodesDown: 0, [], [new OtherWork(all, Running: true, now, now.AddDays(1))])];
        await h.CycleAfterAsync();
        string after = await h.SubmitOneAsync(Job("after", cpus: 4, hours: 1, PrefersEast));
        await h.CycleAfterAsync();

        Assert.Equal((JobState.Dispatched, "west"), ((await h.JobAsync(after)).State, (await h.JobAsync(after)).CenterId));
    }

    [Fact]
    public async Task A_tenant_with_its_fill_of_jobs_at_a_center_not_yet_running_waits_in_the_broker_with_the_reason()
    {
        await using var h = await SchedulerHarness.StartAsync();
        var ids = new List<string>();
        for (int i = 0; i <= HandOverLimit.InFlightPerTenantAtCenter; i++)
            ids.Add(await h.SubmitOneAsync(Job($"small-{i}", cpus: 1, hours: 1, "constraints: { centers: [east] }")));
        await h.CycleAfterAsync();

        Assert.Equal(ids[..HandOverLimit.InFlightPerTenantAtCenter].Select(id => DispatchTokens.For(id, 1)), h.Centers["east"].Submissions.Select(s => s.DispatchToken));
        var held = await h.JobAsync(ids[^1]);
        Assert.Equal(JobState.Queued, held.State);
        Assert.Equal($"waiting: tenant default already has {HandOverLimit.InFlightPerTenantAtCenter} jobs at east not yet running; this one waits here, in fair-share order", held.Reason);

        // One starts: its place in the center's queue goes to the held job.
        h.Centers["east"].Start(ids[0]);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(ids[^1])).State);
    }

    [Fact]
    public async Task A_center_that_reports_its_own_capacity_takes_a_burst_of_one_tenants_jobs_at_once_up_to_what_it_can_start()
    {
        await using var h = await SchedulerHarness.StartAsync();
        // East reports its pool as a shared Slurm cluster does: 64 cores on its usable nodes, nobody else's work.
        h.Centers["east"].Pools = [new PoolLoad("cpu", new ResourceAmount(0, 64, 256), Nodes: 4, NodesDown: 0, [], [])];
        await h.CycleAfterAsync();
        var ids = new List<string>();
        for (int i = 0; i < 3 * HandOverLimit.InFlightPerTenantAtCenter; i++)
            ids.Add(await h.SubmitOneAsync(Job($"burst-{i}", cpus: 1, hours: 1, "constraints: { centers: [east] }")));
        await h.CycleAfterAsync();

        // Every one fits now, so every one is handed over at once rather than a handful per run seen starting.
        Assert.Equal(ids.Select(id => DispatchTokens.For(id, 1)), h.Centers["east"].Submissions.Select(s => s.DispatchToken));
        foreach (string id in ids) Assert.Equal(JobState.Dispatched, (await h.JobAsync(id)).State);
    }

    [Fact]
    public async Task A_job_deferred_to_a_cheaper_hour_is_not_handed_over_before_its_dispatch_time()
    {
        // Ten times cheaper from 14:00 to 16:00 local time (06:00-08:00 UTC); the harness starts at 08:00 local.
        double[] afternoon = [.. Enumerable.Range(0, 24).Select(hour => hour is 14 or 15 ? 0.1 : 1.0)];
        await using var h = await SchedulerHarness.StartAsync(TwoCenters(hourOfDay: afternoon));
        string id = await h.SubmitOneAsync(Job("flexible", cpus: 4, hours: 1, "preferences: { flexibleStartHours: 12 }"));
        await h.CycleAfterAsync();

        var row = await h.RowAsync(id);
        Assert.Equal(JobState.Placed, row.State);
        var dispatchAt = JobViews.Time(row.PlannedDispatchAtMs!.Value);
        Assert.True(dispatchAt >= SchedulerHarness.Start.AddHours(6), $"planned dispatch at {dispatchAt:u}");

        // Due within a tick of its time, not before.
        await h.CycleAtAsync(dispatchAt - h.Options.Tick - TimeSpan.FromSeconds(1));
        Assert.Equal(JobState.Placed, (await h.JobAsync(id)).State);
        Assert.Empty(h.Centers[row.CenterId!].Submissions);

        await h.CycleAtAsync(dispatchAt);
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(id)).State);
        Assert.Single(h.Centers[row.CenterId!].Submissions);
    }

    [Fact]
    public async Task A_job_waits_for_its_dependency_and_fails_naming_it_when_the_dependency_fails()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string first = await h.SubmitOneAsync(Job("first", cpus: 1, hours: 1, "constraints: { centers: [east] }"));
        string then = await h.SubmitOneAsync(Job("then", cpus: 1, hours: 1, $"dependsOn: [{first}]"));
        await h.CycleAfterAsync();
        Assert.Equal((JobState.Queued, $"waiting for dependency '{first}' to succeed (afterok)"), ((await h.JobAsync(then)).State, (await h.JobAsync(then)).Reason));
        Assert.Equal([DispatchTokens.For(first, 1)], h.Centers["east"].Submissions.Select(s => s.DispatchToken));
        Assert.Empty(h.Centers["west"].Submissions);

        h.Centers["east"].Fail(first, exitCode: 2);
        await h.CycleAfterAsync();
        Assert.Equal(JobState.Failed, (await h.JobAsync(first)).State);
        await h.CycleAfterAsync();
        var failed = await h.JobAsync(then);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Equal($"dependency '{first}' ended Failed, so this job cannot run (afterok)", failed.Reason);
    }

    [Fact]
    public async Task A_job_is_placed_once_its_dependency_succeeded()
    {
        await using var h = await SchedulerHarness.StartAsync();
        string first = await h.SubmitOneAsync(Job("first", cpus: 1, hours: 1, "constraints: { centers: [east] }"));
        string then = await h.SubmitOneAsync(Job("then", cpus: 1, hours: 1, $"dependsOn: [{first}]", "constraints: { centers: [west] }"));
        await h.CycleAfterAsync();
        h.Centers["east"].Succeed(first);
        await h.CycleAfterAsync();
        await h.CycleAfterAsync();

        Assert.Equal((JobState.Dispatched, "west"), ((await h.JobAsync(then)).State, (await h.JobAsync(then)).CenterId));
        Assert.Contains("Queued -> Placed", string.Join('\n', await h.HistoryAsync(then)));
    }

    [Fact]
    public async Task A_tenant_past_its_monthly_budget_waits_while_another_tenant_is_placed()
    {
        await using var h = await SchedulerHarness.StartAsync();
        await h.AddTenantAsync("spent", budgetYuan: 0);
        string waits = await h.SubmitOneAsync(Job("over-budget", cpus: 1, hours: 1), "spent");
        string runs = await h.SubmitOneAsync(Job("within-budget", cpus: 1, hours: 1));
        await h.CycleAfterAsync();

        var waiting = await h.JobAsync(waits);
        Assert.Equal((JobState.Queued, "waiting: tenant spent has spent its ¥0 budget for this month"), (waiting.State, waiting.Reason));
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(runs)).State);
    }
}
