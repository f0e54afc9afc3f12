using Microsoft.Playwright;
using Suanwang.Api.Contracts;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>Nothing is shown without a token; an admin's token opens the network map.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardFixture broker)
{
    [Fact]
    public async Task Without_a_token_only_the_sign_in_form_is_shown_and_a_wrong_token_is_refused()
    {
        var page = await broker.OpenAsync();
        int apiCalls = 0;
        page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)) apiCalls++; };

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#centers-table")).ToHaveCountAsync(0);
        await Expect(page.Locator("nav a")).ToHaveCountAsync(0);
        Assert.Equal(0, apiCalls);

        await page.GotoAsync("/dashboard/#/jobs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.GetByLabel("API token").FillAsync("swt_not-a-real-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token was not accepted.");
        await Expect(page.Locator("#centers-table")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_sees_the_map_of_every_center_with_its_load_price_and_carbon()
    {
        // Work whose data lives in the east running elsewhere draws flows on the map. It runs until the test
        // cancels it, so the flows are there however long the page takes to load.
        var flows = new List<JobView>();
        foreach (string hub in new[] { "yangtze-delta", "jing-jin-ji", "greater-bay-area" })
            flows.Add(await DashboardFixture.SubmitAsync(broker.Admin, DashboardFixture.Spec($"etl-{hub}", "sleep 3600", seconds: 5 * 3600, dataAt: hub)
                .Replace("resources:", "preferences: { carbonWeight: 1 }\nresources:")));
        try
        {
            await MapShowsEveryCenterAsync();
        }
        finally
        {
            foreach (var job in flows) await broker.Admin.PostAsync(Suanwang.Api.ApiRoutes.With(Suanwang.Api.ApiRoutes.JobCancel, job.Id), null);
        }
    }

    private async Task MapShowsEveryCenterAsync()
    {
        var page = await broker.SignedInAsync(broker.AdminToken);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Computing power network · china-hubs" })).ToBeVisibleAsync();
        await Expect(page.Locator("#network-map canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("#centers-table tbody tr")).ToHaveCountAsync(10);
        await Expect(page.Locator("#centers-table")).ToContainTextAsync("Qingyang cluster 庆阳数据中心集群");
        await Expect(page.Locator("nav")).ToContainTextAsync("Operate");

        // Clicking a center shows its queue, price, PUE, carbon and renewable share.
        await page.Locator("#centers-table tbody tr", new() { HasText = "Qingyang" }).ClickAsync();
        var detail = page.Locator("section.detail");
        await Expect(detail.GetByRole(AriaRole.Heading)).ToContainTextAsync("Qingyang");
        foreach (string fact in new[] { "Queued", "PUE", "Carbon gCO₂/kWh", "Renewable", "Price ¥/acc·h" })
            await Expect(detail).ToContainTextAsync(fact);

        // The live feed reports flows; wait until one is drawn (the map's option holds it), then photograph.
        await page.WaitForFunctionAsync("() => document.querySelector('[aria-live=polite]')?.textContent.includes('live')");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#centers-table tbody tr')].some(r => r.cells[4].textContent !== '0')");
        await Expect(page.Locator("#centers-table tbody")).Not.ToContainTextAsync("NaN");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.WaitForTimeoutAsync(2500);
        string shot = await DashboardFixture.ScreenshotAsync(page, "network-map", fullPage: false);
        Assert.True(new FileInfo(shot).Length > 50_000, "the map screenshot is nearly empty");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_network_outside_China_is_drawn_on_the_world_map()
    {
        var (app, token, cleanup) = await DashboardFixture.StartBrokerAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "two-continents.yaml"));
        try
        {
            var context = await broker.Browser.NewContextAsync(new() { BaseURL = app.Urls.First(), ViewportSize = new() { Width = 1440, Height = 900 } });
            var page = await context.NewPageAsync();
            var maps = new List<string>();
            page.Request += (_, r) => { if (r.Url.Contains("/maps/", StringComparison.Ordinal)) maps.Add(r.Url); };
            await page.GotoAsync("/dashboard/");
            await page.GetByLabel("API token").FillAsync(token);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("two-continents");
            await Expect(page.Locator("#network-map canvas").First).ToBeVisibleAsync();
            await Expect(page.Locator("#centers-table tbody tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("#centers-table")).ToContainTextAsync("Singapore center 新加坡中心");
            Assert.Contains(maps, url => url.EndsWith("/maps/world.json", StringComparison.Ordinal));
            Assert.DoesNotContain(maps, url => url.EndsWith("/maps/china.json", StringComparison.Ordinal));
            await page.WaitForTimeoutAsync(1500); // the symbols' entry animation
            await DashboardFixture.ScreenshotAsync(page, "network-world", fullPage: false);
            await context.CloseAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            cleanup();
        }
    }
}
