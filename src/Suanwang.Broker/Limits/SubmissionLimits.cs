using System.Globalization;
using System.Threading.RateLimiting;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Hosting;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;

namespace Suanwang.Broker.Limits;

/// <summary>
/// The per-tenant rates of submissions and dry runs: token buckets (ASP.NET Core's rate limiting) charged by the
/// endpoints once the spec has been read, so a job array costs what it creates. A submission costs one token
/// before its body is read (an invalid spec is not free) and one per job in all. A dry run costs its own bucket one
/// token per <see cref="JobsPerDryRunToken"/> jobs it places (at least one): reading the network's state is most of
/// a small dry run's cost, placing and explaining every element most of a large one's (10,000 elements: seconds of
/// CPU and a 66 MB answer). More jobs than one request may hold are refused as invalid (400), never 429 for ever.
/// </summary>
public sealed class SubmissionLimits : IDisposable
{
    private readonly BrokerOptions _options;
    private readonly PartitionedRateLimiter<string> _jobs;
    private readonly PartitionedRateLimiter<string> _dryRuns;

    /// <summary>Creates the buckets from the broker's options.</summary>
    public SubmissionLimits(BrokerOptions options)
    {
        _options = options;
        _jobs = Buckets(options.SubmitsPerSecondPerTenant, options.SubmitBurst);
        _dryRuns = Buckets(options.DryRunsPerSecondPerTenant, options.DryRunBurst);
    }

    /// <summary>Jobs a dry run may place for one token of the dry-run bucket.</summary>
    public const int JobsPerDryRunToken = 100;

    /// <summary>Most jobs one submission may create: the array cap, and never more than the bucket holds.</summary>
    public int MaxJobsPerSubmission => Math.Min(_options.MaxArrayTasks, _options.SubmitBurst);

    /// <summary>Most jobs one dry run may place: the array cap, and never more than the dry-run bucket pays for.</summary>
    public int MaxJobsPerDryRun => (int)Math.Min(_options.MaxArrayTasks, (long)_options.DryRunBurst * JobsPerDryRunToken);

    /// <summary>Charges the request itself, before its body is read: one job token, or one dry-run token.</summary>
    /// <exception cref="LimitExceededException">The caller's bucket is empty.</exception>
    public void ChargeRequest(Caller caller, bool dryRun)
    {
        if (dryRun) Charge(_dryRuns, caller, 1, "dry-runs-per-second", _options.DryRunsPerSecondPerTenant, _options.DryRunBurst, "dry runs", "");
        else Charge(_jobs, caller, 1, "jobs-per-second", _options.SubmitsPerSecondPerTenant, _options.SubmitBurst, "jobs", "");
    }

    /// <summary>
    /// Admits the jobs a spec was read into: refuses more than one request may hold (400, naming the array and the
    /// limit), then charges the rest of the request's cost — a submission one token per job, a dry run one per
    /// <see cref="JobsPerDryRunToken"/> jobs, the token <see cref="ChargeRequest"/> took included.
    /// </summary>
    /// <exception cref="SpecException">More jobs than <see cref="MaxJobsPerSubmission"/> (<see cref="MaxJobsPerDryRun"/>).</exception>
    /// <exception cref="LimitExceededException">The caller's bucket does not hold them now.</exception>
    public void AdmitJobs(Caller caller, IReadOnlyList<JobRequest> jobs, string sourceName, bool dryRun)
    {
        int max = dryRun ? MaxJobsPerDryRun : MaxJobsPerSubmission;
        if (jobs.Count > max)
        {
            string why = _options.MaxArrayTasks == max ? $"this broker accepts at most {N(max)} jobs per {(dryRun ? "dry run" : "submission")}"
                : dryRun ? $"a dry run places at most {N(max)} (the dry-run rate of {LimitExceededException.Who(caller)} allows bursts of {N(_options.DryRunBurst)}, one per {JobsPerDryRunToken} jobs)"
                : $"the submission rate lets {LimitExceededException.Who(caller)} submit at most {N(max)} jobs at once";
            throw new SpecException(sourceName, [new SpecError("array", $"the job array expands to {N(jobs.Count)} jobs; {why}; split it into smaller arrays")]);
        }
        if (dryRun)
        {
            int tokens = (jobs.Count + JobsPerDryRunToken - 1) / JobsPerDryRunToken;
            if (tokens > 1)
                Charge(_dryRuns, caller, tokens - 1, "dry-runs-per-second", _options.DryRunsPerSecondPerTenant, _options.DryRunBurst, "dry runs",
                    $" (this dry run of {N(jobs.Count)} jobs counts as {N(tokens)}, one per {JobsPerDryRunToken} jobs)");
        }
        else if (jobs.Count > 1)
            Charge(_jobs, caller, jobs.Count - 1, "jobs-per-second", _options.SubmitsPerSecondPerTenant, _options.SubmitBurst, "jobs",
                $" (this submission: {N(jobs.Count)} jobs)");
    }

    private static void Charge(PartitionedRateLimiter<string> buckets, Caller caller, int permits, string limit, int perSecond, int burst, string what, string these)
    {
        using var lease = buckets.AttemptAcquire(LimitExceededException.PartitionOf(caller), permits);
        if (lease.IsAcquired) return;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        throw new LimitExceededException(limit, perSecond, "Too many requests",
            $"{LimitExceededException.Who(caller)} is over its rate of {N(perSecond)} {what} a second, in bursts of at most {N(burst)}{these}", wait);
    }

    // A token bucket per caller refilled about ten times a second (once per token below 10/s), so the rate holds
    // to the token for any setting.
    private static PartitionedRateLimiter<string> Buckets(int perSecond, int burst)
    {
        int tokens = Math.Max(1, perSecond / 10);
        var period = TimeSpan.FromSeconds(tokens / (double)perSecond);
        return PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        _jobs.Dispose();
        _dryRuns.Dispose();
    }
}
