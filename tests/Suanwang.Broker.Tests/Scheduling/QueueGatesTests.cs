using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>The gates before placement: a job's dependencies, and its tenant's budget and quota.</summary>
public sealed class QueueGatesTests
{
    [Fact]
    public async Task A_dependency_of_another_tenant_fails_the_job_and_one_still_pending_holds_it_for_that_dependency()
    {
        await using var h = await SchedulerHarness.StartAsync();
        await h.AddTenantAsync("other");
        string theirs = await h.SubmitOneAsync(Job("theirs"), "other");
        string own = await h.SubmitOneAsync(Job("own"));
        string onTheirs = await h.SubmitOneAsync(Job("on-theirs", 1, 1, $"dependsOn: [{theirs}]"));
        string onOwn = await h.SubmitOneAsync(Job("on-own", 1, 1, $"dependsOn: [{own}]"));
        var rows = (await h.Jobs.GetManyAsync([own, onTheirs, onOwn], default)).ToList();
        await h.Part<RequestCache>().LoadAsync(rows, default);

        var blocked = await h.Part<QueueGates>().BlockedByDependenciesAsync(rows, default);

        var ownState = rows.Single(r => r.Id == own).State;
        Assert.Equal(new DependencyBlock(true, $"dependency '{theirs}' is not a job of tenant default", null), blocked[onTheirs]);
        Assert.Equal(new DependencyBlock(false, $"waiting for dependency '{own}' ({ownState}) to succeed", own), blocked[onOwn]);
        Assert.False(blocked.ContainsKey(own));
    }

    [Fact]
    public async Task Tenants_past_their_quota_or_budget_are_named_with_the_limit_they_reached()
    {
        await using var h = await SchedulerHarness.StartAsync();
        await h.AddTenantAsync("no-hours", quotaAcceleratorHours: 0);
        await h.AddTenantAsync("no-money", budgetYuan: 0);
        await h.AddTenantAsync("plenty", budgetYuan: 1000, quotaAcceleratorHours: 1000);
        var ids = new[]
        {
            await h.SubmitOneAsync(Job("a"), "no-hours"), await h.SubmitOneAsync(Job("b"), "no-money"),
            await h.SubmitOneAsync(Job("c"), "plenty"), await h.SubmitOneAsync(Job("d")),
        };

        var over = await h.Part<QueueGates>().OverBudgetTenantsAsync([.. await h.Jobs.GetManyAsync(ids, default)], default);

        Assert.Equal(new Dictionary<string, string>
        {
            ["no-hours"] = "waiting: tenant no-hours has used its 0 accelerator-hours for this month",
            ["no-money"] = "waiting: tenant no-money has spent its ¥0 budget for this month",
        }, over);
    }
}
