using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Suanwang.Store;

namespace Suanwang.Broker.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer …</c> against the hashed tokens in the store. Answers are
/// cached briefly (hits and misses) so a submission storm does not cost a store read per request;
/// revocation clears the cache at once.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "Bearer";

    /// <summary>Claim holding the tenant a token acts for.</summary>
    public const string TenantClaim = "suanwang:tenant";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("expected Authorization: Bearer <token>");
        string secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200) return AuthenticateResult.Fail("malformed token");
        var token = await cache.FindAsync(Tokens.Hash(secret), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("unknown or revoked token");
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, token.Id), new(ClaimTypes.Role, token.Role) };
        if (token.Tenant is not null) claims.Add(new Claim(TenantClaim, token.Tenant));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.WriteAsync(Context, 401, "Unauthorized", "a valid bearer token is required");
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, "Forbidden", "this action needs an admin token");
}

/// <summary>A short-lived cache of token lookups (hash → token or absent).</summary>
public sealed class TokenCache(AccessStore access, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (Store.Entities.TokenRow? Token, DateTimeOffset Expires)> _entries = new();

    /// <summary>The valid token with this hash, or null.</summary>
    public async Task<Store.Entities.TokenRow?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(hash, out var entry) && entry.Expires > now) return entry.Token;
        var token = await access.FindTokenAsync(hash, cancellationToken);
        if (_entries.Count > 100_000) _entries.Clear();
        _entries[hash] = (token, now + Ttl);
        return token;
    }

    /// <summary>Forgets everything (after a revocation or a new token).</summary>
    public void Clear() => _entries.Clear();
}

/// <summary>Who is calling.</summary>
/// <param name="TokenId">The token's id.</param>
/// <param name="IsAdmin">True for admin tokens.</param>
/// <param name="Tenant">The tenant a tenant token acts for (null for admins).</param>
public sealed record Caller(string TokenId, bool IsAdmin, string? Tenant)
{
    /// <summary>The caller behind an authenticated request.</summary>
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        user.IsInRole(Tokens.AdminRole),
        user.FindFirstValue(BearerTokenHandler.TenantClaim));

    /// <summary>True when the caller may see and touch a job of <paramref name="tenant"/>.</summary>
    public bool MayAccess(string tenant) => IsAdmin || Tenant == tenant;
}
