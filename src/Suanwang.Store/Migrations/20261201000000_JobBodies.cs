using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Suanwang.Store.Migrations;

/// <summary>
/// A submission's text and request are stored once, in <c>job_bodies</c>, however many jobs (array elements) it
/// made; each job names its body and its array index. Held jobs (waiting for a dependency) are marked, and two
/// partial indexes serve the scheduler's bounded reads: the oldest jobs per state and tenant that are not held,
/// and the held ones by what they wait for. Existing jobs are converted: each gets a body of its own holding its
/// request and spec text unchanged. Provider-neutral like <see cref="Initial"/>; the SQL below is plain
/// (quoted identifiers, <c>ALTER TABLE … DROP COLUMN</c>), which SQLite (3.35 and later) and PostgreSQL both run.
/// </summary>
[DbContext(typeof(SuanwangDbContext))]
[Migration("20261201000000_JobBodies")]
public sealed class JobBodies : Migration
{
    private static readonly string[] MovedColumns = ["SpecText", "SpecSource", "RequestJson"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("job_bodies", t => new
        {
            Id = t.Column<string>(nullable: false),
            Tenant = t.Column<string>(nullable: false),
            SpecText = t.Column<string>(nullable: false),
            SpecSource = t.Column<string>(nullable: false),
            RequestJson = t.Column<string>(nullable: false),
            CreatedAtMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_job_bodies", x => x.Id));
        m.AddColumn<string>("BodyId", "jobs", nullable: false, defaultValue: "");
        m.AddColumn<int>("ArrayIndex", "jobs", nullable: true);
        m.AddColumn<string>("WaitsFor", "jobs", nullable: true);

        m.Sql("""
            INSERT INTO "job_bodies" ("Id", "Tenant", "SpecText", "SpecSource", "RequestJson", "CreatedAtMs")
            SELECT "Id", "Tenant", "SpecText", "SpecSource", "RequestJson", "SubmittedAtMs" FROM "jobs";
            """);
        m.Sql("""UPDATE "jobs" SET "BodyId" = "Id";""");
        foreach (string column in MovedColumns)
            m.Sql($"""ALTER TABLE "jobs" DROP COLUMN "{column}";""");

        m.CreateIndex(SuanwangDbContext.WaitingIndex, "jobs", ["State", "Tenant", "Sequence"], filter: SuanwangDbContext.NotHeld);
        m.CreateIndex(SuanwangDbContext.HeldIndex, "jobs", "WaitsFor", filter: SuanwangDbContext.Held);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Array elements stored after <see cref="Up"/> get their body's request back, which is the array's, not the
    /// element's (its index and per-element environment are not in it).
    /// </remarks>
    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex(SuanwangDbContext.HeldIndex, "jobs");
        m.DropIndex(SuanwangDbContext.WaitingIndex, "jobs");
        foreach (string column in MovedColumns)
            m.AddColumn<string>(column, "jobs", nullable: false, defaultValue: "");
        m.Sql("""
            UPDATE "jobs" SET
                "SpecText" = (SELECT b."SpecText" FROM "job_bodies" b WHERE b."Id" = "jobs"."BodyId"),
                "SpecSource" = (SELECT b."SpecSource" FROM "job_bodies" b WHERE b."Id" = "jobs"."BodyId"),
                "RequestJson" = (SELECT b."RequestJson" FROM "job_bodies" b WHERE b."Id" = "jobs"."BodyId");
            """);
        foreach (string column in new[] { "BodyId", "ArrayIndex", "WaitsFor" })
            m.Sql($"""ALTER TABLE "jobs" DROP COLUMN "{column}";""");
        m.DropTable("job_bodies");
    }
}
