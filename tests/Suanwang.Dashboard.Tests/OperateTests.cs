using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>The operator's page and actions: utilisation, east–west share, energy, fairness, drained centers flagged; policy comparison from a simulation report.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OperateTests(DashboardFixture broker)
{
    [Fact]
    public async Task An_admin_drains_a_center_on_the_map_and_the_operations_page_flags_it()
    {
        var page = await broker.SignedInAsync(broker.AdminToken);
        await page.Locator("#centers-table tbody tr", new() { HasText = "Wuhu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Drain" }).ClickAsync();
        await Expect(page.Locator("section.detail .badge")).ToHaveTextAsync("Draining");
        await Expect(page.Locator("#centers-table tbody tr", new() { HasText = "Wuhu" })).ToContainTextAsync("Draining");

        try
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Operate" }).ClickAsync();
            await Expect(page.Locator("#flagged")).ToContainTextAsync("wuhu");
            await Expect(page.Locator("#flagged")).ToContainTextAsync("Draining");
            await Expect(page.Locator("#tiers-table tbody tr")).ToHaveCountAsync(4);
            await Expect(page.Locator("#tiers-table")).ToContainTextAsync("education");
            await Expect(page.Locator("#kpis")).ToContainTextAsync("Green share");
            await Expect(page.Locator("#util-hubs canvas").First).ToBeVisibleAsync();
            await Expect(page.Locator("#util-centers canvas").First).ToBeVisibleAsync();
            await DashboardFixture.ScreenshotAsync(page, "operate");
        }
        finally
        {
            (await broker.Admin.PostAsync("/v1/centers/wuhu/resume", null)).EnsureSuccessStatusCode();
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tenant_cannot_drain_centers()
    {
        var page = await broker.SignedInAsync(broker.TenantToken);
        await page.Locator("#centers-table tbody tr", new() { HasText = "Wuhu" }).ClickAsync();
        await Expect(page.Locator("section.detail")).ToContainTextAsync("PUE");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Drain" })).ToHaveCountAsync(0);
        await page.GotoAsync("/dashboard/#/operate");
        // A tenant has no Operate page: the address shows the network instead.
        await Expect(page.Locator("nav")).Not.ToContainTextAsync("Operate");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Computing power network");
        await Expect(page.Locator("#kpis")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_simulation_report_opens_with_every_policy_side_by_side()
    {
        var page = await broker.SignedInAsync(broker.TenantToken, "#/simulations");
        await page.GetByLabel("Open summary.json").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "summary.json"));
        await Expect(page.Locator("#sim-table tbody tr").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("#sim-table tbody tr").CountAsync() >= 2, "a comparison needs at least two policies");
        await Expect(page.Locator("#sim-table")).ToContainTextAsync("suanwang");
        // Each policy's water, in m³, from summary.json's waterLitres.
        await Expect(page.Locator("#sim-table thead")).ToContainTextAsync("Water m³");
        await Expect(page.Locator("#sim-table tbody tr", new() { HasText = "first-to-start" })).ToContainTextAsync("12.1");
        await Expect(page.Locator("#sim-completion-percentiles canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("#sim-tier-work-share canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("#sim-carbon canvas").First).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "simulation-golden");
        await page.Context.CloseAsync();
    }
}
