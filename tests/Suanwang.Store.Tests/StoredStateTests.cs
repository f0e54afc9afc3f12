using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Suanwang.Lifecycle;

namespace Suanwang.Store.Tests;

// States are typed in code and stored as the names they always were, so a store written by an earlier release reads
// as it is; the mark of a run its center requeued is a column of its own, converted from the reason's wording once.
public abstract partial class StoreKit
{
    [Fact]
    public async Task States_are_stored_as_their_names_in_the_jobs_and_the_events()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-text")]));
        await Jobs.TransitionAsync(new TransitionRequest("j-text", 1, JobState.Queued, "waiting"), 2_000, default);
        await using var db = new SuanwangDbContext(Options);
        Assert.Equal(["Queued"], await db.Database.SqlQueryRaw<string>("""SELECT "State" AS "Value" FROM "jobs" WHERE "Id" = 'j-text'""").ToListAsync());
        Assert.Equal(["Submitted", "Queued"], await db.Database.SqlQueryRaw<string>("""SELECT "ToState" AS "Value" FROM "job_events" WHERE "JobId" = 'j-text' ORDER BY "Version" """).ToListAsync());
        Assert.Equal(["Submitted"], await db.Database.SqlQueryRaw<string>("""SELECT "FromState" AS "Value" FROM "job_events" WHERE "JobId" = 'j-text' AND "FromState" IS NOT NULL""").ToListAsync());
    }

    [Fact]
    public async Task A_store_of_the_previous_schema_migrates_its_rows_read_typed_and_its_center_requeued_runs_are_marked()
    {
        await using (var db = new SuanwangDbContext(Options))
        {
            // Back to the schema before the mark, as a store written by the previous release.
            await db.GetService<IMigrator>().MigrateAsync("20261201000000_JobBodies");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "job_bodies" ("Id", "Tenant", "SpecText", "SpecSource", "RequestJson", "CreatedAtMs") VALUES ('b', 'acme', 'name: x', 'x.yaml', '{{}}', 1000);
                INSERT INTO "jobs" ("Id", "Tenant", "Tier", "Name", "State", "Version", "Attempt", "Sequence", "SubmittedAtMs", "UpdatedAtMs",
                    "Reason", "Accelerators", "Cpus", "MemoryGiB", "BodyId", "CenterId", "PoolId", "DispatchToken")
                VALUES ('j-pre', 'acme', 'sme', 'x', 'Running', 5, 1, 1, 1000, 6000, 'requeued by qingyang itself (node failure or preemption); attempt 1 waits there to run again', 0, 1, 1.0, 'b', 'qingyang', 'cpu', 'sw-j-pre-1'),
                       ('j-run', 'acme', 'sme', 'x', 'Running', 5, 1, 2, 1000, 6000, 'running at qingyang', 0, 1, 1.0, 'b', 'qingyang', 'cpu', 'sw-j-run-1'),
                       ('j-req', 'acme', 'sme', 'x', 'Requeued', 8, 2, 3, 1000, 6000, 'requeued as attempt 2 (attempt 1: the run is gone)', 0, 1, 1.0, 'b', NULL, NULL, NULL);
                INSERT INTO "job_events" ("JobId", "Version", "FromState", "ToState", "AtMs", "Reason", "Attempt")
                VALUES ('j-req', 1, NULL, 'Submitted', 1000, 'submitted', 1), ('j-req', 8, 'Lost', 'Requeued', 6000, 'requeued', 2);
                """);
            await db.Database.MigrateAsync();
        }
        var jobs = (await Jobs.GetManyAsync(["j-pre", "j-run", "j-req"], default)).ToDictionary(j => j.Id);
        Assert.Equal((JobState.Running, 6_000L), (jobs["j-pre"].State, jobs["j-pre"].RequeuedByCenterAtMs!.Value));
        Assert.Equal((JobState.Running, null), (jobs["j-run"].State, jobs["j-run"].RequeuedByCenterAtMs));
        Assert.Equal((JobState.Requeued, 2), (jobs["j-req"].State, jobs["j-req"].Attempt));
        var events = await Jobs.EventsAsync("j-req", default);
        Assert.Equal([((JobState?)null, JobState.Submitted), (JobState.Lost, JobState.Requeued)], events.Select(e => (e.FromState, e.ToState)));
        Assert.Equal(["j-req"], (await Jobs.WaitingWindowAsync(10, default)).Select(j => j.Id));
        Assert.Equal(["j-pre", "j-run"], (await Jobs.AtCentersAsync(default)).Select(j => j.Id));
        // The migrated rows move on through the lifecycle like any other.
        Assert.Equal(TransitionStatus.Applied, (await Jobs.TransitionAsync(new TransitionRequest("j-req", 8, JobState.Cancelled, "by owner"), 7_000, default)).Status);
    }
}
