using Suanwang.Broker.Auth;

namespace Suanwang.Broker.Limits;

/// <summary>
/// A limit refused a request for now: the API answers 429 with <c>Retry-After</c> and a problem naming the limit
/// (<see cref="Limit"/>, <see cref="LimitValue"/>). Nothing was done; the same request may pass later.
/// </summary>
/// <param name="limit">The limit's name, stable for scripts: <c>jobs-per-second</c>, <c>dry-runs-per-second</c>, <c>unfinished-jobs</c>, <c>live-streams-per-tenant</c> or <c>live-streams</c>.</param>
/// <param name="limitValue">The limit's value (jobs a second, jobs, streams).</param>
/// <param name="title">The problem's title.</param>
/// <param name="detail">What is over which limit, for a person to read.</param>
/// <param name="retryAfter">When trying again may pass.</param>
public sealed class LimitExceededException(string limit, int limitValue, string title, string detail, TimeSpan retryAfter) : Exception(detail)
{
    /// <summary>The limit's name.</summary>
    public string Limit { get; } = limit;

    /// <summary>The limit's value.</summary>
    public int LimitValue { get; } = limitValue;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;

    /// <summary>When trying again may pass (whole seconds, at least one).</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)));

    /// <summary>How a caller is named in a refusal: its tenant, or for an admin token the token.</summary>
    public static string Who(Caller caller) => caller.Tenant is { } tenant ? $"tenant '{tenant}'" : $"admin token '{caller.TokenId}'";

    /// <summary>The partition a caller's limits are kept in: its tenant, or for an admin token the token.</summary>
    public static string PartitionOf(Caller caller) => caller.Tenant ?? "admin:" + caller.TokenId;
}
