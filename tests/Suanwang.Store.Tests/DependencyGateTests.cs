using System.Diagnostics;
using CsCheck;
using Suanwang.Lifecycle;
using Suanwang.Store.Dependencies;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Tests;

/// <summary>How the job a held job waits for (a "root") ends, or what it is.</summary>
public enum RootOutcome { Succeeded, Failed, Cancelled, Pending, Missing, Foreign }

/// <summary>
/// Jobs held for dependencies: <see cref="Parents"/>[k] is what held job k waits for — root <c>-p-1</c> when
/// negative, else the earlier held job p — so chains, fan-outs and trees of any shape; <see cref="Unheld"/> more
/// jobs wait in the queue for nothing.
/// </summary>
public sealed record HeldShape(RootOutcome[] Roots, int[] Parents, int Unheld, int Budget)
{
    public override string ToString() =>
        $"{Roots.Length} roots [{string.Join(",", Roots)}], {Parents.Length} held, {Unheld} unheld, budget {Budget}, parents [{string.Join(",", Parents.Take(40))}{(Parents.Length > 40 ? ",…" : "")}]";
}

// Held jobs resolve: released when what they wait for succeeded, failed (naming it, down whole chains) when it
// ended otherwise or is not theirs, held while it is pending; in steps of bounded size, with no query failing
// however wide the fan-out or deep the chain.
public abstract partial class StoreKit
{
    [Fact]
    public async Task A_held_job_is_released_when_its_dependency_succeeds_and_stays_held_while_it_is_pending()
    {
        await Submit(new NewSubmission("acme", null, "r", [NewJob("j-first")]), new NewSubmission("acme", null, "d", [Held("j-then", "j-first")]));
        var gate = new DependencyGate(Jobs);
        Assert.Equal((0, 0), Moves(await gate.StepAsync(2_000, 10, default)));
        Assert.Equal("j-first", (await Jobs.GetAsync("j-then", default))!.WaitsFor);
        Assert.DoesNotContain(await Jobs.WaitingWindowAsync(10, default), j => j.Id == "j-then");

        await EndAsync("j-first", RootOutcome.Succeeded);
        Assert.Equal((1, 0), Moves(await gate.StepAsync(3_000, 10, default)));
        var released = await Jobs.GetAsync("j-then", default);
        Assert.Equal((JobState.Queued, null, "waiting for a placement (dependency 'j-first' succeeded)"), (released!.State, released.WaitsFor, released.Reason));
        Assert.Contains("j-then", (await Jobs.WaitingWindowAsync(10, default)).Select(j => j.Id));
    }

    [Fact]
    public async Task Held_jobs_fail_naming_a_dependency_that_failed_was_cancelled_does_not_exist_or_is_another_tenants()
    {
        await Submit(new NewSubmission("acme", null, "a", [NewJob("j-bad"), NewJob("j-stopped")]), new NewSubmission("globex", null, "g", [NewJob("j-theirs", tenant: "globex")]));
        await Submit(new NewSubmission("acme", null, "h", [Held("j-1", "j-bad"), Held("j-2", "j-stopped"), Held("j-3", "j-none"), Held("j-4", "j-theirs"), Held("j-1-next", "j-1")]));
        await EndAsync("j-bad", RootOutcome.Failed);
        await EndAsync("j-stopped", RootOutcome.Cancelled);
        await EndAsync("j-theirs", RootOutcome.Succeeded);
        var gate = new DependencyGate(Jobs);
        Assert.Equal((0, 5), Moves(await gate.StepAsync(9_000, 10, default)));
        var reasons = (await Jobs.GetManyAsync(["j-1", "j-2", "j-3", "j-4", "j-1-next"], default)).ToDictionary(j => j.Id, j => (j.State, j.Reason));
        Assert.Equal((JobState.Failed, "dependency 'j-bad' ended Failed, so this job cannot run (afterok)"), reasons["j-1"]);
        Assert.Equal((JobState.Failed, "dependency 'j-stopped' ended Cancelled, so this job cannot run (afterok)"), reasons["j-2"]);
        Assert.Equal((JobState.Failed, "dependency 'j-none' is not a job of tenant acme"), reasons["j-3"]);
        Assert.Equal((JobState.Failed, "dependency 'j-theirs' is not a job of tenant acme"), reasons["j-4"]);
        Assert.Equal((JobState.Failed, "dependency 'j-1' ended Failed, so this job cannot run (afterok)"), reasons["j-1-next"]);
    }

