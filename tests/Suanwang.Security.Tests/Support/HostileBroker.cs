using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Testing;
using Suanwang.Testing.Brokers;
using Suanwang.Testing.Postgres;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// A real <c>suanwang serve</c> process under attack: the default network (ten local centers running real
/// processes), on SQLite in its data folder or on a fresh PostgreSQL database, with tenants made through the
/// admin API (a PostgreSQL database is made on the shared test server and dropped on dispose). Its scratch folder holds the data folder, a gate folder jobs may see, and files the attacks
/// point at; everything is removed (and every run stopped) on dispose.
/// </summary>
public sealed class HostileBroker : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly ITestOutputHelper? _output;
    private int _disposed;

    private HostileBroker(StoreKind store, string root, string? storeUrl, ITestOutputHelper? output)
    {
        _output = output;
        Store = store;
        Root = root;
        StoreUrl = storeUrl;
        DataDirectory = Path.Combine(root, "data");
        GateFolder = Path.Combine(root, "gates");
        Directory.CreateDirectory(GateFolder);
        Process = new BrokerProcess(DataDirectory, storeUrl);
    }

    public StoreKind Store { get; }

    /// <summary>The scratch folder (readable by everyone, so a job running as another user reaches <see cref="GateFolder"/>).</summary>
    public string Root { get; }

    /// <summary>The broker's data folder: store (SQLite), tokens, local centers' run folders.</summary>
    public string DataDirectory { get; }

    /// <summary>Where gates are made: shown to confined jobs (<see cref="SandboxGate"/>).</summary>
    public string GateFolder { get; }

    /// <summary>The PostgreSQL URL (with its password) for <see cref="StoreKind.Postgres"/>, else null.</summary>
    public string? StoreUrl { get; }

    public BrokerProcess Process { get; }

    /// <summary>The SQLite store file (absent on PostgreSQL).</summary>
    public string StoreFile => Path.Combine(DataDirectory, "suanwang.db");

    /// <summary>The bootstrap admin token's secret, as the broker wrote it.</summary>
    public string AdminToken => Process.Token("admin");

    /// <summary>The bootstrap default tenant's token's secret.</summary>
    public string DefaultTenantToken => Process.Token("default");

    /// <summary>Starts a broker on <paramref name="store"/> and waits until it is ready.</summary>
    /// <param name="output">Where to say how long start and clean-up took (they grow with the runs an attack leaves).</param>
    public static async Task<HostileBroker> StartAsync(StoreKind store, ITestOutputHelper? output = null, Action<BrokerProcess>? configure = null)
    {
        string root = Directory.CreateTempSubdirectory("suanwang-hostile-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                       UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        // The PostgreSQL server starts on first use, so the SQLite attacks run even where it cannot.
        string? url = store == StoreKind.Postgres ? await PostgresServer.Shared.CreateDatabaseAsync("hostile") : null;
        var broker = new HostileBroker(store, root, url, output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (SandboxGate.NetworkFile(broker.GateFolder, Path.Combine(root, "network.yaml")) is { } network)
                broker.Process.Arguments.AddRange(["--network", network]);
            configure?.Invoke(broker.Process);
            await broker.Process.StartAsync(TimeSpan.FromSeconds(90));
            output?.WriteLine($"broker on {store.Name()} ready in {clock.Elapsed.TotalSeconds:0.0} s at {broker.Process.BaseAddress}");
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
        return broker;
    }

    /// <summary>A new closed gate in <see cref="GateFolder"/>.</summary>
    public Gate NewGate() => Gate.In(GateFolder);

    /// <summary>A client holding <paramref name="token"/> (none: anonymous).</summary>
    public HttpClient Client(string? token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public HttpClient Admin() => Client(AdminToken);

    /// <summary>Creates a tenant through the admin API and issues it a token.</summary>
    public async Task<Tenant> NewTenantAsync(string id, string tier = "sme")
    {
        using var admin = Client(AdminToken);
        var created = await admin.PostAsJsonAsync(ApiRoutes.Tenants, new CreateTenantRequest(id, null, tier, null, null), BrokerApi.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"creating tenant {id}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return new Tenant(id, await IssueTokenAsync(id), this);
    }

    /// <summary>Issues another token for tenant <paramref name="id"/>.</summary>
    public async Task<string> IssueTokenAsync(string id)
    {
        using var admin = Client(AdminToken);
        var token = await admin.PostAsJsonAsync(ApiRoutes.Tokens, new IssueTokenRequest("tenant", id, "hostile tenant suite"), BrokerApi.Json);
        Assert.True(token.StatusCode == HttpStatusCode.Created, $"issuing a token for {id}: {(int)token.StatusCode} {await token.Content.ReadAsStringAsync()}");
        return (await token.Content.ReadFromJsonAsync<IssuedToken>(BrokerApi.Json))!.Secret;
    }

    /// <summary>SIGKILL, then start again on the same data folder and store.</summary>
    public async Task KillAndRestartAsync()
    {
        Process.Kill();
        await Process.StartAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>The broker's resident memory now (VmRSS), bytes; null when it is not running.</summary>
    public long? ResidentBytes() => Process.ProcessId is { } pid ? ProcessMemory.ResidentBytes(pid) : null;

    /// <summary>The broker log's last distinct lines that report an error or failure (for a break's evidence).</summary>
    public string LoggedErrors(int max = 3)
    {
        var lines = Process.Log().Split('\n')
            .Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("exception", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Length > 19 ? l[9..].Trim() : l.Trim()) // without the time stamp, so repeats collapse
            .Reverse().Distinct().Take(max).Reverse().ToList();
        return lines.Count == 0 ? "no error in the broker's log" : "the broker's log: " + string.Join(" / ", lines);
    }

    /// <summary>Whether <c>/healthz</c> answers 200 within 10 s.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return (await probe.GetAsync(ApiRoutes.Health)).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        lock (_clients) foreach (var client in _clients) client.Dispose();
        await Process.DisposeAsync();
        var stopped = clock.Elapsed;
        Runs.KillAll(DataDirectory);
        Cleanup.Later(Root);
        if (StoreUrl is not null)
            try { await PostgresServer.Shared.DropDatabaseAsync(StoreUrl); }
            catch (Npgsql.NpgsqlException e) { _output?.WriteLine($"clean-up: dropping the database failed: {e.Message}"); }
        _output?.WriteLine($"clean-up: broker stopped in {stopped.TotalSeconds:0.0} s, runs killed in {(clock.Elapsed - stopped).TotalSeconds:0.0} s; its folder is removed in the background");
    }
}

/// <summary>A tenant of the broker under attack, with its own token.</summary>
public sealed record Tenant(string Id, string Token, HostileBroker Broker)
{
    private HttpClient? _http;

    /// <summary>A client holding this tenant's token (one per tenant, reused).</summary>
    public HttpClient Http => _http ??= Broker.Client(Token);
}
