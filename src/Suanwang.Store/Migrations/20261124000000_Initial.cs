using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Suanwang.Store.Migrations;

/// <summary>
/// The first schema. Written by hand, provider-neutral: columns give CLR types only, never a
/// provider's type names or value-generation annotations, so the same migration creates the same
/// schema on SQLite and PostgreSQL (the store test kit runs against both).
/// </summary>
[DbContext(typeof(SuanwangDbContext))]
[Migration("20261124000000_Initial")]
public sealed class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("jobs", t => new
        {
            Id = t.Column<string>(nullable: false),
            Tenant = t.Column<string>(nullable: false),
            Tier = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            State = t.Column<string>(nullable: false),
            Version = t.Column<long>(nullable: false),
            Attempt = t.Column<int>(nullable: false),
            Sequence = t.Column<long>(nullable: false),
            SubmittedAtMs = t.Column<long>(nullable: false),
            UpdatedAtMs = t.Column<long>(nullable: false),
            Reason = t.Column<string>(nullable: false),
            Accelerators = t.Column<int>(nullable: false),
            Cpus = t.Column<int>(nullable: false),
            MemoryGiB = t.Column<double>(nullable: false),
            SpecText = t.Column<string>(nullable: false),
            SpecSource = t.Column<string>(nullable: false),
            RequestJson = t.Column<string>(nullable: false),
            CenterId = t.Column<string>(nullable: true),
            PoolId = t.Column<string>(nullable: true),
            DispatchToken = t.Column<string>(nullable: true),
            DecisionJson = t.Column<string>(nullable: true),
            PlannedDispatchAtMs = t.Column<long>(nullable: true),
            PlannedStartAtMs = t.Column<long>(nullable: true),
            PlannedFinishAtMs = t.Column<long>(nullable: true),
            DispatchedAtMs = t.Column<long>(nullable: true),
            StartedAtMs = t.Column<long>(nullable: true),
            EndedAtMs = t.Column<long>(nullable: true),
            ExitCode = t.Column<int>(nullable: true),
            UnreachableSinceMs = t.Column<long>(nullable: true),
            ActualCostYuan = t.Column<double>(nullable: true),
            ActualEnergyKwh = t.Column<double>(nullable: true),
            ActualCarbonKg = t.Column<double>(nullable: true),
            ActualAcceleratorHours = t.Column<double>(nullable: true),
            ActualCpuHours = t.Column<double>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_jobs", x => x.Id));
        m.CreateIndex("IX_jobs_Tenant_SubmittedAtMs", "jobs", ["Tenant", "SubmittedAtMs"]);
        m.CreateIndex("IX_jobs_State_Sequence", "jobs", ["State", "Sequence"]);
        m.CreateIndex("IX_jobs_CenterId_State", "jobs", ["CenterId", "State"]);
        m.CreateIndex("IX_jobs_SubmittedAtMs_Id", "jobs", ["SubmittedAtMs", "Id"]);
        m.CreateIndex("IX_jobs_Sequence", "jobs", "Sequence", unique: true);

        m.CreateTable("job_events", t => new
        {
            JobId = t.Column<string>(nullable: false),
            Version = t.Column<long>(nullable: false),
            FromState = t.Column<string>(nullable: true),
            ToState = t.Column<string>(nullable: false),
            AtMs = t.Column<long>(nullable: false),
            Reason = t.Column<string>(nullable: false),
            Attempt = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_job_events", x => new { x.JobId, x.Version }));

        m.CreateTable("idempotency_keys", t => new
        {
            Scope = t.Column<string>(nullable: false),
            Tenant = t.Column<string>(nullable: false),
            Key = t.Column<string>(nullable: false),
            BodyHash = t.Column<string>(nullable: false),
            JobIds = t.Column<string>(nullable: false),
            CreatedAtMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_idempotency_keys", x => x.Scope));

        m.CreateTable("tenants", t => new
        {
            Id = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Tier = t.Column<string>(nullable: false),
            QuotaAcceleratorHours = t.Column<double>(nullable: true),
            BudgetYuan = t.Column<double>(nullable: true),
            CreatedAtMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_tenants", x => x.Id));

        m.CreateTable("tokens", t => new
        {
            Id = t.Column<string>(nullable: false),
            SecretHash = t.Column<string>(nullable: false),
            Role = t.Column<string>(nullable: false),
            Tenant = t.Column<string>(nullable: true),
            Description = t.Column<string>(nullable: true),
            CreatedAtMs = t.Column<long>(nullable: false),
            RevokedAtMs = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_tokens", x => x.Id));
        m.CreateIndex("IX_tokens_SecretHash", "tokens", "SecretHash", unique: true);

        m.CreateTable("network_revisions", t => new
        {
            Number = t.Column<long>(nullable: false),
            Yaml = t.Column<string>(nullable: false),
            Change = t.Column<string>(nullable: false),
            CreatedAtMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_network_revisions", x => x.Number));

        m.CreateTable("center_states", t => new
        {
            CenterId = t.Column<string>(nullable: false),
            Drained = t.Column<bool>(nullable: false),
            UpdatedAtMs = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_center_states", x => x.CenterId));
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder m)
    {
        foreach (string table in new[] { "center_states", "network_revisions", "tokens", "tenants", "idempotency_keys", "job_events", "jobs" })
            m.DropTable(table);
    }
}
