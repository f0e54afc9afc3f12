using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Suanwang.Store.Migrations;

/// <summary>
/// A job's center putting its running attempt back in the center's own queue is recorded in a column of its own,
/// <c>RequeuedByCenterAtMs</c>, instead of being read back from the reason's wording. Running jobs whose reason says
/// so (it began "requeued by ") are converted: their mark is set to their last change, the closest time the row
/// keeps. Provider-neutral like <see cref="Initial"/>; the SQL below runs on SQLite (3.35 and later) and PostgreSQL.
/// </summary>
[DbContext(typeof(SuanwangDbContext))]
[Migration("20261215000000_RequeuedByCenter")]
public sealed class RequeuedByCenter : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<long>("RequeuedByCenterAtMs", "jobs", nullable: true);
        m.Sql("""
            UPDATE "jobs" SET "RequeuedByCenterAtMs" = "UpdatedAtMs"
            WHERE "State" = 'Running' AND substr("Reason", 1, 12) = 'requeued by ';
            """);
    }

    /// <inheritdoc />
    /// <remarks>The reason of a job marked requeued by its center already says so: nothing else is needed to go back.</remarks>
    protected override void Down(MigrationBuilder m) =>
        m.Sql("""ALTER TABLE "jobs" DROP COLUMN "RequeuedByCenterAtMs";""");
}
