using Microsoft.EntityFrameworkCore;
using Suanwang.Store.Entities;
using Suanwang.Store.Health;

namespace Suanwang.Store;

/// <summary>Tenants, tokens, network revisions and center holds. Each method runs under the caller's <see cref="StoreDeadline"/>.</summary>
public sealed class AccessStore(DbContextOptions<SuanwangDbContext> options)
{
    private SuanwangDbContext Open() => new(options);

    /// <summary>The valid (not revoked) token with this secret hash, or null.</summary>
    public Task<TokenRow?> FindTokenAsync(string secretHash, CancellationToken cancellationToken) => StoreDeadline.RunAsync<TokenRow?>(async () =>
    {
        await using var db = Open();
        return await db.Tokens.FirstOrDefaultAsync(t => t.SecretHash == secretHash && t.RevokedAtMs == null, cancellationToken);
    }, cancellationToken);

    /// <summary>Stores a new token.</summary>
    public Task AddTokenAsync(TokenRow token, CancellationToken cancellationToken) => StoreDeadline.RunAsync(async () =>
    {
        await using var db = Open();
        db.Tokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Every token, newest first.</summary>
    public Task<IReadOnlyList<TokenRow>> TokensAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<TokenRow>>(async () =>
    {
        await using var db = Open();
        return await db.Tokens.OrderByDescending(t => t.CreatedAtMs).ThenBy(t => t.Id).ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Revokes a token; false when there is no such token. Idempotent.</summary>
    public Task<bool> RevokeTokenAsync(string id, long atMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<bool>(async () =>
    {
        await using var db = Open();
        var token = await db.Tokens.AsTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null) return false;
        token.RevokedAtMs ??= atMs;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }, cancellationToken);

    /// <summary>True when some admin token exists (valid or not).</summary>
    public Task<bool> AnyAdminTokenAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<bool>(async () =>
    {
        await using var db = Open();
        return await db.Tokens.AnyAsync(t => t.Role == "admin", cancellationToken);
    }, cancellationToken);

    /// <summary>The tenant, or null.</summary>
    public Task<TenantRow?> TenantAsync(string id, CancellationToken cancellationToken) => StoreDeadline.RunAsync<TenantRow?>(async () =>
    {
        await using var db = Open();
        return await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }, cancellationToken);

    /// <summary>Every tenant by id.</summary>
    public Task<IReadOnlyList<TenantRow>> TenantsAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlyList<TenantRow>>(async () =>
    {
        await using var db = Open();
        return await db.Tenants.OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Creates a tenant; false when the id is taken.</summary>
    public Task<bool> AddTenantAsync(TenantRow tenant, CancellationToken cancellationToken) => StoreDeadline.RunAsync<bool>(async () =>
    {
        await using var db = Open();
        if (await db.Tenants.AnyAsync(t => t.Id == tenant.Id, cancellationToken)) return false;
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }, cancellationToken);

    /// <summary>The latest network revision, or null before the first.</summary>
    public Task<NetworkRevisionRow?> LatestNetworkAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<NetworkRevisionRow?>(async () =>
    {
        await using var db = Open();
        return await db.NetworkRevisions.OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Appends a network revision numbered one past <paramref name="expectedLatest"/>; false when
    /// someone else appended first (re-read and retry).
    /// </summary>
    public Task<bool> AddNetworkRevisionAsync(long expectedLatest, string yaml, string change, long atMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync<bool>(async () =>
    {
        await using var db = Open();
        db.NetworkRevisions.Add(new NetworkRevisionRow { Number = expectedLatest + 1, Yaml = yaml, Change = change, CreatedAtMs = atMs });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }, cancellationToken);

    /// <summary>Centers an operator drained.</summary>
    public Task<IReadOnlySet<string>> DrainedCentersAsync(CancellationToken cancellationToken) => StoreDeadline.RunAsync<IReadOnlySet<string>>(async () =>
    {
        await using var db = Open();
        return (await db.CenterStates.Where(c => c.Drained).Select(c => c.CenterId).ToListAsync(cancellationToken)).ToHashSet();
    }, cancellationToken);

    /// <summary>Drains or resumes a center.</summary>
    public Task SetDrainedAsync(string centerId, bool drained, long atMs, CancellationToken cancellationToken) => StoreDeadline.RunAsync(async () =>
    {
        await using var db = Open();
        var row = await db.CenterStates.AsTracking().FirstOrDefaultAsync(c => c.CenterId == centerId, cancellationToken);
        if (row is null) db.CenterStates.Add(new CenterStateRow { CenterId = centerId, Drained = drained, UpdatedAtMs = atMs });
        else { row.Drained = drained; row.UpdatedAtMs = atMs; }
        await db.SaveChangesAsync(cancellationToken);
    }, cancellationToken);
}
