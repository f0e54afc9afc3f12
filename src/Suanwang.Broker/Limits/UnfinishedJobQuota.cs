using System.Globalization;
using Suanwang.Broker.Hosting;
using Suanwang.Store;

namespace Suanwang.Broker.Limits;

/// <summary>
/// The cap on each tenant's unfinished jobs, checked by the submission writer on every batch before it is committed,
/// so concurrent submissions cannot go past it: the writer is the only place jobs are created, and it decides one
/// batch at a time, in order.
/// </summary>
/// <remarks>
/// Per tenant it keeps an upper bound of the unfinished jobs: the store's count when last read plus the jobs
/// committed since. Jobs end elsewhere (the scheduler, a cancel), which can only lower the true count, so the bound
/// never undercounts; only when a submission would take the bound past the cap is the store counted again (an
/// index read of the tenant's unfinished jobs), and that exact count decides. A tenant well under its cap costs no
/// query; one at its cap costs one count per batch. Not thread-safe: only the writer's loop calls it.
/// </remarks>
public sealed class UnfinishedJobQuota(QuotaStore store, BrokerOptions options)
{
    /// <summary>What a refused submission is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, long> _bound = new(StringComparer.Ordinal);

    /// <summary>
    /// Decides a batch in order: for each submission null (admit it) or why it is refused. A submission whose
    /// idempotency key was used before is always admitted: the store answers it with the earlier jobs, creating none.
    /// </summary>
    public async Task<LimitExceededException?[]> AdmitAsync(IReadOnlyList<NewSubmission> batch, CancellationToken cancellationToken)
    {
        int cap = options.MaxUnfinishedJobsPerTenant;
        var refusals = new LimitExceededException?[batch.Count];
        var admitted = new Dictionary<string, long>(StringComparer.Ordinal);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string, string)>();
        for (int i = 0; i < batch.Count; i++)
        {
            var submission = batch[i];
            string tenant = submission.Tenant;
            // A repeat of a key admitted earlier in this batch: the store replays it.
            if (submission.IdempotencyKey is { } repeat && keys.Contains((tenant, repeat))) continue;
            if (!_bound.ContainsKey(tenant) && counted.Add(tenant))
                _bound[tenant] = await store.CountUnfinishedAsync(tenant, cancellationToken);
            long pending = admitted.GetValueOrDefault(tenant);
            if (_bound[tenant] + pending + submission.Jobs.Count > cap && counted.Add(tenant))
                _bound[tenant] = await store.CountUnfinishedAsync(tenant, cancellationToken);
            long unfinished = _bound[tenant] + pending;
            if (unfinished + submission.Jobs.Count > cap)
            {
                if (submission.IdempotencyKey is { } key && await store.KnowsIdempotencyKeyAsync(tenant, key, cancellationToken)) continue;
                string these = submission.Jobs.Count == 1 ? "" : $" (this submission: {N(submission.Jobs.Count)} jobs)";
                refusals[i] = new LimitExceededException("unfinished-jobs", cap, "Limit reached",
                    $"tenant '{tenant}' has {N(unfinished)} unfinished job{(unfinished == 1 ? "" : "s")}; its limit is {N(cap)}{these}", RetryAfter);
                continue;
            }
            admitted[tenant] = pending + submission.Jobs.Count;
            if (submission.IdempotencyKey is { } used) keys.Add((tenant, used));
        }
        return refusals;
    }

    /// <summary>Counts what a committed batch created.</summary>
    public void Committed(IReadOnlyList<NewSubmission> batch, IReadOnlyList<SubmitOutcome> outcomes)
    {
        for (int i = 0; i < batch.Count; i++)
            if (outcomes[i].Status == SubmitStatus.Created)
                _bound[batch[i].Tenant] = _bound.GetValueOrDefault(batch[i].Tenant) + batch[i].Jobs.Count;
    }

    /// <summary>Forgets what is known of these tenants (a batch failed, perhaps after its commit): they are counted again.</summary>
    public void Forget(IEnumerable<NewSubmission> batch)
    {
        foreach (var submission in batch) _bound.Remove(submission.Tenant);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
