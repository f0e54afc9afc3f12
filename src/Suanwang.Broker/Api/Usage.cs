using Suanwang.Api.Contracts;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker;

/// <summary>Per-tenant usage against quota and budget, per calendar month (UTC).</summary>
public sealed class Usage(JobStore jobs, AccessStore access, TimeProvider time)
{
    /// <summary>The first instant of the accounting period containing <paramref name="now"/>.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset now) => new(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Usage of one tenant, or of every tenant when <paramref name="tenant"/> is null.</summary>
    public async Task<IReadOnlyList<UsageView>> ForAsync(string? tenant, CancellationToken cancellationToken)
    {
        var period = PeriodStart(time.GetUtcNow());
        long since = JobViews.Ms(period);
        IReadOnlyList<TenantRow> tenants = tenant is null
            ? await access.TenantsAsync(cancellationToken)
            : (await access.TenantAsync(tenant, cancellationToken)) is { } one ? [one] : [];
        var totals = (await jobs.TotalsAsync(since, cancellationToken)).ToDictionary(t => t.Tenant);
        var views = new List<UsageView>(tenants.Count);
        foreach (var t in tenants)
        {
            var used = totals.GetValueOrDefault(t.Id) ?? new TenantTotals(t.Id, 0, 0, 0, 0, 0);
            var counts = await jobs.CountByStateAsync(t.Id, since, cancellationToken);
            views.Add(new UsageView(t.Id, t.Tier, period, counts, used.AcceleratorHours, used.CpuHours, used.CostYuan, used.EnergyKwh, used.CarbonKg,
                t.QuotaAcceleratorHours, t.QuotaAcceleratorHours is { } q ? Math.Max(0, q - used.AcceleratorHours) : null,
                t.BudgetYuan, t.BudgetYuan is { } b ? Math.Max(0, b - used.CostYuan) : null));
        }
        return views;
    }
}
