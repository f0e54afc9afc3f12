using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Suanwang.Store.Migrations;

/// <summary>
/// An index on (tenant, state), so counting a tenant's unfinished jobs (its limit on them is checked at every
/// submission near the limit) reads only those index entries, however many finished jobs the tenant has.
/// Provider-neutral like <see cref="Initial"/>.
/// </summary>
[DbContext(typeof(SuanwangDbContext))]
[Migration("20261126000000_JobsByTenantAndState")]
public sealed class JobsByTenantAndState : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder m) =>
        m.CreateIndex("IX_jobs_Tenant_State", "jobs", ["Tenant", "State"]);

    /// <inheritdoc />
    protected override void Down(MigrationBuilder m) =>
        m.DropIndex("IX_jobs_Tenant_State", "jobs");
}
