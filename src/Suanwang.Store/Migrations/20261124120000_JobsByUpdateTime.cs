using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Suanwang.Store.Migrations;

/// <summary>
/// An index on the jobs' last change, so "what changed since T" (the dashboard's live feed) reads only the
/// changed rows instead of scanning the table. Provider-neutral like <see cref="Initial"/>.
/// </summary>
[DbContext(typeof(SuanwangDbContext))]
[Migration("20261124120000_JobsByUpdateTime")]
public sealed class JobsByUpdateTime : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder m) =>
        m.CreateIndex("IX_jobs_UpdatedAtMs", "jobs", "UpdatedAtMs");

    /// <inheritdoc />
    protected override void Down(MigrationBuilder m) =>
        m.DropIndex("IX_jobs_UpdatedAtMs", "jobs");
}
