using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Dependencies;

/// <summary>What one step of the <see cref="DependencyGate"/> did.</summary>
/// <param name="Released">Held jobs let back into the queue (the job they waited for succeeded).</param>
/// <param name="Failed">Held jobs failed (the job they waited for ended otherwise, or is not their tenant's).</param>
/// <param name="MoreToDo">The step stopped at its budget with jobs left to move: take another step soon.</param>
/// <param name="SweepWrapped">
/// The sweep reached the last dependency held jobs wait for; the next step starts it again from the first (so a
/// round of steps with nothing moved since the last wrap has looked at every held job).
/// </param>
public sealed record DependencyStep(int Released, int Failed, bool MoreToDo, bool SweepWrapped);

/// <summary>
/// Moves jobs held for a dependency (<c>afterok</c>; <see cref="JobRow.WaitsFor"/>) once that dependency has
/// ended, in bounded steps. A held job is released — back into the queue's window, where the scheduler checks any
/// further dependencies it has — when the job it waits for Succeeded, and Failed, naming the dependency, when that
/// job ended any other way, does not exist or is another tenant's; the failed jobs' own dependents follow in the
/// same step while the budget lasts. Each step looks at the dependencies it was told have ended
/// (<see cref="Ended"/>) and at the next slice of all the jobs held jobs wait for (a sweep that wraps round, so
/// an end it was not told of — a cancellation through the API, or one before a restart — is found too), and moves
/// at most its budget of jobs: a fan-out of any width resolves over a few steps, each a handful of small
/// statements. Not thread-safe: one caller (the scheduling loop).
/// </summary>
public sealed class DependencyGate(JobStore jobs)
{
    /// <summary>Distinct dependencies the sweep checks per step.</summary>
    public const int SweepSlice = 1000;

    /// <summary>Levels of a chain a step follows (one small query each), so a step's cost stays bounded however deep the chain.</summary>
    public const int MaxLevelsPerStep = 64;

    private string? _sweepAfter;
    // Dependencies known to have ended whose held jobs may not all have been moved yet.
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    /// <summary>Says <paramref name="jobId"/> has ended: jobs held for it are moved in the next step.</summary>
    public void Ended(string jobId) => _ended.Add(jobId);

    /// <summary>
    /// One step: finds dependencies that have ended and moves at most <paramref name="budget"/> of the jobs held
    /// for them at <paramref name="atMs"/> — the releases in one transaction, the failures in another — each move
    /// compare-and-set: a job that moved meanwhile is left for a later step.
    /// </summary>
    public async Task<DependencyStep> StepAsync(long atMs, int budget, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var candidates = new HashSet<string>(_ended, StringComparer.Ordinal);
        var slice = await jobs.HeldForAsync(_sweepAfter, SweepSlice, cancellationToken);
        bool wrapped = slice.Count < SweepSlice;
        _sweepAfter = wrapped ? null : slice[^1];
        candidates.UnionWith(slice);
        if (candidates.Count == 0) return new DependencyStep(0, 0, false, wrapped);

        var states = new Dictionary<string, (string Tenant, JobState State)>(await jobs.StatesAsync(candidates, cancellationToken));
        var frontier = candidates.Where(id => !states.TryGetValue(id, out var s) || JobLifecycle.IsFinal(s.State)).ToHashSet(StringComparer.Ordinal);
        _ended.Clear();
        // Read first, level by level: a held job whose dependency fails fails too, so its own held jobs are found
        // in the same step (a chain needs no step per link); then the moves are written together.
        var releases = new List<(string, long, JobNote)>();
        var failures = new List<TransitionRequest>();
        for (int level = 0; frontier.Count > 0; level++)
        {
            if (releases.Count + failures.Count >= budget || level == MaxLevelsPerStep)
            {
                // Out of budget or levels: the next step goes on from here.
                _ended.UnionWith(frontier);
                break;
            }
            int room = budget - releases.Count - failures.Count;
            var held = await jobs.HeldOnAsync(frontier, room, cancellationToken);
            var next = new HashSet<string>(StringComparer.Ordinal);
            foreach (var job in held)
            {
                string dependency = job.WaitsFor!;
                if (Verdict(dependency, job.Tenant, states) is { } failure)
                {
                    failures.Add(new TransitionRequest(job.Id, job.Version, JobState.Failed, failure));
                    states[job.Id] = (job.Tenant, JobState.Failed);
                    next.Add(job.Id);
                }
                else
                {
                    releases.Add((job.Id, job.Version, new ReleasedNote($"waiting for a placement (dependency '{dependency}' succeeded)")));
                }
            }
            if (held.Count == room)
            {
                // The budget is spent and these may have more held jobs: the next step goes on from here.
                _ended.UnionWith(frontier);
                _ended.UnionWith(next);
                break;
            }
            frontier = next;
        }
        int released = await jobs.AnnotateManyAsync(releases, cancellationToken);
        int failed = (await jobs.TransitionManyAsync(failures, atMs, cancellationToken)).Count(r => r.Status == TransitionStatus.Applied);
        return new DependencyStep(released, failed, _ended.Count > 0, wrapped);
    }

    // Null when the dependency succeeded (release); else why the held job fails.
    private static string? Verdict(string dependency, string tenant, Dictionary<string, (string Tenant, JobState State)> states)
    {
        if (!states.TryGetValue(dependency, out var dep) || dep.Tenant != tenant)
            return $"dependency '{dependency}' is not a job of tenant {tenant}";
        return dep.State == JobState.Succeeded ? null : $"dependency '{dependency}' ended {dep.State}, so this job cannot run (afterok)";
    }
}
