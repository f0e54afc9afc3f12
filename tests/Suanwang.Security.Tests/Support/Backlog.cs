using System.Net;
using Suanwang.Api;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// Queues many jobs as job arrays of at most <see cref="ChunkSize"/> elements, as much of it as the broker takes: a
/// rate limit's 429 with a short Retry-After is waited out, and any other refusal (a quota, an array limit) ends
/// the queueing with what was accepted — the attack then goes on with that. A 5xx is never acceptable.
/// </summary>
public static class Backlog
{
    public const int ChunkSize = 1000;

    /// <summary>What was queued and, if the broker stopped it, how.</summary>
    /// <param name="Accepted">Jobs acknowledged (201).</param>
    /// <param name="Refusal">The refusal that ended the queueing early (status and problem), or null.</param>
    /// <param name="ServerError">A 5xx answer, if one came: a break whatever else happened.</param>
    public sealed record Result(int Accepted, string? Refusal, string? ServerError)
    {
        public string Describe(int asked) =>
            Refusal is null ? $"{Accepted:N0} jobs queued" : $"{Accepted:N0} of {asked:N0} jobs queued, then refused: {Refusal}";
    }

    /// <summary>
    /// Submits <paramref name="total"/> jobs as arrays; <paramref name="script"/> gives the script for a chunk
    /// (its number and element count).
    /// </summary>
    public static async Task<Result> QueueAsync(HttpClient client, int total, Func<int, int, string> script, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromMinutes(2));
        int accepted = 0;
        for (int chunk = 0; accepted < total; chunk++)
        {
            int size = Math.Min(ChunkSize, total - accepted);
            while (true)
            {
                using var response = await BrokerApi.PostSpecAsync(client, script(chunk, size));
                int status = (int)response.StatusCode;
                if (status == 201) { accepted += size; break; }
                string body = AttackLog.Shorten(await response.Content.ReadAsStringAsync(), 200);
                if (status >= 500) return new Result(accepted, null, $"{status}: {body}");
                bool rateLimited = status == (int)HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is { } wait && wait <= TimeSpan.FromSeconds(10);
                if (!rateLimited || DateTime.UtcNow > deadline) return new Result(accepted, $"{status} {body}", null);
                await Task.Delay(response.Headers.RetryAfter!.Delta!.Value);
            }
        }
        return new Result(accepted, null, null);
    }
}
