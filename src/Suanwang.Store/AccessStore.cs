using Microsoft.EntityFrameworkCore;
using Suanwang.Store.Entities;

namespace Suanwang.Store;

/// <summary>Tenants, tokens, network revisions and center holds.</summary>
public sealed class AccessStore(DbContextOptions<SuanwangDbContext> options)
{
    private SuanwangDbContext Open() => new(options);

    /// <summary>The valid (not revoked) token with this secret hash, or null.</summary>
    public async Task<TokenRow?> FindTokenAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Tokens.FirstOrDefaultAsync(t => t.SecretHash == secretHash && t.RevokedAtMs == null, cancellationToken);
    }

    /// <summary>Stores a new token.</summary>
    public async Task AddTokenAsync(TokenRow token, CancellationToken cancellationToken)
    {
        await using var db = Open();
        db.Tokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every token, newest first.</summary>
    public async Task<IReadOnlyList<TokenRow>> TokensAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Tokens.OrderByDescending(t => t.CreatedAtMs).ThenBy(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a token; false when there is no such token. Idempotent.</summary>
    public async Task<bool> RevokeTokenAsync(string id, long atMs, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var token = await db.Tokens.AsTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null) return false;
        token.RevokedAtMs ??= atMs;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>True when some admin token exists (valid or not).</summary>
    public async Task<bool> AnyAdminTokenAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Tokens.AnyAsync(t => t.Role == "admin", cancellationToken);
    }

    /// <summary>The tenant, or null.</summary>
    public async Task<TenantRow?> TenantAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>Every tenant by id.</summary>
    public async Task<IReadOnlyList<TenantRow>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.Tenants.OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a tenant; false when the id is taken.</summary>
    public async Task<bool> AddTenantAsync(TenantRow tenant, CancellationToken cancellationToken)
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
    }

    /// <summary>The latest network revision, or null before the first.</summary>
    public async Task<NetworkRevisionRow?> LatestNetworkAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        return await db.NetworkRevisions.OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Appends a network revision numbered one past <paramref name="expectedLatest"/>; false when
    /// someone else appended first (re-read and retry).
    /// </summary>
    public async Task<bool> AddNetworkRevisionAsync(long expectedLatest, string yaml, string change, long atMs, CancellationToken cancellationToken)
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
    }

    /// <summary>Centers an operator drained.</summary>
    public async Task<IReadOnlySet<string>> DrainedCentersAsync(CancellationToken cancellationToken)
    {
        await using var db = Open();
        return (await db.CenterStates.Where(c => c.Drained).Select(c => c.CenterId).ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>Drains or resumes a center.</summary>
    public async Task SetDrainedAsync(string centerId, bool drained, long atMs, CancellationToken cancellationToken)
    {
        await using var db = Open();
        var row = await db.CenterStates.AsTracking().FirstOrDefaultAsync(c => c.CenterId == centerId, cancellationToken);
        if (row is null) db.CenterStates.Add(new CenterStateRow { CenterId = centerId, Drained = drained, UpdatedAtMs = atMs });
        else { row.Drained = drained; row.UpdatedAtMs = atMs; }
        await db.SaveChangesAsync(cancellationToken);
    }
}