    private static readonly Gen<HeldShape> SmallShapes =
        Gen.Select(Gen.Enum<RootOutcome>().Array[1, 6], Gen.Int[0, int.MaxValue].Array[1, 300], Gen.Int[0, 20], Gen.Int[1, 50],
            (roots, picks, unheld, budget) => new HeldShape(roots, ParentsFrom(picks, roots.Length), unheld, budget));

    [Fact]
    [Trait("Category", "Property")]
    public Task Held_jobs_of_any_shape_resolve_in_steps_within_their_budget() =>
        SmallShapes.SampleAsync(shape => ResolvesAsync(shape, log: null), iter: 40, threads: 1, print: s => s.ToString());

    // 100,000 waiting jobs: a 40,000-wide fan-out from a job that ends badly, 20,000 in chains hanging off roots that
    // end every way, 20,000 more in random trees, and 20,000 waiting for nothing. Shapes are random, sizes fixed.
    private static readonly Gen<HeldShape> HundredThousand =
        Gen.Select(Gen.Enum<RootOutcome>().Array[6], Gen.OneOf(Gen.Const(RootOutcome.Failed), Gen.Const(RootOutcome.Cancelled), Gen.Const(RootOutcome.Missing)),
            Gen.Int[5, 20], Gen.Int[0, int.MaxValue].Array[20_000],
            (roots, fanRoot, chains, picks) =>
            {
                var all = roots.Prepend(fanRoot).ToArray();
                var parents = new List<int>(80_000);
                parents.AddRange(Enumerable.Repeat(-1, 40_000)); // the fan-out, on root 0
                for (int c = 0; c < chains; c++)
                    for (int i = 0; i < 20_000 / chains; i++)
                        parents.Add(i == 0 ? -(1 + (c % all.Length)) : parents.Count - 1);
                int start = parents.Count;
                parents.AddRange(ParentsFrom(picks, all.Length).Select(p => p < 0 ? p : p + start));
                return new HeldShape(all, [.. parents], 100_000 - parents.Count, 1000);
            });

    [Fact]
    [Trait("Category", "Slow")]
    [Trait("Category", "Property")]
    public Task A_hundred_thousand_waiting_jobs_with_deep_chains_and_a_forty_thousand_wide_fan_out_resolve_without_a_failed_query() =>
        HundredThousand.SampleAsync(shape => ResolvesAsync(shape, log: Console.WriteLine), iter: 1, threads: 1, print: s => s.ToString());

    // Style per held job from its pick: continue a chain, hang off a root, or off any earlier held job.
    private static int[] ParentsFrom(int[] picks, int roots) =>
        [.. picks.Select((pick, k) => (pick % 3, pick / 3) switch
        {
            (0, _) when k > 0 => k - 1,
            (2, var r) when k > 0 => r % k,
            (_, var r) => -(1 + r % roots),
        })];

    private static int _shapes;

