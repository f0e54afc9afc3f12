using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Hosting;
using Suanwang.Lifecycle;
using Suanwang.Store.Connection;

namespace Suanwang.Broker.Tests.Support;

/// <summary>
/// A real broker in this process, listening on a free loopback port, with its own data folder, the
/// default network (local centers running real processes) and the bootstrap tokens. Tests talk to it
/// over HTTP like any client.
/// </summary>
public sealed class TestBroker : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly bool _ownsData;

    private TestBroker(WebApplication app, BrokerOptions options, bool ownsData)
    {
        App = app;
        Options = options;
        _ownsData = ownsData;
        BaseAddress = new Uri(app.Urls.First());
        Admin = Client(File.ReadAllText(Path.Combine(options.DataDirectory, "tokens", "admin.token")).Trim());
        Tenant = Client(File.ReadAllText(Path.Combine(options.DataDirectory, "tokens", "default.token")).Trim());
        Anonymous = Client(null);
    }

    public WebApplication App { get; }
    public BrokerOptions Options { get; }
    public Uri BaseAddress { get; }
    public HttpClient Admin { get; }
    public HttpClient Tenant { get; }
    public HttpClient Anonymous { get; }

    public static async Task<TestBroker> StartAsync(StoreLocation? store = null, Func<BrokerOptions, BrokerOptions>? adjust = null, string? dataDirectory = null,
        Action<IServiceCollection, BrokerOptions>? engines = null)
    {
        bool owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("suanwang-broker-").FullName;
        var options = BrokerOptions.For(dataDirectory) with { Urls = "http://127.0.0.1:0", Tick = TimeSpan.FromMilliseconds(100) };
        if (store is not null) options = options with { Store = store };
        if (adjust is not null) options = adjust(options);
        var (app, _) = await BrokerHost.BuildAsync(options, logging => { }, engines: engines is null ? null : services => engines(services, options));
        await app.StartAsync();
        return new TestBroker(app, options, owns);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a tenant and returns a client holding a token for it.</summary>
    public async Task<HttpClient> NewTenantAsync(string id, string tier = "sme", double? budgetYuan = null, double? quota = null)
    {
        var created = await Admin.PostAsJsonAsync(ApiRoutes.Tenants, new CreateTenantRequest(id, null, tier, quota, budgetYuan), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await Admin.PostAsJsonAsync(ApiRoutes.Tokens, new IssueTokenRequest("tenant", id, "test"), Json);
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        return Client((await token.Content.ReadFromJsonAsync<IssuedToken>(Json))!.Secret);
    }

    public static Task<HttpResponseMessage> PostSpecAsync(HttpClient client, string spec, string? idempotencyKey = null, string route = ApiRoutes.Jobs)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(spec, Encoding.UTF8, "application/yaml") };
        if (idempotencyKey is not null) request.Headers.Add(ApiRoutes.IdempotencyKeyHeader, idempotencyKey);
        return client.SendAsync(request);
    }

    public static async Task<JobView> SubmitAsync(HttpClient client, string spec, string? idempotencyKey = null)
    {
        var response = await PostSpecAsync(client, spec, idempotencyKey);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs.Single();
    }

    public static async Task<JobView> GetJobAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JobView>(ApiRoutes.With(ApiRoutes.Job, id), Json))!;

    /// <summary>Polls the job until <paramref name="until"/> holds; fails with its last state and reason on timeout.</summary>
    public static async Task<JobView> WaitForAsync(HttpClient client, string id, Func<JobView, bool> until, double seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JobView job;
        while (true)
        {
            job = await GetJobAsync(client, id);
            if (until(job)) return job;
            if (DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        Assert.Fail($"job {id} stayed {job.State} ({job.Reason}) for {seconds} s");
        return job;
    }

    public static Task<JobView> WaitForStateAsync(HttpClient client, string id, JobState state, double seconds = 90) =>
        WaitForAsync(client, id, j => j.State == state, seconds);

    public static string Spec(string name, string command, double seconds = 0, int cpus = 1) =>
        $$"""
        name: {{name}}
        command: ["sh", "-c", {{JsonSerializer.Serialize(command)}}]
        resources: { cpus: {{cpus}}, memoryGiB: 1 }
        work: { referenceHours: {{Math.Max(seconds, 1) / 3600.0:0.######}} }
        """;

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        BrokerHost.ConfigureJson(json);
        return json;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Admin.Dispose();
        Tenant.Dispose();
        Anonymous.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownsData) KillRunsAndDelete(Options.DataDirectory);
    }

    /// <summary>Stops every process a local center of this broker started (their run folders record the pid), then deletes the folder.</summary>
    public static void KillRunsAndDelete(string dataDirectory)
    {
        foreach (var started in Directory.EnumerateFiles(Path.Combine(dataDirectory, "centers"), "started", SearchOption.AllDirectories).ToArray())
        {
            var text = File.ReadAllText(started);
            foreach (var word in text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(word, out int pid) && pid > 1)
                    // "--" is essential: procps kill reads "kill -9 -1234" as kill(-1), every process there is.
                    try { System.Diagnostics.Process.Start("kill", ["-s", "KILL", "--", $"-{pid}"])?.WaitForExit(); } catch (System.ComponentModel.Win32Exception) { }
        }
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
