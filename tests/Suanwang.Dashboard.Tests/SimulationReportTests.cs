using System.Text.Json;
using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using Suanwang.Simulation.Summary;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>
/// The simulator's report.html, opened from disk in Chromium cut off from the network, draws every chart with the
/// script it carries; and the dashboard's Simulations page draws the figures both show the same way (one module,
/// web/src/simulation/figures.js). What the charts drew is read from the canvases: every text and every fill colour
/// each chart's canvas is given is recorded, by a script injected before the page loads.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SimulationReportTests(DashboardFixture broker)
{
    // The figures of a report that the dashboard draws too, from summary.json alone.
    private static readonly string[] SharedFigures = ["carbon", "cost", "energy", "western-share", "jain", "tier-slowdown"];

    // Records, per chart (the nearest element with data-figure), the texts drawn and the colours filled on its canvas.
    private const string RecordCharts = """
        (() => {
          const drawn = {};
          window.__charts = drawn;
          const of = (ctx) => {
            const el = ctx.canvas instanceof HTMLCanvasElement ? ctx.canvas.closest('[data-figure]') : null;
            if (!el) return null;
            const key = el.dataset.figure + (el.dataset.policy ? ':' + el.dataset.policy : '');
            return drawn[key] ??= { texts: [], fills: [] };
          };
          const proto = CanvasRenderingContext2D.prototype;
          for (const name of ['fillText', 'strokeText']) {
            const original = proto[name];
            proto[name] = function (text, ...rest) {
              const chart = of(this);
              if (chart && !chart.texts.includes(String(text))) chart.texts.push(String(text));
              return original.call(this, text, ...rest);
            };
          }
          for (const name of ['fill', 'fillRect']) {
            const original = proto[name];
            proto[name] = function (...args) {
              const chart = of(this);
              if (chart && typeof this.fillStyle === 'string' && !chart.fills.includes(this.fillStyle)) chart.fills.push(this.fillStyle);
              return original.apply(this, args);
            };
          }
        })();
        """;

    private sealed record Drawn(List<string> Texts, List<string> Fills);

    [Fact]
    public async Task The_report_opened_from_disk_draws_every_chart_with_nothing_from_the_network()
    {
        var report = SimulatedReport.Get();
        var summary = report.Data.Summary;
        var (page, requests, errors) = await OpenReportAsync(report);

        var figures = await page.Locator("[data-figure]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.figure + (e.dataset.policy ? ':' + e.dataset.policy : ''))");
        int withSeries = report.Data.Series.Count;
        Assert.Equal(8 + withSeries, figures.Length);
        var drawn = await DrawnAsync(page, figures, summary.Policies[^1].Name);
        Assert.True(await page.Locator("[data-figure]").EvaluateAllAsync<bool>("els => els.every(e => e.querySelector('canvas')?.width > 0)"));
        Assert.Equal(0, await page.Locator(".chart-error").CountAsync());
        await DashboardFixture.ScreenshotAsync(page, "simulation-report");

        foreach (string figure in figures)
        {
            Assert.True(drawn.ContainsKey(figure), $"{figure}: nothing drawn");
            Assert.NotEmpty(await page.Locator($"[data-figure='{figure.Split(':')[0]}']").First.GetAttributeAsync("aria-label") ?? "");
        }
        // Each bar chart shows every policy by name with its value as the tables print it; carbon also its lower bound.
        foreach (var policy in summary.Policies)
        {
            Assert.Contains(policy.Name, drawn["carbon"].Texts);
            Assert.Contains(SimulatedReport.Quantity(policy.CarbonKg), drawn["carbon"].Texts);
            Assert.Contains(SimulatedReport.Quantity(policy.CostYuan), drawn["cost"].Texts);
            Assert.Contains(SimulatedReport.Quantity(policy.EnergyKwh), drawn["energy"].Texts);
            Assert.Contains(policy.Name, drawn["wait-cdf"].Texts);
        }
        Assert.Contains("lower bound (greenest)", drawn["carbon"].Texts);
        // The heatmaps label their rows with the network's centers.
        Assert.All(report.Data.CenterIds, id => Assert.Contains(id, drawn["load:0"].Texts));
        Assert.Empty(requests);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_policys_colour_is_the_same_in_the_reports_tables_and_charts()
    {
        var report = SimulatedReport.Get();
        var (page, _, _) = await OpenReportAsync(report);
        var drawn = await DrawnAsync(page, ["carbon", "wait-cdf"], report.Data.Summary.Policies[^1].Name);

        var swatches = await page.Locator("table.compare").First.Locator("th[scope=row] .swatch")
            .EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('style').replace('background:', '').toLowerCase())");
        Assert.Equal(report.Data.Summary.Policies.Count, swatches.Length);
        foreach (string colour in swatches)
            Assert.Contains(colour, drawn["carbon"].Fills);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_draws_the_figures_it_shares_with_the_report_the_same_way()
    {
        var report = SimulatedReport.Get();
        var (reportPage, _, _) = await OpenReportAsync(report);
        var inReport = await DrawnAsync(reportPage, SharedFigures, report.Data.Summary.Policies[^1].Name);

        var page = await broker.SignedInAsync(broker.TenantToken, "#/simulations");
        await page.Context.AddInitScriptAsync(RecordCharts);
        await page.ReloadAsync();
        await page.GetByLabel("Open summary.json").SetInputFilesAsync(report.SummaryPath);
        var onDashboard = await DrawnAsync(page, SharedFigures, report.Data.Summary.Policies[^1].Name);
        await DashboardFixture.ScreenshotAsync(page, "simulation");

        foreach (string figure in SharedFigures)
        {
            // The same description in words (with the same numbers), the same bar labels and the same colours.
            string? described = await reportPage.Locator($"[data-figure='{figure}']").GetAttributeAsync("aria-label");
            Assert.False(string.IsNullOrEmpty(described));
            Assert.Equal(described, await page.Locator($"[data-figure='{figure}']").GetAttributeAsync("aria-label"));
            var labels = report.Data.Summary.Policies.Select(p => p.Name).Where(inReport[figure].Texts.Contains).ToList();
            Assert.NotEmpty(labels);
            Assert.All(labels, l => Assert.Contains(l, onDashboard[figure].Texts));
            Assert.Equal(inReport[figure].Fills.Order(), onDashboard[figure].Fills.Order());
        }
        foreach (var policy in report.Data.Summary.Policies)
            Assert.Contains(SimulatedReport.Quantity(policy.CarbonKg), onDashboard["carbon"].Texts);
        await reportPage.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Names_in_the_report_are_drawn_as_text_in_any_script()
    {
        var real = SimulatedReport.Get().Data;
        string markup = "<img src=x onerror=alert(2)>";
        var policies = real.Summary.Policies.Take(2).ToList();
        policies[0] = policies[0] with { Name = markup };
        policies[1] = policies[1] with { Name = "绿色优先" };
        var report = SimulatedReport.Write(new SimulationReportData(real.Summary with { Policies = policies }, real.CenterIds, real.CenterNames, []));
        var (page, _, errors) = await OpenReportAsync(report);
        var drawn = await DrawnAsync(page, ["carbon"], "绿色优先");

        Assert.Contains(markup, drawn["carbon"].Texts);
        // Hovering shows the tooltip, the one part of a chart built from HTML: the name is its text, not an element.
        await page.Locator("[data-figure='carbon']").ScrollIntoViewIfNeededAsync();
        var box = (await page.Locator("[data-figure='carbon']").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height * 0.3f);
        await Expect(page.Locator("[data-figure='carbon'] div", new() { HasText = "onerror" }).Last).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    // Opens report.html from disk in a fresh context that lets no request leave the file system; returns the
    // requests refused and the script errors seen.
    private async Task<(IPage Page, List<string> Requests, List<string> Errors)> OpenReportAsync(SimulatedReport report)
    {
        var context = await broker.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var requests = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                lock (requests) requests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        await context.AddInitScriptAsync(RecordCharts);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        await page.GotoAsync(new Uri(report.ReportPath).AbsoluteUri);
        return (page, requests, errors);
    }

    // What each chart drew, once every chart of figures has drawn something and the last policy's name is among the
    // carbon chart's texts (or the first chart's, without one).
    private static async Task<Dictionary<string, Drawn>> DrawnAsync(IPage page, IReadOnlyList<string> figures, string lastPolicy)
    {
        await page.WaitForFunctionAsync(
            "([figures, name]) => figures.every(f => window.__charts?.[f]?.texts.length > 0) && (window.__charts[figures[0]].texts.includes(name))",
            new object[] { figures.ToArray(), lastPolicy });
        await page.WaitForTimeoutAsync(600); // the dashboard animates its bars in for 400 ms
        string json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__charts)");
        return JsonSerializer.Deserialize<Dictionary<string, Drawn>>(json, DashboardFixture.Json)!;
    }
}
