using System.Net;
using Suanwang.Api;
using Suanwang.Broker.Tests.Support;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Limits;

/// <summary>
/// Live streams are bounded per tenant and in total: each holds a connection (a file descriptor) for as long as it is
/// open, and one token opening thousands once made the broker run out of descriptors and abort.
/// </summary>
public sealed class LiveStreamLimitTests
{
    private static Task<HttpResponseMessage> OpenAsync(HttpClient client) =>
        client.GetAsync(ApiRoutes.Live, HttpCompletionOption.ResponseHeadersRead);

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client)
    {
        var response = await OpenAsync(client);
        // The body of a stream never ends: read it only when it is a refusal.
        if (response.StatusCode != HttpStatusCode.OK) Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    [Fact]
    public async Task A_tenant_over_its_stream_limit_gets_429_while_another_tenant_still_gets_a_stream_and_closing_one_frees_a_slot()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxLiveStreamsPerTenant = 3, MaxLiveStreams = 20 });
        var watcher = await broker.NewTenantAsync("watcher");
        var other = await broker.NewTenantAsync("other");
        // One client per stream: disposing it closes that stream's connection.
        var clients = Enumerable.Range(0, 3).Select(_ => broker.Client(null)).ToList();
        string token = watcher.DefaultRequestHeaders.Authorization!.Parameter!;
        foreach (var client in clients) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var open = new List<HttpResponseMessage>();
        foreach (var client in clients) open.Add(await OpenStreamAsync(client));

        string detail = await Limited.AssertRefusedAsync(await OpenAsync(watcher), "live-streams-per-tenant");
        Assert.Contains("tenant 'watcher'", detail);
        Assert.Contains("3", detail);
        using (var theirs = await OpenStreamAsync(other)) { }

        open[0].Dispose();
        clients[0].Dispose();
        // The broker frees the slot once it sees the connection closed.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpResponseMessage again;
        while ((again = await OpenAsync(watcher)).StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
            again.Dispose();
            Assert.True(DateTime.UtcNow < deadline, "closing a stream did not free its slot within 90 s");
            await Task.Delay(100);
        }
        again.Dispose();
        foreach (var response in open) response.Dispose();
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task The_broker_refuses_streams_past_its_total_naming_that_limit()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxLiveStreamsPerTenant = 2, MaxLiveStreams = 3 });
        var first = await broker.NewTenantAsync("first");
        var second = await broker.NewTenantAsync("second");
        var third = await broker.NewTenantAsync("third");
        using var firstAgain = broker.Client(first.DefaultRequestHeaders.Authorization!.Parameter);
        using var a = await OpenStreamAsync(first);
        using var b = await OpenStreamAsync(firstAgain);
        using var c = await OpenStreamAsync(second);

        string detail = await Limited.AssertRefusedAsync(await OpenAsync(third), "live-streams");
        Assert.Contains("the broker has 3 live streams open", detail);
    }
}
