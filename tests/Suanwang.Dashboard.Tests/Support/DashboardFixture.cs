using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Engines;

namespace Suanwang.Dashboard.Tests.Support;

/// <summary>
/// One real broker (in this process, on a free loopback port, with the default network whose local
/// centers run real processes) and one real Chromium (Debian's, driven by Playwright), shared by
/// the tests of the collection. Each test opens its own browser context, so sessions never mix.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium (scripts/browser.sh install); Playwright's own browser download is not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static readonly JsonSerializerOptions Json = CreateJson();

    private WebApplication? _app;
    private IPlaywright? _playwright;
    private string _data = "";

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string AdminToken { get; private set; } = "";
    public string TenantToken { get; private set; } = "";
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Tenant { get; private set; } = null!;

    /// <summary>Where screenshots go: $SUANWANG_SCREENSHOTS, else TestResults/screenshots beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("SUANWANG_SCREENSHOTS")
        ?? Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run `bash scripts/browser.sh install`");
        _data = Directory.CreateTempSubdirectory("suanwang-dashboard-").FullName;
        var options = BrokerOptions.For(_data) with { Urls = "http://127.0.0.1:0", Tick = TimeSpan.FromMilliseconds(100) };
        (_app, _) = await BrokerHost.BuildAsync(options, _ => { });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        AdminToken = File.ReadAllText(Path.Combine(_data, "tokens", "admin.token")).Trim();
        TenantToken = File.ReadAllText(Path.Combine(_data, "tokens", "default.token")).Trim();
        Admin = Client(AdminToken);
        Tenant = Client(TenantToken);

        // Generous waits: in CI the other test projects run beside this one on two cores.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>
    /// Another broker, on <paramref name="network"/> (a bundled name or a file), for a test that needs a different network;
    /// dispose it. Besides the standard engines it has the <see cref="OfflineEngine"/>, for centers only drawn.
    /// </summary>
    public static async Task<(WebApplication App, string AdminToken, Action Cleanup)> StartBrokerAsync(string network)
    {
        string data = Directory.CreateTempSubdirectory("suanwang-dashboard-").FullName;
        var options = BrokerOptions.For(data) with { Urls = "http://127.0.0.1:0", Network = network };
        var (app, _) = await BrokerHost.BuildAsync(options, _ => { },
            engines: services => services.AddStandardEngines(options).AddCenterEngine(_ => new OfflineEngine()));
        await app.StartAsync();
        return (app, File.ReadAllText(Path.Combine(data, "tokens", "admin.token")).Trim(), () => { SqliteConnection.ClearAllPools(); KillRunsAndDelete(data); });
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh browser context and page at the dashboard, not signed in.</summary>
    public async Task<IPage> OpenAsync(string fragment = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "en-GB",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/" + fragment);
        return page;
    }

    /// <summary>A fresh page signed in with <paramref name="token"/>, then at <paramref name="fragment"/>.</summary>
    public async Task<IPage> SignedInAsync(string token, string fragment = "#/")
    {
        var page = await OpenAsync();
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        if (fragment != "#/") await page.GotoAsync("/dashboard/" + fragment);
        return page;
    }

    /// <summary>Saves a full-page screenshot under <see cref="ScreenshotDirectory"/>.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>Creates a tenant and returns a token for it.</summary>
    public async Task<string> NewTenantTokenAsync(string id, string tier = "sme")
    {
        var created = await Admin.PostAsJsonAsync(ApiRoutes.Tenants, new CreateTenantRequest(id, null, tier, null, null), Json);
        created.EnsureSuccessStatusCode();
        var token = await Admin.PostAsJsonAsync(ApiRoutes.Tokens, new IssueTokenRequest("tenant", id, "dashboard test"), Json);
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<IssuedToken>(Json))!.Secret;
    }

    /// <summary>Submits a YAML spec through the API and returns the job.</summary>
    public static async Task<JobView> SubmitAsync(HttpClient client, string spec)
    {
        var response = await client.PostAsync(ApiRoutes.Jobs, new StringContent(spec, Encoding.UTF8, "application/yaml"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs.Single();
    }

    /// <summary>A spec running <paramref name="command"/> under sh on one core.</summary>
    public static string Spec(string name, string command, double seconds = 2, string? dataAt = null) =>
        $"name: {JsonSerializer.Serialize(name)}\n" +
        $"command: [\"sh\", \"-c\", {JsonSerializer.Serialize(command)}]\n" +
        "resources: { cpus: 1, memoryGiB: 1 }\n" +
        $"work: {{ referenceHours: {Math.Max(seconds, 1) / 3600.0:0.######} }}\n" +
        (dataAt is null ? "" : $"inputs: [ {{ dataset: logs, sizeGiB: 1, at: {dataAt} }} ]\n");

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Admin?.Dispose();
        Tenant?.Dispose();
        SqliteConnection.ClearAllPools();
        KillRunsAndDelete(_data);
    }

    // Stops every process a local center started (their run folders record the pid), then deletes the folder.
    private static void KillRunsAndDelete(string dataDirectory)
    {
        string centers = Path.Combine(dataDirectory, "centers");
        if (Directory.Exists(centers))
            foreach (var started in Directory.EnumerateFiles(centers, "started", SearchOption.AllDirectories).ToArray())
                foreach (var word in File.ReadAllText(started).Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(word, out int pid) && pid > 1)
                        // "--" matters: procps kill reads "kill -9 -1234" as kill(-1), every process there is.
                        try { System.Diagnostics.Process.Start("kill", ["-s", "KILL", "--", $"-{pid}"])?.WaitForExit(); } catch (System.ComponentModel.Win32Exception) { }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        BrokerHost.ConfigureJson(json);
        return json;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
