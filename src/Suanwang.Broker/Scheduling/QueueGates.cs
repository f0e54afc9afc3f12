using Suanwang.Broker.Api;
using Suanwang.Lifecycle;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Scheduling;

/// <summary>A waiting job's dependency that stops it: failed for good, or held (out of the window) until <paramref name="HoldFor"/> ends.</summary>
/// <param name="Failed">True when the job cannot run at all (the dependency ended otherwise, or is not its tenant's).</param>
/// <param name="Reason">What the job's reason becomes.</param>
/// <param name="HoldFor">The dependency still pending that the job waits for (null when it failed).</param>
public readonly record struct DependencyBlock(bool Failed, string Reason, string? HoldFor);

/// <summary>
/// What keeps waiting jobs out of placement before the core is asked, read from the store once per cycle: dependencies
/// not yet succeeded, and tenants past their monthly quota or budget.
/// </summary>
public sealed class QueueGates(JobStore jobs, AccessStore access, RequestCache requests, TimeProvider time)
{
    /// <summary>
    /// Jobs waiting on others (afterok), checked against every dependency before placement: failed when one ended
    /// any other way or is not the tenant's job; held for the first still pending, which takes the job out of the
    /// window until that one ends. The dependencies' states are read in slices, however many there are.
    /// </summary>
    public async Task<Dictionary<string, DependencyBlock>> BlockedByDependenciesAsync(List<JobRow> waiting, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DependencyBlock>();
        var withDeps = waiting.Select(j => (Job: j, Deps: requests.RequestOf(j).DependsOn)).Where(x => x.Deps.Count > 0).ToArray();
        if (withDeps.Length == 0) return result;
        var deps = await jobs.StatesAsync(withDeps.SelectMany(x => x.Deps).Distinct().ToArray(), cancellationToken);
        foreach (var (job, list) in withDeps)
        {
            foreach (string id in list)
            {
                if (!deps.TryGetValue(id, out var dep) || dep.Tenant != job.Tenant)
                { result[job.Id] = new(true, $"dependency '{id}' is not a job of tenant {job.Tenant}", null); break; }
                if (dep.State is JobState.Failed or JobState.Cancelled)
                { result[job.Id] = new(true, $"dependency '{id}' ended {dep.State}, so this job cannot run (afterok)", null); break; }
                if (dep.State != JobState.Succeeded)
                { result[job.Id] = new(false, $"waiting for dependency '{id}' ({dep.State}) to succeed", id); break; }
            }
        }
        return result;
    }

    /// <summary>Tenants past their monthly accelerator-hour quota or budget, with the reason their jobs show; their jobs stay queued.</summary>
    public async Task<Dictionary<string, string>> OverBudgetTenantsAsync(List<JobRow> waiting, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>();
        var tenants = waiting.Select(j => j.Tenant).Distinct().ToArray();
        var limited = new List<TenantRow>();
        foreach (string id in tenants)
            if (await access.TenantAsync(id, cancellationToken) is { } t && (t.QuotaAcceleratorHours is not null || t.BudgetYuan is not null))
                limited.Add(t);
        if (limited.Count == 0) return result;
        var period = Usage.PeriodStart(time.GetUtcNow());
        var totals = (await jobs.TotalsAsync(JobViews.Ms(period), cancellationToken)).ToDictionary(t => t.Tenant);
        foreach (var tenant in limited)
        {
            var used = totals.GetValueOrDefault(tenant.Id);
            if (tenant.QuotaAcceleratorHours is { } quota && (used?.AcceleratorHours ?? 0) >= quota)
                result[tenant.Id] = $"waiting: tenant {tenant.Id} has used its {quota:0.##} accelerator-hours for this month";
            else if (tenant.BudgetYuan is { } budget && (used?.CostYuan ?? 0) >= budget)
                result[tenant.Id] = $"waiting: tenant {tenant.Id} has spent its ¥{budget:0.##} budget for this month";
        }
        return result;
    }
}
