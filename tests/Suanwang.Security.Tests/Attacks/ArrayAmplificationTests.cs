using System.Diagnostics;
using System.Net;
using System.Text;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// One request that asks for much: a 100 KB script with <c>--array=0-999</c> (the body must not be stored a
/// thousand times: the store grows by far less than 1,000 × 100 KB, and the broker's memory stays bounded), and a
/// script just under the 1 MiB body limit with <c>--array=0-9999</c> (likewise stored once, or refused with a 4xx
/// problem; never a 5xx).
/// A watchdog stops the broker if its memory passes <see cref="WatchdogBytes"/>, so the attack cannot take the
/// machine down with it.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class ArrayAmplificationTests(AttackReport report, ITestOutputHelper output)
{
    private const long MaxStoreGrowthBytes = 20L * 1024 * 1024;
    // Several times what the broker holds at rest (about 150 MB), tens of times what a thousand small jobs cost:
    // only pathological cost trips it.
    private const long MaxMemoryGrowthBytes = 512L * 1024 * 1024;
    private const long WatchdogBytes = 4L * 1024 * 1024 * 1024;

    [Fact]
    public Task Large_bodies_times_large_arrays_are_stored_once_or_refused() => report.RunAsync("array-amplification", StoreKind.Sqlite, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(StoreKind.Sqlite, output);
        var mallory = await broker.NewTenantAsync("mallory");
        using var slow = broker.Client(mallory.Token, TimeSpan.FromMinutes(5));
        long restBytes = broker.ResidentBytes() ?? 0;

        // 1. 100 KB × 1,000: accepted and stored once, or refused.
        long before = StoreBytes(broker);
        var (status, body, peak, killed) = await WatchedAsync(broker, () => BrokerApi.PostSpecAsync(slow, Script(100 * 1024, 999)));
        long growth = StoreBytes(broker) - before;
        attack.Figure($"100 KB × 1,000: {status}, store +{ProcessMemory.Mb(growth)}, broker memory {ProcessMemory.Mb(restBytes)} → peak {ProcessMemory.Mb(peak)}");
        if (killed) attack.Broke("send a 100 KB script with --array=0-999", $"the broker's memory passed {ProcessMemory.Mb(WatchdogBytes)}; the watchdog stopped it");
        else if (status == 201)
        {
            attack.Check("store a 100 KB script once per element of --array=0-999", growth < MaxStoreGrowthBytes,
                $"the store grew {ProcessMemory.Mb(growth)}", () => $"the store grew {ProcessMemory.Mb(growth)} (the body is 100 KB; {ProcessMemory.Mb(MaxStoreGrowthBytes)} allowed)");
            attack.Check("grow the broker's memory with it", peak - restBytes < MaxMemoryGrowthBytes,
                $"peak {ProcessMemory.Mb(peak)}", () => $"the broker's memory went from {ProcessMemory.Mb(restBytes)} to {ProcessMemory.Mb(peak)}");
        }
        else attack.Check("send a 100 KB script with --array=0-999", status is >= 400 and < 500 && BrokerApi.IsProblem(body),
            $"refused: {status}", () => $"answered {status}: {AttackLog.Shorten(body, 200)}");

        // 2. Just under 1 MiB × 10,000: accepted and stored once (about 1 MB, not 10 GB), or refused with a clear 4xx.
        if (!killed)
        {
            before = StoreBytes(broker);
            (status, body, peak, killed) = await WatchedAsync(broker, () => BrokerApi.PostSpecAsync(slow, Script(1_040_000, 9999)));
            growth = StoreBytes(broker) - before;
            attack.Figure($"1 MB × 10,000: {(killed ? "broker stopped by the watchdog" : status.ToString())}, store +{ProcessMemory.Mb(growth)}, peak memory {ProcessMemory.Mb(peak)}");
            if (killed) attack.Broke("send a 1 MB script with --array=0-9999", $"the broker's memory passed {ProcessMemory.Mb(WatchdogBytes)}; the watchdog stopped it");
            else if (status == 201)
            {
                attack.Check("store a 1 MB script once per element of --array=0-9999", growth < MaxStoreGrowthBytes,
                    $"the store grew {ProcessMemory.Mb(growth)}", () => $"the store grew {ProcessMemory.Mb(growth)} (the body is 1 MB; {ProcessMemory.Mb(MaxStoreGrowthBytes)} allowed)");
                attack.Check("grow the broker's memory with --array=0-9999", peak - restBytes < MaxMemoryGrowthBytes,
                    $"peak {ProcessMemory.Mb(peak)}", () => $"the broker's memory went from {ProcessMemory.Mb(restBytes)} to {ProcessMemory.Mb(peak)}");
            }
            else attack.Check("send a 1 MB script with --array=0-9999", status is >= 400 and < 500 && BrokerApi.IsProblem(body),
                $"refused: {status} {AttackLog.Shorten(body, 120)}", () => $"answered {status}: {AttackLog.Shorten(body, 200)}; {broker.LoggedErrors()}");
        }
        attack.Check("take the broker down", !killed && await broker.IsHealthyAsync(), "/healthz 200", () => killed ? "stopped by the watchdog" : "/healthz does not answer 200");
    });

    // A script of about `bytes` bytes: the directives, then comment lines as padding, then `true`. Its elements start
    // no sooner than in ten hours, so none of them runs during the test.
    private static string Script(int bytes, int lastIndex)
    {
        var text = new StringBuilder(BrokerApi.Script(["--job-name=amplify", $"--array=0-{lastIndex}", "--begin=now+10hours", "--time=00:01:00"], ""));
        string line = "# " + new string('x', 98) + "\n";
        while (text.Length + line.Length + 5 <= bytes) text.Append(line);
        return text.Append("true\n").ToString();
    }

    private static long StoreBytes(HostileBroker broker) =>
        new[] { "", "-wal" }.Select(suffix => new FileInfo(broker.StoreFile + suffix)).Where(f => f.Exists).Sum(f => f.Length);

    // Sends the request while sampling the broker's memory every 100 ms; stops the broker if it passes the watchdog's bound.
    private static async Task<(int Status, string Body, long PeakBytes, bool Killed)> WatchedAsync(HostileBroker broker, Func<Task<HttpResponseMessage>> send)
    {
        long peak = broker.ResidentBytes() ?? 0;
        bool killed = false;
        using var stop = new CancellationTokenSource();
        var watchdog = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long now = broker.ResidentBytes() ?? 0;
                peak = Math.Max(peak, now);
                if (now > WatchdogBytes)
                {
                    killed = true;
                    broker.Process.Kill();
                    return;
                }
                try { await Task.Delay(100, stop.Token); } catch (OperationCanceledException) { return; }
            }
        });
        int status;
        string body;
        try
        {
            using var response = await send();
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0;
            body = $"no answer: {e.Message}";
        }
        // Memory the request left behind shows a moment later.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await watchdog;
        return (status, body, peak, killed);
    }
}
