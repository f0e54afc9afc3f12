using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Suanwang.Testing.Brokers;

namespace Suanwang.Broker.Tests.Support;

/// <summary>
/// Runs <c>suanwang serve</c> once more beside a running broker and reports whether it was refused (its exit code and
/// what it printed) or started after all (then it is killed at once, with every process it started).
/// </summary>
public static class SecondBroker
{
    /// <summary>What became of the attempt: the exit code (null when it started and answered <c>/readyz</c>) and its output.</summary>
    public sealed record Outcome(int? ExitCode, string Output);

    public static async Task<Outcome> TryAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(BrokerProcess.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" }.Concat(arguments)) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                lock (output) return new Outcome(process.ExitCode, output.ToString());
            }
            try
            {
                if ((await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        lock (output) return new Outcome(null, output.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
