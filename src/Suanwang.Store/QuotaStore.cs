using Microsoft.EntityFrameworkCore;
using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store;

/// <summary>
/// What the broker's per-tenant limits read from the store. Every method opens its own short-lived context:
/// safe to call concurrently.
/// </summary>
public sealed class QuotaStore(DbContextOptions<SuanwangDbContext> options)
{
    // Listed rather than "not final", so the count reads only the tenant's unfinished entries of the
    // (Tenant, State) index, however many finished jobs the tenant has.
    private static readonly JobState[] Unfinished = [.. Enum.GetValues<JobState>().Where(s => !JobLifecycle.IsFinal(s))];

    /// <summary>How many of <paramref name="tenant"/>'s jobs have not ended (not Succeeded, Failed or Cancelled).</summary>
    public async Task<int> CountUnfinishedAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var db = new SuanwangDbContext(options);
        return await db.Jobs.CountAsync(j => j.Tenant == tenant && Unfinished.Contains(j.State), cancellationToken);
    }

    /// <summary>True when <paramref name="tenant"/> has used idempotency key <paramref name="key"/> before (a repeat creates nothing).</summary>
    public async Task<bool> KnowsIdempotencyKeyAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        string scope = IdempotencyRow.ScopeOf(tenant, key);
        await using var db = new SuanwangDbContext(options);
        return await db.IdempotencyKeys.AnyAsync(k => k.Scope == scope, cancellationToken);
    }
}
