using Suanwang.Lifecycle;

namespace Suanwang.Api.Contracts;

/// <summary>A tenant: whose jobs, at which tier, within which quota and budget.</summary>
/// <param name="Id">Tenant id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tier">Tier (e.g. enterprise, sme, research, education).</param>
/// <param name="QuotaAcceleratorHours">Accelerator-hours it may use per calendar month (null = unlimited).</param>
/// <param name="BudgetYuan">Yuan it may spend per calendar month (null = unlimited).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record TenantView(string Id, string Name, string Tier, double? QuotaAcceleratorHours, double? BudgetYuan, DateTimeOffset CreatedAt);

/// <summary>Creates a tenant.</summary>
/// <param name="Id">Tenant id: lower-case letters, digits and '-', 1–63 characters.</param>
/// <param name="Name">Display name (default: the id).</param>
/// <param name="Tier">Tier; must be one of the network's tiers.</param>
/// <param name="QuotaAcceleratorHours">Monthly accelerator-hour quota (null = unlimited).</param>
/// <param name="BudgetYuan">Monthly budget in yuan (null = unlimited).</param>
public sealed record CreateTenantRequest(string Id, string? Name, string Tier, double? QuotaAcceleratorHours, double? BudgetYuan);

/// <summary>Issues an API token.</summary>
/// <param name="Role">tenant (acts for <paramref name="Tenant"/>) or admin.</param>
/// <param name="Tenant">The tenant the token acts for (required for the tenant role).</param>
/// <param name="Description">What it is for, e.g. "ci pipeline".</param>
public sealed record IssueTokenRequest(string Role, string? Tenant, string? Description);

/// <summary>A newly issued token. The secret is shown once; the broker keeps only its hash.</summary>
/// <param name="Id">Token id (for revoking).</param>
/// <param name="Role">tenant or admin.</param>
/// <param name="Tenant">Tenant it acts for.</param>
/// <param name="Secret">The bearer token. Store it now: it cannot be shown again.</param>
public sealed record IssuedToken(string Id, string Role, string? Tenant, string Secret);

/// <summary>A token without its secret.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Role">tenant or admin.</param>
/// <param name="Tenant">Tenant it acts for.</param>
/// <param name="Description">What it is for.</param>
/// <param name="CreatedAt">When issued.</param>
/// <param name="RevokedAt">When revoked (null while valid).</param>
public sealed record TokenView(string Id, string Role, string? Tenant, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A tenant's use this month against its quota and budget.</summary>
/// <param name="Tenant">Tenant id.</param>
/// <param name="Tier">Tier.</param>
/// <param name="PeriodStart">Start of the accounting period (first of the month, UTC).</param>
/// <param name="JobsByState">Jobs submitted this period, by state.</param>
/// <param name="AcceleratorHours">Accelerator-hours used (finished runs metered, running ones so far).</param>
/// <param name="CpuHours">Core-hours used.</param>
/// <param name="CostYuan">Yuan spent.</param>
/// <param name="EnergyKwh">Facility energy.</param>
/// <param name="CarbonKg">Carbon, kg CO₂.</param>
/// <param name="QuotaAcceleratorHours">Quota (null = unlimited).</param>
/// <param name="RemainingAcceleratorHours">Quota left (null = unlimited).</param>
/// <param name="BudgetYuan">Budget (null = unlimited).</param>
/// <param name="RemainingBudgetYuan">Budget left (null = unlimited).</param>
public sealed record UsageView(
    string Tenant,
    string Tier,
    DateTimeOffset PeriodStart,
    IReadOnlyDictionary<JobState, int> JobsByState,
    double AcceleratorHours,
    double CpuHours,
    double CostYuan,
    double EnergyKwh,
    double CarbonKg,
    double? QuotaAcceleratorHours,
    double? RemainingAcceleratorHours,
    double? BudgetYuan,
    double? RemainingBudgetYuan);
