using System.Net;
using System.Net.Sockets;
using System.Text;
using Suanwang.Api;
using Suanwang.Broker.Hosting;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Limits;

/// <summary>
/// Connections are bounded: a flood of them (each holds a file descriptor) is turned away at the door instead of
/// using up the process's descriptors, and the broker serves again as soon as they go.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Connections_past_the_limit_are_closed_at_once_and_the_broker_serves_again_when_they_go()
    {
        // Idle connections are kept for the whole test: only the limit may close them.
        await using var broker = await StartAsync(adjust: o => o with
        {
            MaxConnections = 20, MaxLiveStreams = 5, RequestHeadersTimeout = TimeSpan.FromMinutes(5), KeepAliveTimeout = TimeSpan.FromMinutes(5),
        });
        // Other connections (the start-up probe's, say) may close while the flood opens, so the test does not guess
        // which connection is the one past the limit: it opens more than the limit, then finishes every request and
        // counts how many were answered. Each connection's fate is decided by the server, not by a timeout.
        const int opened = 30;
        var flood = new List<TcpClient>();
        int answered = 0;
        try
        {
            for (int i = 0; i < opened; i++)
            {
                var held = new TcpClient();
                flood.Add(held);
                await held.ConnectAsync(broker.BaseAddress.Host, broker.BaseAddress.Port);
                // Half a request: the connection is the server's to count, and it waits for the rest.
                await WriteAsync(held, "GET /healthz HTTP/1.1\r\n");
            }
            foreach (var held in flood)
            {
                if (await AnsweredAsync(held, "Host: x\r\n\r\n")) answered++;
            }
        }
        finally
        {
            foreach (var held in flood) held.Dispose();
        }
        Assert.True(answered <= 20, $"{answered} of {opened} connections were served at once with a limit of 20");
        // The few connections the test broker's own clients may hold are all that may stand between the flood and the limit.
        Assert.True(answered >= 10, $"only {answered} of {opened} connections were served with a limit of 20");

        using var client = new HttpClient { BaseAddress = broker.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(ApiRoutes.Health)).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, "the broker did not serve again within 90 s of the flood ending");
            await Task.Delay(100);
        }
    }

    [Fact]
    public void The_limits_fit_the_processs_descriptor_limit()
    {
        var options = BrokerOptions.For("/nowhere");

        var (fitted, lowered) = ConnectionBudget.Fit(options, descriptorLimit: 1024);

        Assert.Equal(512, fitted.MaxConnections);
        Assert.Equal(256, fitted.MaxLiveStreams);
        Assert.Equal(2, lowered.Count);
        Assert.Equal((options.MaxConnections, options.MaxLiveStreams), (ConnectionBudget.Fit(options, 1_048_576).Options.MaxConnections, ConnectionBudget.Fit(options, null).Options.MaxLiveStreams));
    }

    // A write to a connection the server already closed may fail; reading the answer later tells the two apart.
    private static async Task WriteAsync(TcpClient connection, string text)
    {
        try
        {
            await connection.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text));
        }
        catch (IOException)
        {
        }
    }

    // Finishes the request and reads: an answer means the connection was served; the server closing it (end of
    // stream or reset) before any answer is what a refused connection looks like.
    private static async Task<bool> AnsweredAsync(TcpClient connection, string rest)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(rest), timeout.Token);
            var buffer = new byte[256];
            return await stream.ReadAsync(buffer, timeout.Token) > 0;
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            return false;
        }
    }
}
