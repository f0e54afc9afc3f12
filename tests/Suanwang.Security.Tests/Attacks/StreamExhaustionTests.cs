using System.Net;
using System.Net.Http.Headers;
using Suanwang.Api;
using Suanwang.Lifecycle;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// One tenant opens live streams (<c>GET /v1/live</c>, server-sent events) with two of its tokens, one after
/// another without closing any, until the broker refuses (at most <see cref="MaxStreams"/>: enough to pass any
/// per-tenant cap, cheap enough for CI). Refusals must be 429, the broker must stay up, another tenant must still
/// get a stream and run a job, and closing the attacker's streams must free its share again.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class StreamExhaustionTests(AttackReport report, ITestOutputHelper output)
{
    private const int MaxStreams = 200;

    [Fact]
    public Task One_tenants_streams_are_capped_and_others_are_still_served() => report.RunAsync("stream-exhaustion", StoreKind.Sqlite, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(StoreKind.Sqlite, output);
        var mallory = await broker.NewTenantAsync("mallory");
        string[] tokens = [mallory.Token, await broker.IssueTokenAsync("mallory")];
        var alice = await broker.NewTenantAsync("alice");

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = MaxStreams * 2 };
        var streams = new List<HttpResponseMessage>();
        var flood = new HttpClient(handler) { BaseAddress = broker.Process.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        HttpStatusCode? refusal = null;
        string? failure = null;
        try
        {
            for (int i = 0; i < MaxStreams && refusal is null && failure is null; i++)
            {
                var (status, response, error) = await OpenAsync(flood, tokens[i % tokens.Length]);
                if (response is not null) streams.Add(response);
                else if (status is { } s) refusal = s;
                else failure = $"stream {i + 1}: {error}";
            }
            attack.Figure($"{streams.Count} streams open before {(refusal is null ? "the cap of this test" : $"a {(int)refusal}")}");
            attack.Check($"open streams without end (up to {MaxStreams})", refusal == HttpStatusCode.TooManyRequests,
                $"refused with 429 after {streams.Count}",
                () => failure ?? (refusal is null ? $"all {MaxStreams} streams were opened and none refused: no per-tenant cap" : $"refused with {(int)refusal}, not 429"));
            attack.Check("take the broker down", await broker.IsHealthyAsync(), "/healthz 200", () => $"/healthz does not answer while {streams.Count} streams are open");

            using (var other = new HttpClient { BaseAddress = broker.Process.BaseAddress, Timeout = Timeout.InfiniteTimeSpan })
            {
                var (_, response, error) = await OpenAsync(other, alice.Token);
                using (response)
                    attack.Check("keep another tenant from streaming", response is not null, "alice's stream opened", () => $"alice got no stream: {error}");
            }
            var job = await BrokerApi.SubmitOneAsync(alice.Http, BrokerApi.Spec("still-served", "echo served"));
            var done = await BrokerApi.WaitForEndAsync(alice.Http, job.Id, "alice's job to end while mallory's streams are open");
            attack.Check("keep another tenant's job from running", done.State == JobState.Succeeded, "alice's job Succeeded", () => $"alice's job ended {done.State} ({done.Reason})");
        }
        finally
        {
            foreach (var response in streams) response.Dispose();
            flood.Dispose();
        }

        // The broker notices closed streams when it next writes to them (a ping at the latest): wait for the share to come back.
        bool freed = false;
        string last = "";
        var deadline = DateTime.UtcNow.AddSeconds(90);
        using (var again = new HttpClient { BaseAddress = broker.Process.BaseAddress, Timeout = Timeout.InfiniteTimeSpan })
        {
            while (!freed && DateTime.UtcNow < deadline)
            {
                var (status, response, error) = await OpenAsync(again, mallory.Token);
                using (response) freed = response is not null;
                last = status is { } s ? $"{(int)s}" : error ?? "";
                if (!freed) await Task.Delay(500);
            }
        }
        attack.Check("keep capacity after closing its streams", freed, "mallory opens a stream again", () => $"mallory still cannot open a stream 90 s after closing all of hers: {last}");
    });

    // Opens one stream and reads up to its first event. Returns the open response, or the refusal's status, or what failed.
    private static async Task<(HttpStatusCode? Refused, HttpResponseMessage? Open, string? Error)> OpenAsync(HttpClient client, string token)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Live);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, null, $"no answer ({e.GetType().Name}: {e.Message})");
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            string body = await response.Content.ReadAsStringAsync(cancel.Token);
            response.Dispose();
            return (response.StatusCode, null, AttackLog.Shorten(body, 200));
        }
        try
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            string? first = await reader.ReadLineAsync(cancel.Token);
            if (first is null) { response.Dispose(); return (null, null, "the stream ended at once"); }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
        {
            response.Dispose();
            return (null, null, $"no event within 30 s ({e.GetType().Name})");
        }
        return (null, response, null);
    }
}
