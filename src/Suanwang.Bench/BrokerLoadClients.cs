using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Suanwang.Api;
using Suanwang.Api.Client;

namespace Suanwang.Bench;

/// <summary>What a set of closed-loop clients achieved in one timed phase.</summary>
/// <param name="Elapsed">From the first request until the last client's last answer.</param>
/// <param name="Accepted">Submissions answered 2xx.</param>
/// <param name="LatencyMilliseconds">Latency of each accepted submission, sorted ascending.</param>
/// <param name="Errors">Other outcomes by status code, or <c>connection</c> / <c>timeout</c> for transport failures.</param>
public sealed record LoadPhase(TimeSpan Elapsed, long Accepted, double[] LatencyMilliseconds, IReadOnlyDictionary<string, long> Errors)
{
    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank), ms; NaN when nothing was accepted.</summary>
    public double Percentile(double q) =>
        LatencyMilliseconds.Length == 0 ? double.NaN : LatencyMilliseconds[Math.Clamp((int)Math.Ceiling(q * LatencyMilliseconds.Length) - 1, 0, LatencyMilliseconds.Length - 1)];
}

/// <summary>
/// Closed-loop submitters: each client sends one submission, waits for the whole answer, and sends the next,
/// as its own tenant with its own token, a spec of its own (<c>name: load-CLIENT-I</c>) and a unique
/// <c>Idempotency-Key</c>. All clients share one <see cref="HttpClient"/> (the caller's, pooling a keep-alive
/// connection per client). Request numbers continue across phases, so every submission is new to the broker.
/// </summary>
public sealed class BrokerLoadClients
{
    /// <summary>The spec each submission sends, with {0} the client and {1} the request number.</summary>
    public const string SpecTemplate = "name: load-{0}-{1}\ncommand: [\"true\"]\nresources: {{cpus: 1, memoryGiB: 1}}\nwork: {{referenceHours: 0.01}}\n";

    private readonly HttpClient _http;
    private readonly Uri _submit;
    private readonly IReadOnlyList<Client> _clients;

    /// <summary>Creates clients for the given tenant tokens (client <c>i</c> uses <c>tokens[i]</c>).</summary>
    /// <param name="http">The shared HTTP client (its handler must allow a connection per client).</param>
    /// <param name="broker">The broker's base URL.</param>
    /// <param name="tokens">One tenant token per client.</param>
    public BrokerLoadClients(HttpClient http, Uri broker, IReadOnlyList<string> tokens)
    {
        _http = http;
        _submit = new Uri(broker, ApiRoutes.Jobs);
        _clients = tokens.Select((token, i) => new Client(i + 1, new AuthenticationHeaderValue("Bearer", token))).ToArray();
    }

    /// <summary>How many clients there are (the most a phase can use).</summary>
    public int Count => _clients.Count;

    /// <summary>Runs the first <paramref name="clients"/> clients for <paramref name="duration"/>; each finishes the request in flight when time is up.</summary>
    public async Task<LoadPhase> RunAsync(int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        long end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = _clients.Take(clients).Select(c => Task.Run(() => c.LoopAsync(_http, _submit, end, cancellationToken), cancellationToken)).ToArray();
        var results = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = results.SelectMany(r => r.Latencies).Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(latencies);
        var errors = results.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        return new LoadPhase(elapsed, latencies.Length, latencies, errors);
    }

    private sealed class Client(int index, AuthenticationHeaderValue authorization)
    {
        private long _sent;

        public async Task<(List<long> Latencies, Dictionary<string, long> Errors)> LoopAsync(HttpClient http, Uri submit, long end, CancellationToken cancellationToken)
        {
            var latencies = new List<long>(4096);
            var errors = new Dictionary<string, long>();
            while (Stopwatch.GetTimestamp() < end)
            {
                long n = ++_sent;
                using var request = new HttpRequestMessage(HttpMethod.Post, submit)
                {
                    Content = new StringContent(string.Format(CultureInfo.InvariantCulture, SpecTemplate, index, n), Encoding.UTF8, SpecMediaTypes.Yaml),
                };
                request.Headers.Authorization = authorization;
                request.Headers.TryAddWithoutValidation(ApiRoutes.IdempotencyKeyHeader, $"load-{index}-{n}");
                long sent = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    // The default completion option reads the whole body: the latency is send to complete answer.
                    using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    long answered = Stopwatch.GetTimestamp();
                    if (response.IsSuccessStatusCode)
                    {
                        latencies.Add(answered - sent);
                        continue;
                    }
                    error = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException)
                {
                    error = "connection";
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    error = "timeout";
                }
                errors[error] = errors.GetValueOrDefault(error) + 1;
                // A broker refusing everything at once would otherwise be hammered in a tight loop.
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
            return (latencies, errors);
        }
    }
}
