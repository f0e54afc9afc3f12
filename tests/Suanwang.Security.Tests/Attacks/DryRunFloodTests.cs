using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Suanwang.Api;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// One tenant floods the dry-run route (each request a 100-element array: placement work that creates nothing)
/// from several connections until refused, at most <see cref="MaxRequests"/> requests or <see cref="MaxSeconds"/>
/// seconds. It must get 429s (never a 5xx) while another tenant's dry run is still answered.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class DryRunFloodTests(AttackReport report, ITestOutputHelper output)
{
    private const int MaxRequests = 3000;
    private const int MaxSeconds = 60;
    private const int Connections = 8;
    private const int ArrayElements = 100;

    [Fact]
    public Task Dry_runs_are_rate_limited_per_tenant() => report.RunAsync("dry-run-flood", StoreKind.Sqlite, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(StoreKind.Sqlite, output);
        var mallory = await broker.NewTenantAsync("mallory");
        var alice = await broker.NewTenantAsync("alice");
        string spec = BrokerApi.Script(["--job-name=probe", $"--array=0-{ArrayElements - 1}", "--time=00:01:00"], "true");
        var statuses = new ConcurrentDictionary<int, int>();
        string? serverError = null, refusal = null;
        int sent = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(MaxSeconds));
        using var flood = broker.Client(mallory.Token, TimeSpan.FromSeconds(MaxSeconds));
        async Task Worker()
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref sent) <= MaxRequests)
            {
                try
                {
                    using var response = await BrokerApi.PostSpecAsync(flood, spec, ApiRoutes.DryRun, cancellationToken: stop.Token);
                    int status = (int)response.StatusCode;
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    if (status >= 500) serverError ??= $"{status}: {AttackLog.Shorten(await response.Content.ReadAsStringAsync(), 200)}";
                    if (status == 429)
                    {
                        refusal ??= await response.Content.ReadAsStringAsync();
                        await stop.CancelAsync();
                    }
                }
                catch (OperationCanceledException) { }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => Task.Run(Worker)));
        int total = statuses.Values.Sum();
        attack.Figure($"{total} dry runs of {ArrayElements} jobs in {clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"))}");
        attack.Check($"flood the dry-run route ({Connections} connections)", refusal is not null && BrokerApi.IsProblem(refusal),
            $"429 after {statuses.GetValueOrDefault(200)} answered", () => refusal is null ? $"{total} dry runs ({total * ArrayElements:N0} placements) in {clock.Elapsed.TotalSeconds:0} s, none refused" : $"the 429 had no problem body: {refusal}");
        attack.Check("get a 5xx", serverError is null, "none", () => serverError!);

        using var other = await BrokerApi.PostSpecAsync(alice.Http, spec, ApiRoutes.DryRun);
        attack.Check("keep another tenant's dry run from being answered", other.StatusCode == HttpStatusCode.OK, "alice's dry run answered 200",
            () => $"alice's dry run answered {(int)other.StatusCode}");
    });
}
