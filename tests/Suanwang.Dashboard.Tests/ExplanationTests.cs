using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>What lost each center is read from its loss code: named in the reader's language, and its figure highlighted.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExplanationTests(DashboardFixture broker)
{
    // Four of china-hubs' ten centers allowed: six are filtered for that, the others compete on the score.
    private const string Spec = """
        name: loss-codes
        command: ["sh", "-c", "true"]
        resources: { cpus: 4, memoryGiB: 8 }
        work: { referenceHours: 2 }
        constraints: { centers: [qingyang, zhongwei, guian, wuhu] }
        """;

    // The column each code highlights (the rest highlight none).
    private static readonly Dictionary<string, string> ColumnOfCode = new()
    {
        ["Slower"] = "finish", ["StartsLater"] = "start", ["Costlier"] = "cost", ["MoreCarbon"] = "carbon",
        ["FilteredDeadline"] = "finish", ["FilteredPriceCeiling"] = "cost",
    };

    [Theory]
    [InlineData(false, "not allowed by the job")]
    [InlineData(true, "作业未允许")]
    public async Task Each_loser_shows_what_lost_it_by_its_code_and_the_figure_it_lost_on(bool chinese, string notAllowed)
    {
        var page = await broker.SignedInAsync(broker.TenantToken, "#/submit");
        if (chinese) await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await page.Locator("#spec").FillAsync(Spec);
        await page.Locator("#preview-button").ClickAsync();
        var rows = page.Locator("#preview-table tbody tr");
        await Expect(rows).ToHaveCountAsync(10);

        var filtered = page.Locator("#preview-table tbody tr:has(td.factor mark[data-code=FilteredNotAllowed])");
        await Expect(filtered).ToHaveCountAsync(6);
        foreach (var row in await filtered.AllAsync())
            await Expect(row.Locator("td.factor mark")).ToHaveTextAsync(notAllowed);

        // Each outscored center: a code, and the figure of that code marked in its row (and no other).
        var outscored = page.Locator("#preview-table tbody tr:not(.chosen):not(:has(mark[data-code=FilteredNotAllowed]))");
        await Expect(outscored).ToHaveCountAsync(3);
        int highlighted = 0;
        foreach (var row in await outscored.AllAsync())
        {
            string code = await row.Locator("td.factor mark").GetAttributeAsync("data-code") ?? "";
            Assert.Matches("^(Slower|Costlier|MoreCarbon|TieBreak)$", code);
            if (!ColumnOfCode.TryGetValue(code, out string? column)) continue;
            await Expect(row.Locator($"td[data-column={column}] mark")).ToHaveCountAsync(1);
            await Expect(row.Locator("td[data-column] mark")).ToHaveCountAsync(1);
            highlighted++;
        }
        Assert.True(highlighted > 0, "no outscored center had its figure highlighted");
        // Every center with a plan shows the water it would use (a number; only filtered centers have none).
        await Expect(page.Locator("#preview-table thead")).ToContainTextAsync(chinese ? "用水 L" : "Water L");
        foreach (var cell in await page.Locator("#preview-table tbody tr:not(:has(mark[data-code^=Filtered])) td[data-column=water]").AllAsync())
            Assert.Matches(@"^\d[\d,.]*$", (await cell.TextContentAsync())!.Trim());
        await DashboardFixture.ScreenshotAsync(page, chinese ? "loss-codes-zh" : "loss-codes");
        await page.Context.CloseAsync();
    }
}
