using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>Whatever a user names a job, the dashboard shows it as text: no markup from the server ever becomes elements.</summary>
[Collection(DashboardCollection.Name)]
public sealed class EscapingTests(DashboardFixture broker)
{
    private const string Hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"><b>bold</b>";

    [Fact]
    public async Task A_job_named_with_markup_is_shown_as_that_text_in_the_list_and_on_its_page()
    {
        var job = await DashboardFixture.SubmitAsync(broker.Tenant, DashboardFixture.Spec(Hostile, "echo '<i>not markup</i>'"));
        var page = await broker.SignedInAsync(broker.TenantToken, "#/jobs");

        var row = page.Locator($"tr[data-job='{job.Id}']");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Hostile);
        await AssertNoInjectedElementsAsync(page);

        await page.GotoAsync($"/dashboard/#/jobs/{job.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Hostile);
        await Expect(page.Locator("#job-state .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#job-output")).ToContainTextAsync("<i>not markup</i>", new() { Timeout = 15_000 });
        await AssertNoInjectedElementsAsync(page);
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoInjectedElementsAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("main script, main img, main b, main i").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
    }
}
