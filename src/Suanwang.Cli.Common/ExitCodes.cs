namespace Suanwang.Cli;

/// <summary>Exit codes scripts can rely on (listed in <c>suanwang --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;
    /// <summary>Something failed while running (I/O, an internal error; from the broker: 409 conflict, 500).</summary>
    public const int Failure = 1;
    /// <summary>
    /// The command line or an input file (job spec, network, trace, config file) is invalid, or the broker refused the
    /// input as invalid (400, 413, 415); nothing was done.
    /// </summary>
    public const int InvalidInput = 2;
    /// <summary>
    /// The job is valid, but no center can take it: <c>place</c>'s own answer, a <c>submit --dry-run</c> that places
    /// nothing, or the broker's 422 to <c>submit</c> and <c>submit --dry-run</c> (no center of its network could ever run
    /// it); nothing was done.
    /// </summary>
    public const int Unplaceable = 3;
    /// <summary>The broker could not be reached (connection refused, no such host, timeout) or is unavailable (502, 503, 504): worth retrying later.</summary>
    public const int BrokerUnreachable = 4;
    /// <summary>The broker refused the token (401: missing or wrong) or its role (403: e.g. an admin verb with a tenant token).</summary>
    public const int NotAuthorised = 5;
    /// <summary>No such job, center, tenant or token (404), or not the caller's.</summary>
    public const int NotFound = 6;
    /// <summary><c>submit --wait</c>: a job ended Failed or Cancelled.</summary>
    public const int JobUnsuccessful = 7;
    /// <summary>
    /// Refused for now, nothing done (the broker's 429): over a limit of the tenant — its rate of jobs or dry runs, its
    /// cap on unfinished jobs, its live streams — or of the broker. The message names the limit and when to retry.
    /// </summary>
    public const int LimitReached = 8;

    /// <summary>The lines the root command's help shows.</summary>
    internal const string Help =
        "Exit codes: 0 done, 1 failure, 2 invalid input (broker: 400, 413), 3 no center can take the job (broker: 422),\n" +
        "  4 broker unreachable or unavailable, 5 not authorised (401/403), 6 not found (404), 7 the job failed or was cancelled (submit --wait),\n" +
        "  8 refused for now: over a rate, quota or limit (broker: 429; retry after the time it gives).\n" +
        "  After 2 or 3 nothing was done; place, submit and submit --dry-run give 3 alike for a valid job no center can take.";
}
