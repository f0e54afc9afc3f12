using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using Suanwang.Model.Network;
using Suanwang.Networks.Synthetic;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>A thousand centers: the map draws them all, the table pages them, the operations heat map has a row each, in seconds.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ScaleTests(DashboardFixture broker, ITestOutputHelper output)
{
    private const int Centers = 1000;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_network_of_a_thousand_centers_shows_paged_and_the_operations_page_lists_every_center()
    {
        string file = Path.Combine(Path.GetTempPath(), $"suanwang-{Centers}-centers-{Environment.ProcessId}.yaml");
        // Centers on the offline engine take no work: no processes, only the dashboard's load to measure.
        File.WriteAllText(file, Yaml(SyntheticNetworks.Generate(Centers, seed: 7)));
        var (app, token, cleanup) = await DashboardFixture.StartBrokerAsync(file);
        try
        {
            var context = await broker.Browser.NewContextAsync(new() { BaseURL = app.Urls.First(), ViewportSize = new() { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/dashboard/");
            await page.GetByLabel("API token").FillAsync(token);
            var clock = Stopwatch.StartNew();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.Locator("#centers-table tbody tr")).ToHaveCountAsync(50);
            await Expect(page.Locator("#network-map canvas").First).ToBeVisibleAsync();
            await Expect(page.Locator(".pager")).ToContainTextAsync("1 / 20");
            double mapSeconds = clock.Elapsed.TotalSeconds;
            await page.WaitForTimeoutAsync(1500); // the symbols' entry animation
            await DashboardFixture.ScreenshotAsync(page, "network-1000-centers", fullPage: false);
            using var api = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            int centersBytes = (await api.GetByteArrayAsync("/v1/centers")).Length;

            clock.Restart();
            await page.GotoAsync("/dashboard/#/operate");
            await Expect(page.Locator("#util-centers canvas").First).ToBeVisibleAsync();
            await Expect(page.Locator("#flagged tbody tr")).ToHaveCountAsync(Centers);
            double operateSeconds = clock.Elapsed.TotalSeconds;

            output.WriteLine($"{Centers} centers: network page (map + first 50 rows) {mapSeconds:0.0} s; operations page {operateSeconds:0.0} s; " +
                             $"GET /v1/centers {centersBytes / 1024} KiB " +
                             $"(headless Chromium, {Environment.ProcessorCount} cores, broker in the same process)");
            await context.CloseAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            cleanup();
            File.Delete(file);
        }
    }

    // The synthetic network written as a network file (every center on the offline engine, signals flattened to their annual values).
    private static string Yaml(NetworkDefinition n)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var y = new StringBuilder();
        y.AppendLine($"id: {n.Id}").AppendLine($"description: \"{n.Description}\"");
        y.AppendLine($"catalog:\n  referenceModel: {n.Catalog.ReferenceModelId}\n  models:");
        foreach (var m in n.Catalog.Models)
            y.AppendLine($"    - {{ id: {m.Id}, name: \"{m.DisplayName}\", kind: {m.Kind.ToString().ToLowerInvariant()}, vendor: \"{m.Vendor}\", relativeSpeed: {F(m.RelativeSpeed)}, " +
                         (m.Kind == ProcessorKind.Cpu ? "" : $"memoryGiB: {F(m.MemoryGiB)}, ") + $"boardPowerWatts: {F(m.BoardPowerWatts)} }}");
        y.AppendLine("regions:");
        foreach (var r in n.Regions)
            y.AppendLine($"  - {{ id: {r.Id}, name: \"{r.DisplayName}\", role: {r.Role.ToString().ToLowerInvariant()}, lat: {F(r.Latitude)}, lon: {F(r.Longitude)}, residencyZone: {r.ResidencyZone} }}");
        y.AppendLine("links:");
        foreach (var l in n.Links)
            y.AppendLine($"  - {{ between: [{l.FromRegionId}, {l.ToRegionId}], latencyMs: {F(l.LatencyMs)}, bandwidthGbps: {F(l.BandwidthGbps)}, pricePerGbYuan: {F(l.PricePerGbYuan)} }}");
        y.AppendLine($"intraRegion: {{ latencyMs: {F(n.IntraRegion.LatencyMs)}, bandwidthGbps: {F(n.IntraRegion.BandwidthGbps)}, pricePerGbYuan: {F(n.IntraRegion.PricePerGbYuan)} }}");
        y.AppendLine("centers:");
        foreach (var c in n.Centers)
        {
            y.AppendLine($"  - id: {c.Id}\n    name: \"{c.DisplayName}\"\n    region: {c.RegionId}\n    backend: {OfflineEngine.EngineName}\n    lat: {F(c.Latitude)}\n    lon: {F(c.Longitude)}\n    pools:");
            foreach (var p in c.Pools)
                y.AppendLine($"      - {{ id: {p.Id}, accelerator: {p.AcceleratorModelId}, " + (p.AcceleratorsPerNode > 0 ? $"acceleratorsPerNode: {p.AcceleratorsPerNode}, " : "") +
                             $"cpusPerNode: {p.CpusPerNode}, memoryGiBPerNode: {F(p.MemoryGiBPerNode)}, nodes: {p.NodeCount}" +
                             (p.PerAcceleratorHourYuan is { } price ? $", perAcceleratorHourYuan: {F(price)}" : "") + " }");
            y.AppendLine($"    pricing: {{ perAcceleratorHourYuan: {F(c.Pricing.PerAcceleratorHourYuan)}, perCpuHourYuan: {F(c.Pricing.PerCpuHourYuan)} }}");
            y.AppendLine($"    energy:\n      pue: {F(c.Energy.Pue)}\n      carbon: {{ annualGramsPerKwh: {F(c.Energy.CarbonIntensity.Values.Average())}, source: synthetic }}\n      renewable: {{ annualShare: {F(c.Energy.RenewableShare.Values.Average())}, source: synthetic }}");
        }
        return y.ToString();
    }
}
