using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Suanwang.Testing.Network;

/// <summary>
/// Some other service on loopback, for tests that point an endpoint setting at it: it answers every connection
/// with <see cref="Reply"/> (an HTTP page, or bytes that are not HTTP at all) holding <see cref="Marker"/>, so a
/// test can assert that nothing it said reaches a user.
/// </summary>
public sealed class ForeignService : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _connections;

    private ForeignService(string marker, Func<string, byte[]> reply)
    {
        Marker = marker;
        _listener.Start();
        _serving = Task.Run(() => ServeAsync(reply));
    }

    /// <summary>A web server answering every request 200 with an HTML page holding the marker.</summary>
    public static ForeignService Http(string marker) => new(marker, m =>
    {
        string body = $"<html><body>{m}</body></html>";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    });

    /// <summary>A service that is not HTTP: it greets every connection with a banner holding the marker (as SSH does).</summary>
    public static ForeignService Banner(string marker) => new(marker, m => Encoding.ASCII.GetBytes($"SSH-2.0-{m}\r\n"));

    /// <summary>What it puts in every answer.</summary>
    public string Marker { get; }

    /// <summary>Its address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many connections it has answered.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private async Task ServeAsync(Func<string, byte[]> reply)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var head = new List<byte>();
                        var buffer = new byte[4096];
                        // Read the request's head (the callers send GET or small bodies), with a bound so a silent peer cannot hold it.
                        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        limit.CancelAfter(TimeSpan.FromSeconds(5));
                        while (!Encoding.ASCII.GetString([.. head]).Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            int read = await stream.ReadAsync(buffer, limit.Token);
                            if (read == 0) break;
                            head.AddRange(buffer.AsSpan(0, read));
                        }
                        await stream.WriteAsync(reply(Marker), _stop.Token);
                        Interlocked.Increment(ref _connections);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { });
        _stop.Dispose();
    }
}
