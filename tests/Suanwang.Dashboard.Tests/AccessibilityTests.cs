using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>axe finds no violations on the main pages, in English and in Chinese.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessibilityTests(DashboardFixture broker)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "#/", "#centers-table tbody tr" },
        { "#/jobs", "#jobs-table tbody tr" },
        { "#/submit", "#spec" },
        { "#/operate", "#tiers-table" },
        { "#/simulations", "#summary-file" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_main_page_has_no_accessibility_violations(string fragment, string ready)
    {
        var page = await broker.SignedInAsync(broker.AdminToken, fragment);
        await Expect(page.Locator(ready).First).ToBeAttachedAsync();
        await AssertNoViolationsAsync(page, fragment);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_job_page_in_Chinese_has_no_accessibility_violations()
    {
        var job = await DashboardFixture.SubmitAsync(broker.Tenant, DashboardFixture.Spec("axe-job", "echo ok"));
        var page = await broker.SignedInAsync(broker.TenantToken, $"#/jobs/{job.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "调度决策与原因" })).ToBeVisibleAsync();
        await Expect(page.Locator("#job-state .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#explanation-table")).ToBeVisibleAsync();
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await AssertNoViolationsAsync(page, "job page (zh)");
        await DashboardFixture.ScreenshotAsync(page, "job-zh");
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var problems = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}").ToArray();
        Assert.True(problems.Length == 0, $"{what}: {string.Join("\n", problems)}");
    }
}
