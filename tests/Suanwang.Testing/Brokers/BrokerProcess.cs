using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Suanwang.Testing.Brokers;

/// <summary>
/// The real <c>suanwang serve</c> as a separate process (the same executable a user runs), so tests can
/// kill it with SIGKILL at any moment and start it again on the same data folder and port. The test project
/// must reference the CLI project, so the executable is built next to the tests.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly string _log;

    /// <param name="dataDirectory">The broker's data folder.</param>
    /// <param name="store">Its <c>--store</c>, if any.</param>
    /// <param name="logFile">Where its output is kept (default: broker.log in the data folder; elsewhere when the test fills or freezes that folder).</param>
    public BrokerProcess(string dataDirectory, string? store = null, string? logFile = null)
    {
        DataDirectory = dataDirectory;
        Store = store;
        Port = FreePort();
        _log = logFile ?? Path.Combine(dataDirectory, "broker.log");
        Directory.CreateDirectory(dataDirectory);
    }

    public string DataDirectory { get; }
    public string? Store { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public int Starts { get; private set; }
    public int? ProcessId => _process?.Id;

    /// <summary>Extra arguments for <c>suanwang serve</c> on the next start (e.g. <c>--lease 3</c>).</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>Environment variables for the next start (e.g. an armed failpoint); a null value removes one.</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>Path of the <c>suanwang</c> executable built next to the tests.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "suanwang");

    /// <summary>
    /// Starts the broker and waits until <c>/readyz</c> answers. With <paramref name="mayExit"/> (a broker armed to kill
    /// itself), exiting before that is no error: returns false.
    /// </summary>
    public async Task<bool> StartAsync(TimeSpan? timeout = null, bool mayExit = false)
    {
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "serve", "--data", DataDirectory, "--urls", BaseAddress.ToString().TrimEnd('/') }) start.ArgumentList.Add(arg);
        if (Store is not null) { start.ArgumentList.Add("--store"); start.ArgumentList.Add(Store); }
        foreach (string arg in Arguments) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = "0";
        foreach ((string name, string? value) in Environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        var log = new StreamWriter(_log, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {++Starts} pid {process.Id}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                if (mayExit) return false;
                throw new InvalidOperationException($"the broker exited with {process.ExitCode}; log:\n{Log()}");
            }
            try
            {
                if ((await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the broker did not become ready; log:\n{Log()}");
    }

    /// <summary>Waits until the broker exits by itself (e.g. killed by an armed failpoint); false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null) return true;
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        _process.Dispose();
        _process = null;
        return true;
    }

    /// <summary>SIGKILL: no shutdown code runs, like a power cut of the broker alone.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public string Log() => File.Exists(_log) ? File.ReadAllText(_log) : "";

    public string Token(string name) => File.ReadAllText(Path.Combine(DataDirectory, "tokens", $"{name}.token")).Trim();

    public HttpClient Client(string tokenName, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(tokenName));
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
