using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>
/// The hub labels on the network map (内蒙古 sits 3° west of 京津冀) are all drawn and none covers another. The boxes
/// checked are the ones the browser drew: every fillText/strokeText on a canvas is recorded (text, font metrics, the
/// canvas transform) by a script injected before the page loads, so what is measured is the rendering, not the
/// dashboard's own idea of where it put the labels.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class MapLabelTests(DashboardFixture broker)
{
    // Records the box (in CSS pixels of the page) of the last drawing of each text on a canvas inside #network-map.
    private const string RecordCanvasText = """
        (() => {
          const boxes = new Map();
          window.__drawnText = boxes;
          const proto = CanvasRenderingContext2D.prototype;
          for (const name of ['fillText', 'strokeText']) {
            const original = proto[name];
            proto[name] = function (text, x, y, ...rest) {
              const canvas = this.canvas;
              if (canvas instanceof HTMLCanvasElement && canvas.closest('#network-map')) {
                const m = this.measureText(text);
                const t = this.getTransform();
                const corners = [[x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent], [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent]]
                  .map(([px, py]) => t.transformPoint(new DOMPoint(px, py)));
                const r = canvas.getBoundingClientRect();
                const k = r.width / canvas.width;
                const xs = corners.map(c => r.left + c.x * k), ys = corners.map(c => r.top + c.y * k);
                boxes.set(String(text), { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) });
              }
              return original.call(this, text, x, y, ...rest);
            };
          }
        })();
        """;

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(1024, 768)]
    public async Task Every_hub_label_is_drawn_and_none_covers_another(int width, int height)
    {
        var network = (await broker.Admin.GetFromJsonAsync<NetworkView>(ApiRoutes.Network, DashboardFixture.Json))!;
        string[] labels = network.Regions.Select(r => r.NameZh ?? r.Name).ToArray();
        var page = await broker.OpenAsync();
        await page.SetViewportSizeAsync(width, height);
        await page.Context.AddInitScriptAsync(RecordCanvasText);
        await page.ReloadAsync();
        await page.GetByLabel("API token").FillAsync(broker.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#network-map canvas").First).ToBeVisibleAsync();

        await page.WaitForFunctionAsync("names => names.every(n => window.__drawnText?.has(n))", labels);
        await page.WaitForTimeoutAsync(1500); // the labels' move to their places is animated
        var boxes = JsonSerializer.Deserialize<Dictionary<string, Box>>(
            await page.EvaluateAsync<string>("() => JSON.stringify(Object.fromEntries(window.__drawnText))"), DashboardFixture.Json)!;
        var map = (await page.Locator("#network-map").BoundingBoxAsync())!;
        string shot = await DashboardFixture.ScreenshotAsync(page, $"network-labels-{width}x{height}", fullPage: false);

        foreach (string label in labels)
        {
            Assert.True(boxes.ContainsKey(label), $"{label} was not drawn ({shot})");
            var b = boxes[label];
            Assert.True(b.Left >= map.X && b.Right <= map.X + map.Width && b.Top >= map.Y && b.Bottom <= map.Y + map.Height, $"{label} {b} is outside the map ({shot})");
        }
        var overlaps = (from a in labels from b in labels
                        where string.CompareOrdinal(a, b) < 0 && boxes[a].Intersects(boxes[b])
                        select $"{a} {boxes[a]} × {b} {boxes[b]}").ToList();
        Assert.True(overlaps.Count == 0, $"labels overlap ({shot}):\n{string.Join("\n", overlaps)}");
        await page.Context.CloseAsync();
    }

    private sealed record Box(double Left, double Right, double Top, double Bottom)
    {
        public bool Intersects(Box o) => Left < o.Right && o.Left < Right && Top < o.Bottom && o.Top < Bottom;

        public override string ToString() => $"[{Left:0.#}–{Right:0.#} × {Top:0.#}–{Bottom:0.#}]";
    }
}
