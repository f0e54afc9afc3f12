using Microsoft.EntityFrameworkCore;
using Suanwang.Store.Entities;

namespace Suanwang.Store;

/// <summary>
/// The broker's store: jobs and their events, idempotency keys, tenants, tokens, network revisions and
/// center holds. One model and one migration path for SQLite and PostgreSQL (see <c>Migrations/</c>:
/// migrations name no provider-specific column types, so each provider maps the CLR types itself).
/// </summary>
public sealed class SuanwangDbContext(DbContextOptions<SuanwangDbContext> options) : DbContext(options)
{
    /// <summary>Jobs.</summary>
    public DbSet<JobRow> Jobs => Set<JobRow>();
    /// <summary>Submissions' bodies (spec text and request, once per submission).</summary>
    public DbSet<JobBodyRow> JobBodies => Set<JobBodyRow>();
    /// <summary>Job events (every transition).</summary>
    public DbSet<JobEventRow> JobEvents => Set<JobEventRow>();
    /// <summary>Idempotency keys.</summary>
    public DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();
    /// <summary>Tenants.</summary>
    public DbSet<TenantRow> Tenants => Set<TenantRow>();
    /// <summary>API tokens (hashed).</summary>
    public DbSet<TokenRow> Tokens => Set<TokenRow>();
    /// <summary>Network revisions.</summary>
    public DbSet<NetworkRevisionRow> NetworkRevisions => Set<NetworkRevisionRow>();
    /// <summary>Operator holds on centers.</summary>
    public DbSet<CenterStateRow> CenterStates => Set<CenterStateRow>();

    internal const string WaitingIndex = "IX_jobs_State_Tenant_Sequence_NotHeld";
    internal const string HeldIndex = "IX_jobs_WaitsFor_Held";
    // Partial-index conditions, written so that both providers read them alike.
    internal const string NotHeld = "\"WaitsFor\" IS NULL";
    internal const string Held = "\"WaitsFor\" IS NOT NULL";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<JobRow>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Version).IsConcurrencyToken();
            // States are stored as their names, as they always were: typed in code, the same text in the column.
            e.Property(j => j.State).HasConversion<string>();
            e.HasIndex(j => new { j.Tenant, j.SubmittedAtMs });
            e.HasIndex(j => new { j.State, j.Sequence });
            e.HasIndex(j => new { j.CenterId, j.State });
            e.HasIndex(j => new { j.SubmittedAtMs, j.Id });
            e.HasIndex(j => j.Sequence).IsUnique();
            e.HasIndex(j => j.UpdatedAtMs);
            e.HasIndex(j => new { j.Tenant, j.State });
            e.Ignore(j => j.Body);
            // The scheduler's window: per state and tenant, the oldest jobs not held for a dependency.
            e.HasIndex(j => new { j.State, j.Tenant, j.Sequence }).HasDatabaseName(WaitingIndex).HasFilter(NotHeld);
            // Held jobs by the dependency they wait for (only held rows are in it).
            e.HasIndex(j => j.WaitsFor).HasDatabaseName(HeldIndex).HasFilter(Held);
        });
        model.Entity<JobBodyRow>(e =>
        {
            e.ToTable("job_bodies");
            e.HasKey(b => b.Id);
        });
        model.Entity<JobEventRow>(e =>
        {
            e.ToTable("job_events");
            e.HasKey(x => new { x.JobId, x.Version });
            e.Property(x => x.FromState).HasConversion<string>();
            e.Property(x => x.ToState).HasConversion<string>();
        });
        model.Entity<IdempotencyRow>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => x.Scope);
        });
        model.Entity<TenantRow>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(x => x.Id);
        });
        model.Entity<TokenRow>(e =>
        {
            e.ToTable("tokens");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.SecretHash).IsUnique();
        });
        model.Entity<NetworkRevisionRow>(e =>
        {
            e.ToTable("network_revisions");
            e.HasKey(x => x.Number);
            e.Property(x => x.Number).ValueGeneratedNever();
        });
        model.Entity<CenterStateRow>(e =>
        {
            e.ToTable("center_states");
            e.HasKey(x => x.CenterId);
        });
    }
}
