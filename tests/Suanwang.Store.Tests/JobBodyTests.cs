using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Tests;

// A submission's text and request are stored once, however many array elements it made.
public abstract partial class StoreKit
{
    [Fact]
    public async Task An_arrays_elements_share_one_stored_body_which_full_reads_attach_once_without_its_text()
    {
        string script = "#!/bin/bash\n#SBATCH --array=0-999\n" + new string('x', 100 * 1024);
        long before = await StoreBytesAsync();
        var body = NewBody("j-array", text: script);
        var elements = Enumerable.Range(0, 1000).Select(i =>
        {
            var job = NewJob($"j-array_{i}", body: body);
            job.ArrayIndex = i;
            return job;
        }).ToList();
        await Jobs.SubmitAsync([new NewSubmission("acme", null, "h", elements)], default);
        long grown = await StoreBytesAsync() - before;

        var read = await Jobs.GetManyAsync([.. elements.Select(e => e.Id)], default);
        Assert.All(read, j => Assert.Equal(("j-array", "", "{}"), (j.BodyId, j.Body!.SpecText, j.Body.RequestJson)));
        Assert.Equal(Enumerable.Range(0, 1000), read.Select(j => j.ArrayIndex!.Value).Order());
        Assert.Equal(script, (await Jobs.BodiesAsync(["j-array"], default))["j-array"].SpecText);
        // Each element storing its own copy made this 1,000 × 100 KB = 100 MB and more; one copy and 1,000 rows are far
        // below 10 MB (the bound is tens of times the normal figure, so it only catches the copies).
        Assert.True(grown < 10 * 1024 * 1024, $"the store grew by {grown / 1024.0 / 1024:0.0} MB for one 100 KB array of 1,000");
    }

    [Fact]
    public async Task A_submission_without_its_body_is_refused_and_nothing_is_stored()
    {
        var job = NewJob("j-bodiless");
        job.Body = null;
        await Assert.ThrowsAsync<ArgumentException>(() => Jobs.SubmitAsync([new NewSubmission("acme", null, "h", [NewJob("j-fine-too"), job])], default));
        Assert.Null(await Jobs.GetAsync("j-fine-too", default));
    }

    [Fact]
    public async Task Migrating_a_store_of_the_previous_schema_gives_each_job_its_own_body_with_its_text_and_request()
    {
        await using (var db = new SuanwangDbContext(Options))
        {
            // Back to the schema before bodies, as a store written by the previous release.
            await db.GetService<IMigrator>().MigrateAsync("20261124120000_JobsByUpdateTime");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "jobs" ("Id", "Tenant", "Tier", "Name", "State", "Version", "Attempt", "Sequence", "SubmittedAtMs", "UpdatedAtMs",
                    "Reason", "Accelerators", "Cpus", "MemoryGiB", "SpecText", "SpecSource", "RequestJson")
                VALUES ('j-old_3', 'acme', 'sme', 'old', 'Queued', 2, 1, 1, 5000, 5000, 'waiting', 0, 1, 1.0, {0}, 'old.sh', {1})
                """, "#!/bin/sh\necho old", "{\"id\":\"j-old_3\",\"arrayIndex\":3}");
            await db.Database.MigrateAsync();
        }
        var job = await Jobs.GetAsync("j-old_3", default);
        Assert.Equal(("j-old_3", (int?)null, "{\"id\":\"j-old_3\",\"arrayIndex\":3}"), (job!.BodyId, job.ArrayIndex, job.Body!.RequestJson));
        var body = (await Jobs.BodiesAsync(["j-old_3"], default))["j-old_3"];
        Assert.Equal(("acme", "#!/bin/sh\necho old", "old.sh", 5000L), (body.Tenant, body.SpecText, body.SpecSource, body.CreatedAtMs));
        Assert.Equal(["j-old_3"], (await Jobs.WaitingWindowAsync(10, default)).Select(j => j.Id));
    }

    // Bytes the store occupies: the SQLite file and its log, or the PostgreSQL database.
    private async Task<long> StoreBytesAsync()
    {
        await using var db = new SuanwangDbContext(Options);
        if (db.Database.IsSqlite())
        {
            // After a truncating checkpoint the log is empty and the file is page_count pages.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            long pages = (await db.Database.SqlQueryRaw<long>("SELECT page_count AS \"Value\" FROM pragma_page_count()").ToListAsync()).Single();
            long pageSize = (await db.Database.SqlQueryRaw<long>("SELECT page_size AS \"Value\" FROM pragma_page_size()").ToListAsync()).Single();
            return pages * pageSize;
        }
        return (await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").ToListAsync()).Single();
    }
}
