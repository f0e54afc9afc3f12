using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>A tenant's token shows that tenant's jobs only and no operator pages; an admin's shows everyone's.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TenantTests(DashboardFixture broker)
{
    [Fact]
    public async Task A_tenant_sees_only_its_own_jobs_and_an_admin_sees_all()
    {
        string otherToken = await broker.NewTenantTokenAsync("lab-b");
        using var other = broker.Client(otherToken);
        var theirs = await DashboardFixture.SubmitAsync(other, DashboardFixture.Spec("lab-b-secret", "true"));
        var mine = await DashboardFixture.SubmitAsync(broker.Tenant, DashboardFixture.Spec("default-visible", "true"));

        var page = await broker.SignedInAsync(broker.TenantToken, "#/jobs");
        await Expect(page.Locator("#session")).ToContainTextAsync("tenant: default");
        await Expect(page.Locator($"tr[data-job='{mine.Id}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-job='{theirs.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#jobs-table")).Not.ToContainTextAsync("lab-b");
        await Expect(page.Locator("nav")).Not.ToContainTextAsync("Operate");
        await Expect(page.Locator("#f-tenant")).ToHaveCountAsync(0);

        // Another tenant's job looks absent, even by its address.
        await page.GotoAsync($"/dashboard/#/jobs/{theirs.Id}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"no job '{theirs.Id}'");
        await page.Context.CloseAsync();

        var admin = await broker.SignedInAsync(broker.AdminToken, "#/jobs?tenant=lab-b");
        await Expect(admin.Locator($"tr[data-job='{theirs.Id}']")).ToHaveCountAsync(1);
        await Expect(admin.Locator($"tr[data-job='{mine.Id}']")).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task The_jobs_list_pages_through_the_server_a_page_at_a_time()
    {
        string token = await broker.NewTenantTokenAsync("pager-lab");
        using var client = broker.Client(token);
        for (int i = 0; i < 30; i++) await DashboardFixture.SubmitAsync(client, DashboardFixture.Spec($"batch-{i:00}", "true"));
        var page = await broker.SignedInAsync(token, "#/jobs");
        var pageSizes = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/v1/jobs?", StringComparison.Ordinal)) pageSizes.Add(r.Url); };

        await Expect(page.Locator("#jobs-table tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator("#jobs-table tbody tr").First).ToContainTextAsync("batch-29");
        await DashboardFixture.ScreenshotAsync(page, "jobs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Older →" }).ClickAsync();
        await Expect(page.Locator("#jobs-table tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("#jobs-table tbody tr").Last).ToContainTextAsync("batch-00");
        Assert.All(pageSizes, url => Assert.Contains("limit=25", url));

        // Filters are applied by the server: the request carries them.
        await page.GotoAsync("/dashboard/#/jobs");
        await page.GetByLabel("State").SelectOptionAsync("Cancelled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#jobs-table")).ToContainTextAsync("No jobs match.");
        Assert.Contains(pageSizes, url => url.Contains("state=Cancelled", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }
}
