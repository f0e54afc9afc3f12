using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Network;
using Suanwang.Lifecycle;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;
using Suanwang.Placement;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Specs;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Submissions;

/// <summary>What reading a submission produced: jobs ready to store, or why not.</summary>
/// <param name="Jobs">The job rows (one per array index).</param>
/// <param name="Requests">The parsed jobs, in the same order.</param>
public sealed record PreparedSubmission(IReadOnlyList<JobRow> Jobs, IReadOnlyList<JobRequest> Requests);

/// <summary>
/// Turns a submitted text into stored jobs: reads it (native or #SBATCH), binds it to the caller's
/// tenant and tier, refuses what no center of the network could ever run, then hands it to the
/// group-commit writer. Nothing is stored unless every check passed.
/// </summary>
/// <remarks>
/// With <paramref name="snapshots"/>, a job with a feature constraint is judged against the features the centers' engines
/// report as well as the network file's (a Slurm center's node features), as placement judges it.
/// </remarks>
public sealed class SubmissionService(NetworkState network, AccessStore access, JobIds ids, TimeProvider time, Scheduling.SnapshotBuilder? snapshots = null)
{
    private readonly ThreadLocal<PlacementEngine> _engines = new(() => new PlacementEngine());
    private static readonly IPlacementPolicy Policy = PolicyCatalog.Create("suanwang");
    // One reference, swapped whole, so request threads never pair one revision's number with another's snapshot.
    private Tuple<long, NetworkSnapshot>? _idle;

    /// <summary>
    /// Reads and checks a submission. Throws <see cref="SpecException"/> (400: invalid) or
    /// <see cref="SubmissionRefusedException"/> (422: valid, but no center could ever run it).
    /// </summary>
    /// <param name="text">The spec or #SBATCH script.</param>
    /// <param name="sourceName">Where it came from (a file name), for error locations.</param>
    /// <param name="caller">Who submits.</param>
    /// <param name="tenantForAdmin">The tenant an admin submits for (default: 'default').</param>
    /// <param name="cancellationToken">Cancels the tenant look-up.</param>
    /// <param name="dryRun">
    /// True for a dry run: no job will exist, so the jobs get <see cref="ApiRoutes.DryRunJobId"/> rather than a
    /// new id (and a nameless spec is named after it).
    /// </param>
    /// <param name="admit">
    /// Called with the jobs once the spec is read and bound to its tenant, before the costlier check against the network:
    /// the place to refuse, by throwing, what the caller may not create (too many jobs, over its rate).
    /// </param>
    public async Task<PreparedSubmission> PrepareAsync(string text, string sourceName, Caller caller, string? tenantForAdmin, CancellationToken cancellationToken,
        bool dryRun = false, Action<IReadOnlyList<JobRequest>>? admit = null)
    {
        var now = time.GetUtcNow();
        var revision = network.Current;
        var definition = revision.Definition;
        string tenantId = caller.IsAdmin ? tenantForAdmin ?? "default" : caller.Tenant!;
        var tenant = await TenantAsync(tenantId, now, cancellationToken)
            ?? throw new SpecException(sourceName, [new SpecError("tenant", $"no tenant '{tenantId}'; an admin creates it with `suanwang tenants create`")]);
        var context = new JobSpecContext(dryRun ? ApiRoutes.DryRunJobId : ids.Next(), now, tenant.Id, tenant.Tier)
        {
            IsKnownRegion = id => definition.FindRegion(id) is not null,
            IsKnownCenter = id => definition.Centers.Any(c => c.Id == id),
            AcceleratorCatalog = definition.Catalog,
            IsKnownTier = tier => definition.FairShare.Find(tier) is not null,
        };
        var requests = JobSpecReader.Read(text, sourceName, context);
        var errors = new List<SpecError>();
        foreach (var job in requests)
        {
            if (job.Tenant != tenant.Id)
                errors.Add(new SpecError("tenant", caller.IsAdmin
                    ? $"the spec names tenant '{job.Tenant}' but the request is for '{tenant.Id}'; pass ?tenant={job.Tenant}"
                    : $"the spec names tenant '{job.Tenant}' but your token acts for '{tenant.Id}'"));
            if (job.Tier != tenant.Tier)
                errors.Add(new SpecError("tier", $"the spec names tier '{job.Tier}' but tenant '{tenant.Id}' is in tier '{tenant.Tier}'; the tier comes from the tenant"));
        }
        if (errors.Count > 0) throw new SpecException(sourceName, errors.Distinct().ToArray());
        admit?.Invoke(requests);
        EnsurePlaceable(revision, requests, now);

        var rows = SubmissionRows.For(context.JobId, text, sourceName, requests, JobViews.Ms(now));
        return new PreparedSubmission(rows, requests);
    }