    private async Task ResolvesAsync(HeldShape shape, Action<string>? log)
    {
        string p = $"s{Interlocked.Increment(ref _shapes)}";
        string RootId(int r) => $"{p}-root{r}";
        string HeldId(int k) => $"{p}-held{k:D6}";
        string Parent(int k) => shape.Parents[k] < 0 ? RootId(-shape.Parents[k] - 1) : HeldId(shape.Parents[k]);
        var clock = Stopwatch.StartNew();

        // The roots that exist, then every held and unheld job (as arrays share bodies), then the roots end.
        var roots = Enumerable.Range(0, shape.Roots.Length).Where(r => shape.Roots[r] != RootOutcome.Missing)
            .Select(r => NewJob(RootId(r), tenant: shape.Roots[r] == RootOutcome.Foreign ? "globex" : "acme")).ToList();
        await Submit([.. roots.Select(r => new NewSubmission(r.Tenant, null, r.Id, [r]))]);
        // Submitted 10,000 at a time, each batch one submission with one body (as an array is).
        var bodies = Enumerable.Range(0, (shape.Parents.Length + shape.Unheld) / 10_000 + 1).Select(b => NewBody($"{p}-body{b}")).ToArray();
        var waiting = Enumerable.Range(0, shape.Parents.Length).Select(k => Held(HeldId(k), Parent(k), bodies[k / 10_000]))
            .Concat(Enumerable.Range(shape.Parents.Length, shape.Unheld).Select(u => NewJob($"{p}-free{u:D6}", body: bodies[u / 10_000]))).ToList();
        foreach (var submission in waiting.GroupBy(j => j.BodyId)) await Submit(new NewSubmission("acme", null, submission.Key, [.. submission]));
        for (int r = 0; r < shape.Roots.Length; r++)
            if (shape.Roots[r] is not RootOutcome.Missing) await EndAsync(RootId(r), shape.Roots[r] == RootOutcome.Foreign ? RootOutcome.Succeeded : shape.Roots[r]);
        var inserted = clock.Elapsed;

        // Step (told of nothing: the sweep finds every end) until a whole sweep round moves nothing.
        var gate = new DependencyGate(Jobs);
        int steps = 0, moved = 0, movedThisRound = 0;
        while (true)
        {
            var step = await gate.StepAsync(50_000, shape.Budget, default);
            Assert.True(step.Released + step.Failed <= shape.Budget, $"a step moved {step.Released + step.Failed} jobs, over its budget of {shape.Budget}");
            moved += step.Released + step.Failed;
            movedThisRound += step.Released + step.Failed;
            Assert.True(++steps <= 10 + 3 * (shape.Parents.Length / shape.Budget + 1), $"still moving after {steps} steps");
            if (step.SweepWrapped && !step.MoreToDo)
            {
                if (movedThisRound == 0) break;
                movedThisRound = 0;
            }
        }

        // Each held job as the model says.
        var expected = new (JobState State, string? WaitsFor, string Reason)[shape.Parents.Length];
        for (int k = 0; k < shape.Parents.Length; k++)
        {
            int parent = shape.Parents[k];
            string dep = Parent(k);
            string cannot = $"dependency '{dep}' ended {{0}}, so this job cannot run (afterok)";
            expected[k] = parent >= 0
                ? expected[parent].State == JobState.Failed
                    ? (JobState.Failed, null, string.Format(cannot, "Failed"))
                    : (JobState.Queued, dep, "")
                : shape.Roots[-parent - 1] switch
                {
                    RootOutcome.Succeeded => (JobState.Queued, null, $"waiting for a placement (dependency '{dep}' succeeded)"),
                    RootOutcome.Failed or RootOutcome.Cancelled => (JobState.Failed, null, string.Format(cannot, shape.Roots[-parent - 1])),
                    RootOutcome.Pending => (JobState.Queued, dep, ""),
                    _ => (JobState.Failed, null, $"dependency '{dep}' is not a job of tenant acme"),
                };
        }
        var actual = (await Jobs.GetManyAsync([.. waiting.Select(j => j.Id)], default)).ToDictionary(j => j.Id);
        for (int k = 0; k < shape.Parents.Length; k++)
        {
            var job = actual[HeldId(k)];
            var (state, waitsFor, reason) = expected[k];
            Assert.True(job.State == state && job.WaitsFor == waitsFor && (reason.Length == 0 || job.Reason == reason),
                $"{job.Id} (waits for {Parent(k)}): expected {state}/{waitsFor ?? "-"}/{reason}, found {job.State}/{job.WaitsFor ?? "-"}/{job.Reason}");
        }
        Assert.All(actual.Values.Where(j => j.Id.Contains("-free", StringComparison.Ordinal)), j => Assert.Equal((JobState.Submitted, null), (j.State, j.WaitsFor)));
        log?.Invoke($"{GetType().Name}: {waiting.Count:N0} waiting jobs ({shape.Parents.Length:N0} held) stored in {inserted.TotalSeconds:0.0} s; " +
                    $"{moved:N0} moved in {steps} steps of at most {shape.Budget} in {(clock.Elapsed - inserted).TotalSeconds:0.0} s");

        // Leave nothing held behind for the next shape's sweep.
        var left = actual.Values.Where(j => j.State is JobState.Queued or JobState.Submitted).Select(j => new TransitionRequest(j.Id, j.Version, JobState.Cancelled, "shape done")).ToArray();
        foreach (var chunk in left.Chunk(5_000)) await Jobs.TransitionManyAsync(chunk, 60_000, default);
    }

    private static (int Released, int Failed) Moves(DependencyStep step) => (step.Released, step.Failed);

    private static JobRow Held(string id, string waitsFor, JobBodyRow? body = null)
    {
        var job = NewJob(id, body: body);
        job.State = JobState.Queued;
        job.Version = 2;
        job.WaitsFor = waitsFor;
        return job;
    }

    // Moves a Submitted job to how it ended.
    private async Task EndAsync(string id, RootOutcome outcome)
    {
        JobState[] path = outcome switch
        {
            RootOutcome.Succeeded => [JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Succeeded],
            RootOutcome.Failed => [JobState.Queued, JobState.Failed],
            RootOutcome.Cancelled => [JobState.Cancelled],
            _ => [],
        };
        long version = 1;
        foreach (var to in path)
        {
            var (status, job) = await Jobs.TransitionAsync(new TransitionRequest(id, version, to, $"to {to}", FactsFor(to)), 1_000 + version, default);
            Assert.Equal(TransitionStatus.Applied, status);
            version = job!.Version;
        }
    }
}
