namespace Suanwang.Api.Client;

/// <summary>
/// The broker refused a request (any non-2xx answer, read from its RFC 7807 problem details) or could not be
/// reached at all (<see cref="Status"/> 0).
/// </summary>
public sealed class SuanwangApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoErrors = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Creates the exception from a broker's answer (or, with <paramref name="status"/> 0, from a failure to reach it).</summary>
    /// <param name="status">HTTP status; 0 when the broker was not reached.</param>
    /// <param name="title">Short summary (the problem's <c>title</c>).</param>
    /// <param name="detail">Explanation of this occurrence (the problem's <c>detail</c>), if any.</param>
    /// <param name="errors">Location (a field path or a script line) → what is wrong there; empty when none were given.</param>
    /// <param name="retryAfter">How long to wait before retrying, from <c>Retry-After</c> (429, 503).</param>
    /// <param name="type">The problem's <c>type</c> URI, if any.</param>
    /// <param name="inner">The transport failure, for status 0.</param>
    public SuanwangApiException(int status, string title, string? detail = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null, TimeSpan? retryAfter = null, string? type = null,
        Exception? inner = null)
        : base(Describe(status, title, detail), inner)
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? NoErrors;
        RetryAfter = retryAfter;
        Type = type;
    }

    /// <summary>HTTP status of the answer; 0 when the broker could not be reached (connection refused, DNS, timeout).</summary>
    public int Status { get; }

    /// <summary>Short summary of the problem.</summary>
    public string Title { get; }

    /// <summary>What went wrong this time, if the broker said.</summary>
    public string? Detail { get; }

    /// <summary>Per-location reasons (400): a field path such as <c>resources.accelerators.count</c> or a script line such as <c>line 4 (#SBATCH --gres=gpu:x)</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>How long the broker asked the caller to wait before retrying (429 and 503), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The problem's <c>type</c> URI, if any.</summary>
    public string? Type { get; }

    /// <summary>True when the broker was not reached at all.</summary>
    public bool IsUnreachable => Status == 0;

    /// <summary>True when trying again later may succeed: unreachable, 429, or a 5xx answer.</summary>
    public bool IsTransient => Status is 0 or 429 or >= 500;

    private static string Describe(int status, string title, string? detail) =>
        status == 0 ? (detail is null ? title : $"{title}: {detail}")
        : detail is null or "" ? $"{title} ({status})" : $"{title} ({status}): {detail}";
}