    // Tenants change rarely and every submission needs its tenant's tier: keep what was found for a few
    // seconds (an unknown tenant is not remembered, so a tenant created a moment ago is found at once).
    private async Task<TenantRow?> TenantAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_tenants.TryGetValue(id, out var cached) && cached.Until > now) return cached.Tenant;
        var tenant = await access.TenantAsync(id, cancellationToken);
        if (tenant is not null) _tenants[id] = (tenant, now + TimeSpan.FromSeconds(10));
        return tenant;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TenantRow Tenant, DateTimeOffset Until)> _tenants = new();

    /// <summary>The body hash an idempotency key is bound to.</summary>
    public static string BodyHash(string text, string? tenantForAdmin) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((tenantForAdmin ?? "") + "\n" + text)));

    // A job that no center could take even on an idle network (too big, no such accelerator in the
    // residency zone, a deadline nothing can meet) is refused now rather than queued for ever.
    private void EnsurePlaceable(NetworkRevision revision, IReadOnlyList<JobRequest> jobs, DateTimeOffset now)
    {
        var cached = Volatile.Read(ref _idle);
        var idle = cached is not null && cached.Item1 == revision.Number ? cached.Item2 : null;
        if (idle is null)
        {
            idle = new NetworkSnapshot(revision.Compiled);
            Volatile.Write(ref _idle, Tuple.Create(revision.Number, idle));
        }
        if (snapshots is not null && jobs.Any(j => j.Constraints.Features is not null))
            idle = new NetworkSnapshot(idle.Network, idle.PoolProfiles, idle.Availability, idle.Usage) { PoolFeatures = snapshots.ReportedFeatures(idle.Network) };
        var engine = _engines.Value!;
        foreach (var job in jobs)
        {
            // The fast path answers almost every submission; the explanation is built only to say why not.
            if (engine.Place(idle, job, 0, Policy, SimTime.ToSeconds(now)).IsPlaced) continue;
            var decision = engine.Decide(idle, job, 0, Policy, now, explain: true);
            if (decision.IsPlaced) continue;
            var reasons = decision.Candidates
                .GroupBy(c => c.Reason).OrderByDescending(g => g.Count())
                .Select(g => new SpecError($"{(g.Count() == 1 ? "center" : "centers")} {string.Join(", ", g.Take(5).Select(c => c.CenterId))}{(g.Count() > 5 ? ", …" : "")}", g.Key))
                .ToArray();
            // The job's own name only: its id was made for this request and names nothing that exists.
            string what = job.Name == job.Id ? "this job" : $"job '{job.Name}'";
            throw new SubmissionRefusedException($"no center in the network could ever run {what}, even with the network idle; each center's reason follows", reasons);
        }
    }
}

/// <summary>A valid spec that no center can run (422).</summary>
public sealed class SubmissionRefusedException(string message, IReadOnlyList<SpecError> reasons) : Exception(message)
{
    /// <summary>Why, per group of centers.</summary>
    public IReadOnlyList<SpecError> Reasons { get; } = reasons;
}
