using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Model.Errors;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Api;

/// <summary>Tenants, tokens (admins) and usage (everyone: their own).</summary>
public static class AccessEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ApiRoutes.Usage, UsageAsync).RequireAuthorization().WithTags("Usage").WithName("GetUsage")
            .WithSummary("Usage this month against quota and budget: the caller's tenant, or every tenant for admins").Produces<UsageView[]>().ProducesProblem(401);
        var admin = app.MapGroup("").RequireAuthorization(BrokerHost.AdminPolicy).WithTags("Administration");
        admin.ProducesProblem(401).ProducesProblem(403);
        admin.MapGet(ApiRoutes.Tenants, async (AccessStore access, HttpContext http) =>
                Results.Json((await access.TenantsAsync(http.RequestAborted)).Select(View).ToArray()))
            .WithName("ListTenants").WithSummary("Tenants").Produces<TenantView[]>();
        admin.MapPost(ApiRoutes.Tenants, CreateTenantAsync).WithName("CreateTenant").WithSummary("Create a tenant").Produces<TenantView>(201).ProducesProblem(400).ProducesProblem(409);
        admin.MapGet(ApiRoutes.Tokens, async (AccessStore access, HttpContext http) =>
                Results.Json((await access.TokensAsync(http.RequestAborted)).Select(t => new TokenView(t.Id, t.Role, t.Tenant, t.Description,
                    JobViews.Time(t.CreatedAtMs), t.RevokedAtMs is { } r ? JobViews.Time(r) : null)).ToArray()))
            .WithName("ListTokens").WithSummary("Tokens (never their secrets)").Produces<TokenView[]>();
        admin.MapPost(ApiRoutes.Tokens, IssueTokenAsync).WithName("IssueToken").WithSummary("Issue a token; its secret is shown once").Produces<IssuedToken>(201).ProducesProblem(400);
        admin.MapDelete(ApiRoutes.Token, async Task<IResult> (AccessStore access, TokenCache cache, TimeProvider time, HttpContext http, string id) =>
            {
                if (!await access.RevokeTokenAsync(id, JobViews.Ms(time.GetUtcNow()), http.RequestAborted)) return Problems.NotFound("token", id);
                cache.Clear();
                return Results.NoContent();
            })
            .WithName("RevokeToken").WithSummary("Revoke a token (idempotent)").Produces(204).ProducesProblem(404);
    }

    private static async Task<IResult> UsageAsync(HttpContext http, Usage usage)
    {
        var caller = Caller.From(http.User);
        return Results.Json(await usage.ForAsync(caller.IsAdmin ? null : caller.Tenant, http.RequestAborted));
    }

    private static async Task<IResult> CreateTenantAsync(HttpContext http, AccessStore access, NetworkState network, TimeProvider time, CreateTenantRequest? request)
    {
        if (request is null) return Problems.Of(400, "Bad request", "the body must be a tenant: {\"id\": …, \"tier\": …}");
        var errors = new List<SpecError>();
        if (!IsValidTenantId(request.Id)) errors.Add(new SpecError("id", "must be 1–63 lower-case letters, digits or '-', starting with a letter"));
        if (network.Current.Definition.FairShare.Find(request.Tier ?? "") is null)
            errors.Add(new SpecError("tier", $"'{request.Tier}' is not a tier of the network ({string.Join(", ", network.Current.Definition.FairShare.Tiers.Select(t => t.Name))})"));
        if (request.QuotaAcceleratorHours is { } q && (double.IsNaN(q) || q < 0 || double.IsInfinity(q))) errors.Add(new SpecError("quotaAcceleratorHours", "must be a number ≥ 0"));
        if (request.BudgetYuan is { } b && (double.IsNaN(b) || b < 0 || double.IsInfinity(b))) errors.Add(new SpecError("budgetYuan", "must be a number ≥ 0"));
        if (request.Name is { Length: > 200 }) errors.Add(new SpecError("name", "must be at most 200 characters"));
        if (errors.Count > 0) return Problems.Of(400, "Invalid tenant", $"{errors.Count} error{(errors.Count == 1 ? "" : "s")}", errors);
        var row = new TenantRow
        {
            Id = request.Id, Name = string.IsNullOrWhiteSpace(request.Name) ? request.Id : request.Name, Tier = request.Tier!,
            QuotaAcceleratorHours = request.QuotaAcceleratorHours, BudgetYuan = request.BudgetYuan, CreatedAtMs = JobViews.Ms(time.GetUtcNow()),
        };
        if (!await access.AddTenantAsync(row, http.RequestAborted)) return Problems.Of(409, "Tenant exists", $"tenant '{request.Id}' already exists");
        return Results.Json(View(row), statusCode: 201);
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, AccessStore access, TokenCache cache, TimeProvider time, IssueTokenRequest? request)
    {
        if (request is null) return Problems.Of(400, "Bad request", "the body must be {\"role\": \"tenant\"|\"admin\", \"tenant\": …}");
        if (request.Role is not (Tokens.AdminRole or Tokens.TenantRole))
            return Problems.Of(400, "Invalid token request", "unknown role", [new SpecError("role", $"'{request.Role}' is not admin or tenant")]);
        if (request.Role == Tokens.TenantRole && (request.Tenant is null || await access.TenantAsync(request.Tenant, http.RequestAborted) is null))
            return Problems.Of(400, "Invalid token request", "unknown tenant", [new SpecError("tenant", $"no tenant '{request.Tenant}'")]);
        if (request.Role == Tokens.AdminRole && request.Tenant is not null)
            return Problems.Of(400, "Invalid token request", "admin tokens act for no tenant", [new SpecError("tenant", "must be absent for an admin token")]);
        var issued = await IssueAsync(access, time, request.Role, request.Tenant, request.Description, http.RequestAborted);
        cache.Clear();
        return Results.Json(issued, statusCode: 201);
    }

    /// <summary>Creates and stores a token; the returned secret exists nowhere else.</summary>
    internal static async Task<IssuedToken> IssueAsync(AccessStore access, TimeProvider time, string role, string? tenant, string? description, CancellationToken cancellationToken)
    {
        string secret = Tokens.NewSecret();
        var row = new TokenRow
        {
            Id = Tokens.NewId(), SecretHash = Tokens.Hash(secret), Role = role, Tenant = tenant,
            Description = description is { Length: > 200 } ? description[..200] : description, CreatedAtMs = JobViews.Ms(time.GetUtcNow()),
        };
        await access.AddTokenAsync(row, cancellationToken);
        return new IssuedToken(row.Id, role, tenant, secret);
    }

    private static bool IsValidTenantId(string? id) =>
        id is { Length: > 0 and <= 63 } && id[0] is >= 'a' and <= 'z' && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    private static TenantView View(TenantRow t) => new(t.Id, t.Name, t.Tier, t.QuotaAcceleratorHours, t.BudgetYuan, JobViews.Time(t.CreatedAtMs));
}
