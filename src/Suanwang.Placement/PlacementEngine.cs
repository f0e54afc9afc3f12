using Suanwang.Model.Jobs;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Decisions;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Filters;
using Suanwang.Placement.Network;
using Suanwang.Placement.Objectives;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Placement;

/// <summary>The result of the fast path: the chosen plan, without an explanation.</summary>
/// <param name="IsPlaced">False when every pool was filtered out.</param>
/// <param name="Plan">The chosen pool's predicted plan (under the truth, whatever the policy believed).</param>
/// <param name="EstimatedCount">
/// How many pools passed the static filters and were estimated. When nothing was placed but this is
/// positive, the job could run somewhere but not within its deadline or price ceiling now.
/// </param>
public readonly record struct PlacementOutcome(bool IsPlaced, CandidateEstimate Plan, int EstimatedCount)
{
    /// <summary>Seconds the plan waits for capacity (excluding deliberate deferral and data transfer).</summary>
    public double CapacityWaitSeconds => Plan.QueueWaitSeconds - Plan.DeferredSeconds;
}

/// <summary>
/// The placement core: snapshot + job + policy + time → decision. Hard filters first, then an
/// estimate per pool in physical units (stage-in, backfill-aware queue wait, runtime on that
/// accelerator, stage-out, cost, energy, carbon), then the policy's ranking. Pure: no I/O, no
/// clock, no randomness; an instance only reuses scratch buffers, so use one per thread.
/// </summary>
public sealed class PlacementEngine
{
    private const int MaxDeferralSteps = 168;

    private readonly IReadOnlyList<IPlacementFilter> _allFilters;
    private readonly JobContext _job = new();
    private IPlacementFilter[] _before = [];
    private IPlacementFilter[] _after = [];
    private CandidateEstimate[] _candidates = [];
    private double[] _scores = [];
    // Explanation bookkeeping, per pool: the filter that rejected it (null = passed) and its estimate.
    private IPlacementFilter?[] _rejectedBy = [];
    private CandidateEstimate[] _poolEstimates = [];
    private bool[] _estimated = [];
    private bool[] _admitted = [];
    private CandidateBound[] _bounds = [];
    private double[] _boundScores = [];
    private readonly PoolBounds _poolBounds = new();
    private double[] _poolBound = [];
    private bool[] _visited = [];
    private int _estimatedCount;
    private bool _usesLoad;

    /// <summary>Estimate every admitted pool, never pruning by bounds: the reference the pruned paths are tested against.</summary>
    internal bool Exhaustive { get; init; }

    /// <summary>An engine applying <paramref name="filters"/> (default: <see cref="StandardFilters.All"/>).</summary>
    public PlacementEngine(IReadOnlyList<IPlacementFilter>? filters = null) => _allFilters = filters ?? StandardFilters.All;

    /// <summary>
    /// Chooses a pool for <paramref name="job"/> without building an explanation: the hot path for
    /// the simulator and for dry runs at scale.
    /// </summary>
    public PlacementOutcome Place(NetworkSnapshot snapshot, JobRequest job, long sequence, IPlacementPolicy policy, double nowSeconds)
    {
        int best = Evaluate(snapshot, job, sequence, policy, nowSeconds, explain: false, out int count);
        if (best < 0) return new PlacementOutcome(false, default, _estimatedCount);
        return new PlacementOutcome(true, WithRenewableShare(snapshot.Network, TruePlan(snapshot, policy, _candidates[best])), _estimatedCount);
    }

    /// <summary>
    /// Chooses a pool for <paramref name="job"/> and, when <paramref name="explain"/> is true, records
    /// every center's numbers and why each loser lost.
    /// </summary>
    public PlacementDecision Decide(NetworkSnapshot snapshot, JobRequest job, long sequence, IPlacementPolicy policy, DateTimeOffset now, bool explain = true)
    {
        double nowSeconds = SimTime.ToSeconds(now);
        int best = Evaluate(snapshot, job, sequence, policy, nowSeconds, explain, out int count);
        var network = snapshot.Network;
        PlanNumbers? plan = best < 0 ? null : ToNumbers(network, TruePlan(snapshot, policy, _candidates[best]));
        var reports = explain ? Explain(snapshot, policy, best, count) : [];
        string summary = plan is null
            ? $"No center can take the job: {RejectionSummary(snapshot, explain)}."
            : $"Placed on {plan.CenterId} ({plan.PoolId}, {plan.AcceleratorModelId}): starts {plan.StartAt:yyyy-MM-dd HH:mm}Z, finishes {plan.FinishAt:yyyy-MM-dd HH:mm}Z, ¥{plan.CostYuan:0.00}, {plan.EnergyKwh:0.##} kWh, {plan.CarbonKg:0.###} kg CO₂, {plan.WaterLitres:0.##} L water.";
        return new PlacementDecision(job.Id, policy.Name, network.Revision, now, plan, reports, summary);
    }

    private int Evaluate(NetworkSnapshot snapshot, JobRequest job, long sequence, IPlacementPolicy policy, double now, bool explain, out int count)
    {
        var network = snapshot.Network;
        _job.Prepare(network, job, sequence, now);
        SelectFilters();
        int pools = network.PoolCount;
        Grow(ref _candidates, pools);
        Grow(ref _scores, pools);
        Grow(ref _admitted, pools);
        var admitted = _admitted.AsSpan(0, pools);
        if (explain)
        {
            Grow(ref _rejectedBy, pools);
            Grow(ref _poolEstimates, pools);
            Grow(ref _estimated, pools);
            Array.Clear(_rejectedBy, 0, pools);
            Array.Clear(_estimated, 0, pools);
            // Pool by pool, to record which filter rejected each one.
            for (int p = 0; p < pools; p++)
            {
                _rejectedBy[p] = FirstRejecting(_before, snapshot, p, default);
                admitted[p] = _rejectedBy[p] is null;
            }
        }
        else
        {
            // Nobody asks which filter rejected a pool: run each static filter over all pools in a tight loop.
            admitted.Fill(true);
            foreach (var filter in _before) filter.RejectAll(_job, snapshot, admitted);
        }

        _usesLoad = policy.UsesCurrentLoad;
        count = 0;
        _estimatedCount = 0;
        if (policy is IBoundedPolicy bounded && !Exhaustive)
        {
            int boundCount = PrepareBounds(bounded, out int first);
            return explain ? BranchAndBoundPerCenter(snapshot, bounded, boundCount, out count) : BranchAndBound(snapshot, bounded, boundCount, first, out count);
        }
        return EvaluateAll(snapshot, policy, policy as IBoundedPolicy, explain, out count);
    }

    // Every admitted pool, estimated exactly; then the policy ranks the feasible ones.
    private int EvaluateAll(NetworkSnapshot snapshot, IPlacementPolicy policy, IBoundedPolicy? bounded, bool explain, out int count)
    {
        var network = snapshot.Network;
        count = 0;
        for (int p = 0; p < network.PoolCount; p++)
        {
            if (!_admitted[p]) continue;
            if (!TryEvaluate(snapshot, p, policy, explain, ref _candidates[count])) continue;
            count++;
        }
        if (count == 0) return -1;
        var candidates = _candidates.AsSpan(0, count);
        if (bounded is not null)
            for (int i = 0; i < count; i++) _scores[i] = bounded.Score(candidates[i], _job);
        else
            policy.Score(candidates, _scores.AsSpan(0, count), _job);
        int best = 0;
        for (int i = 1; i < count; i++)
            if (IsBetter(network, i, best)) best = i;
        return best;
    }

    /// <summary>
    /// Estimates the admitted pool <paramref name="pool"/> (with deferral, for flexible jobs under a
    /// deferring policy) into <paramref name="estimate"/>; false when it never fits or an
    /// after-estimate filter rejects it.
    /// </summary>
    private bool TryEvaluate(NetworkSnapshot snapshot, int pool, IPlacementPolicy policy, bool explain, ref CandidateEstimate estimate)
    {
        if (!TryEstimate(snapshot, pool, policy.Belief, out estimate))
        {
            if (explain) _rejectedBy[pool] = NeverFits;
            return false;
        }
        _estimatedCount++;
        if (policy.DefersFlexibleJobs && _job.Job.Preferences.FlexibleStartHours > 0)
            estimate = BestDeferral(snapshot, pool, policy.Belief, policy, estimate);
        if (explain) { _poolEstimates[pool] = estimate; _estimated[pool] = true; }
        var rejected = FirstRejecting(_after, snapshot, pool, estimate);
        if (rejected is null) return true;
        if (explain) _rejectedBy[pool] = rejected;
        return false;
    }

    /// <summary>
    /// A lower bound of every admitted pool's score: each of the policy's objectives adds its weighted
    /// bound (<see cref="IObjective.AddLowerBounds"/>); and the pool with the best bound. Cheap:
    /// additions of precomputed logs, no logarithm per pool.
    /// </summary>
    private int PrepareBounds(IBoundedPolicy policy, out int first)
    {
        _poolBounds.Prepare(_job, _admitted);
        int n = _poolBounds.Count;
        Grow(ref _bounds, n);
        Grow(ref _boundScores, n);
        var scores = _boundScores.AsSpan(0, n);
        scores.Clear();
        var objectives = policy.Objectives;
        Span<double> weights = stackalloc double[objectives.Count];
        policy.WeightsFor(_job, weights);
        // The score increases with each term, and the floors apply to the exact figures alike.
        for (int i = 0; i < objectives.Count; i++)
            if (weights[i] != 0) objectives[i].AddLowerBounds(_poolBounds, weights[i], scores);
        Grow(ref _poolBound, _job.Network.PoolCount);
        var pools = _poolBounds.Pools;
        first = -1;
        double firstScore = double.PositiveInfinity;
        for (int k = 0; k < n; k++)
        {
            double score = scores[k];
            if (score < firstScore) { firstScore = score; first = k; }
            ref var b = ref _bounds[k];
            b.Pool = pools[k];
            b.Score = score;
            _poolBound[pools[k]] = score;
        }
        return n;
    }

    /// <summary>
    /// For an explanation every center needs its best pool's exact numbers, but not its other pools':
    /// within each center, estimate the pool with the best bound first and the others only while
    /// their bound could still beat the center's best. Each center's best, and so the overall best,
    /// is exact; a center with no feasible pool has every admitted pool estimated, so its rejection
    /// reasons are complete.
    /// </summary>
    private int BranchAndBoundPerCenter(NetworkSnapshot snapshot, IBoundedPolicy policy, int boundCount, out int count)
    {
        var network = snapshot.Network;
        count = 0;
        int best = -1;
        if (boundCount == 0) return -1;
        for (int c = 0; c < network.CenterCount; c++)
        {
            var pools = network.CenterPools[c];
            int centerBest = -1;
            double centerBestScore = double.PositiveInfinity;
            // Few pools per center: repeatedly take the unvisited admitted pool with the lowest bound.
            Grow(ref _visited, pools.Length);
            var visited = _visited.AsSpan(0, pools.Length);
            visited.Clear();
            while (true)
            {
                int next = -1;
                for (int i = 0; i < pools.Length; i++)
                {
                    int p = pools[i];
                    if (visited[i] || !_admitted[p]) continue;
                    if (next < 0 || _poolBound[p] < _poolBound[pools[next]]) next = i;
                }
                if (next < 0) break;
                visited[next] = true;
                int pool = pools[next];
                if (_poolBound[pool] > PruneAbove(centerBestScore)) break;
                if (!TryEvaluate(snapshot, pool, policy, explain: true, ref _candidates[count])) continue;
                _scores[count] = policy.Score(_candidates[count], _job);
                if (centerBest < 0 || IsBetter(network, count, centerBest)) { centerBest = count; centerBestScore = _scores[count]; }
                count++;
            }
            if (centerBest >= 0 && (best < 0 || IsBetter(network, centerBest, best))) best = centerBest;
        }
        return best;
    }

    /// <summary>
    /// The exact best pool without estimating every pool: start from the pool with the best bound,
    /// then estimate only the pools whose bound could still beat (or tie) the best exact score. Same
    /// answer as <see cref="EvaluateAll"/>, since no skipped pool can score below its bound.
    /// </summary>
    private int BranchAndBound(NetworkSnapshot snapshot, IBoundedPolicy policy, int boundCount, int first, out int count)
    {
        var network = snapshot.Network;
        count = 0;
        if (boundCount == 0) return -1;
        int best = -1;
        double bestScore = double.PositiveInfinity;
        for (int step = -1; step < boundCount; step++)
        {
            int k = step < 0 ? first : step;
            if (step == first) continue;
            if (_bounds[k].Score > PruneAbove(bestScore)) continue;
            if (!TryEvaluate(snapshot, _bounds[k].Pool, policy, explain: false, ref _candidates[count])) continue;
            _scores[count] = policy.Score(_candidates[count], _job);
            if (best < 0 || IsBetter(network, count, best))
            {
                best = count;
                bestScore = _scores[count];
            }
            count++;
        }
        return best;
    }

    /// <summary>
    /// Pools whose bound is above this cannot beat or tie <paramref name="best"/>. A bound equal to the best may
    /// still win on the tie-break, and the margin absorbs rounding — above the best on either side of zero (a
    /// score is negative when a floored objective, a cost under ¥1, weighs most), and at least 1e-6: an exact
    /// completion time is a difference of epoch seconds (about 1.8e9 s, 2.4e-7 s apart), so its logarithm can
    /// land ~1e-9 below the bound made from the run time alone.
    /// </summary>
    private static double PruneAbove(double best) => (best >= 0 ? best * (1 + 1e-12) : best * (1 - 1e-12)) + 1e-6;

    // Lower score wins; ties go to the job's preferred centers in its order, then to the lower
    // center id and pool id, so the answer never depends on the order centers are listed in.
    private bool IsBetter(CompiledNetwork network, int a, int b)
    {
        double sa = _scores[a], sb = _scores[b];
        if (sa != sb) return sa < sb;
        int pa = PreferenceRank(network, _candidates[a].Center), pb = PreferenceRank(network, _candidates[b].Center);
        if (pa != pb) return pa < pb;
        int ca = network.CenterIdRank[_candidates[a].Center], cb = network.CenterIdRank[_candidates[b].Center];
        if (ca != cb) return ca < cb;
        return network.PoolIdRank[_candidates[a].Pool] < network.PoolIdRank[_candidates[b].Pool];
    }

    /// <summary>The deciding factor of a candidate whose score equals the winner's: which tie-break of <see cref="IsBetter"/> it lost.</summary>
    private LossReason TieBreakLoss(CompiledNetwork network, int loser, int winner) =>
        PreferenceRank(network, _candidates[loser].Center) != PreferenceRank(network, _candidates[winner].Center)
            ? new(LossCode.TieBreak, TieBreakFactor, "same score; ties go to the job's preferred centers, in its order")
            : new(LossCode.TieBreak, TieBreakFactor, "same score; ties go to the lower center id");

    /// <summary>The deciding factor of a candidate that scored exactly as well as the winner and lost on the tie-break.</summary>
    public const string TieBreakFactor = "tie-break";

    private int PreferenceRank(CompiledNetwork network, int center)
    {
        var preferred = _job.Job.Constraints.PreferredCenters;
        if (preferred.Count == 0) return int.MaxValue;
        for (int i = 0; i < preferred.Count; i++)
            if (preferred[i] == network.Centers[center].Id) return i;
        return int.MaxValue;
    }

    private IPlacementFilter? FirstRejecting(IPlacementFilter[] filters, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate)
    {
        foreach (var filter in filters)
            if (!filter.Admits(_job, snapshot, pool, estimate)) return filter;
        return null;
    }

    private void SelectFilters()
    {
        var before = new List<IPlacementFilter>(_allFilters.Count);
        var after = new List<IPlacementFilter>(2);
        foreach (var filter in _allFilters)
        {
            if (!filter.AppliesTo(_job)) continue;
            (filter.Stage == FilterStage.BeforeEstimate ? before : after).Add(filter);
        }
        if (!Same(_before, before)) _before = before.ToArray();
        if (!Same(_after, after)) _after = after.ToArray();
    }

    private static bool Same(IPlacementFilter[] current, List<IPlacementFilter> wanted)
    {
        if (current.Length != wanted.Count) return false;
        for (int i = 0; i < current.Length; i++) if (!ReferenceEquals(current[i], wanted[i])) return false;
        return true;
    }

    /// <summary>Estimates the job on pool <paramref name="pool"/> at its earliest feasible start.</summary>
    private bool TryEstimate(NetworkSnapshot snapshot, int pool, PolicyBelief belief, out CandidateEstimate estimate)
    {
        var network = snapshot.Network;
        int center = network.PoolCenter[pool];
        int region = network.CenterRegion[center];
        var demand = network.PoolIsCpu[pool] ? _job.CpuDemand : _job.AcceleratorDemand;
        double stageIn = belief.IgnoresDataTransfer ? 0 : _job.StageInSeconds(region);
        double runtime = belief.AssumesEqualSpeed ? _job.ReferenceRuntimeSeconds : _job.RuntimeSeconds(network.PoolModel[pool]);
        double ready = Math.Max(_job.EarliestSeconds, _job.NowSeconds + stageIn);
        double start = snapshot.PoolProfiles[pool].EarliestStart(demand, runtime, ready);
        estimate = default;
        if (double.IsPositiveInfinity(start)) return false;
        Fill(snapshot, pool, belief, ready, start, start, runtime, ref estimate);
        return true;
    }

    private void Fill(NetworkSnapshot snapshot, int pool, PolicyBelief belief, double ready, double earliestFit, double start, double runtime, ref CandidateEstimate e)
    {
        var network = snapshot.Network;
        int center = network.PoolCenter[pool];
        int region = network.CenterRegion[center];
        double stageIn = belief.IgnoresDataTransfer ? 0 : _job.StageInSeconds(region);
        double stageOut = belief.IgnoresDataTransfer ? 0 : _job.StageOutSeconds(region);
        double transferCost = belief.IgnoresDataTransfer ? 0 : _job.TransferCostYuan(region);
        var metering = RunMeter.Measure(network, pool, _job.Job.Resources, start, runtime, transferCost, withRenewableShare: false);

        e.Pool = pool;
        e.Center = center;
        e.StageInSeconds = stageIn;
        e.StartSeconds = start;
        e.DispatchSeconds = start - stageIn;
        e.QueueWaitSeconds = start - ready;
        e.DeferredSeconds = start - earliestFit;
        e.RuntimeSeconds = runtime;
        e.StageOutSeconds = stageOut;
        e.FinishSeconds = start + runtime + stageOut;
        e.CostYuan = metering.CostYuan;
        e.TransferCostYuan = transferCost;
        e.EnergyKwh = metering.EnergyKwh;
        e.CarbonGrams = metering.CarbonGrams;
        e.WaterLitres = metering.WaterLitres;
        e.RenewableShare = metering.RenewableShare; // filled in for the plans that are shown (WithRenewableShare)
        if (_usesLoad)
        {
            var profile = snapshot.PoolProfiles[pool];
            e.LoadFraction = (profile.Capacity - profile.FreeAt(_job.NowSeconds)).DominantShareOf(profile.Capacity);
        }
        e.Degraded = snapshot.Availability[center] == CenterAvailability.Degraded;
    }

    /// <summary>
    /// For a flexible job: tries each whole hour inside its window (from the earliest moment its
    /// data is ready) where the pool is free for the whole run, and keeps the start the policy
    /// prefers. Never past the deadline or the price ceiling.
    /// </summary>
    private CandidateEstimate BestDeferral(NetworkSnapshot snapshot, int pool, PolicyBelief belief, IPlacementPolicy policy, CandidateEstimate earliest)
    {
        var network = snapshot.Network;
        var demand = network.PoolIsCpu[pool] ? _job.CpuDemand : _job.AcceleratorDemand;
        var profile = snapshot.PoolProfiles[pool];
        double ready = earliest.StartSeconds - earliest.QueueWaitSeconds;
        double windowEnd = ready + _job.Job.Preferences.FlexibleStartHours * 3600.0;
        double maxPrice = _job.Job.Constraints.MaxPriceYuan ?? double.PositiveInfinity;
        var best = earliest;
        double bestScore = policy.DeferralScore(earliest, earliest, _job);
        var alternative = default(CandidateEstimate);
        double start = SimTime.CeilToHour(earliest.StartSeconds);
        if (start == earliest.StartSeconds) start += 3600;
        for (int step = 0; step < MaxDeferralSteps && start <= windowEnd; step++, start += 3600)
        {
            if (!profile.FitsAt(demand, earliest.RuntimeSeconds, start)) continue;
            Fill(snapshot, pool, belief, ready, earliest.StartSeconds, start, earliest.RuntimeSeconds, ref alternative);
            if (alternative.FinishSeconds > _job.DeadlineSeconds || alternative.CostYuan > maxPrice) break;
            double score = policy.DeferralScore(alternative, earliest, _job);
            if (score < bestScore) { bestScore = score; best = alternative; }
        }
        return best;
    }

    // Baselines rank with a partial belief; what happens is planned with the truth.
    private CandidateEstimate TruePlan(NetworkSnapshot snapshot, IPlacementPolicy policy, in CandidateEstimate chosen)
    {
        if (!policy.Belief.IsPartial) return chosen;
        return TryEstimate(snapshot, chosen.Pool, PolicyBelief.Truth, out var truth) ? truth : chosen;
    }

    private IReadOnlyList<CandidateReport> Explain(NetworkSnapshot snapshot, IPlacementPolicy policy, int best, int count)
    {
        var network = snapshot.Network;
        var candidates = _candidates.AsSpan(0, count);
        // Each center is represented by its best feasible pool, else by the pool that got furthest.
        var bestByCenter = new int[network.CenterCount];
        Array.Fill(bestByCenter, -1);
        for (int i = 0; i < count; i++)
        {
            int c = candidates[i].Center;
            if (bestByCenter[c] < 0 || IsBetter(network, i, bestByCenter[c])) bestByCenter[c] = i;
        }
        // Chosen first, then the outscored by score (ties by center id), then the filtered by center id.
        CandidateReport? chosen = null;
        var outscored = new List<CandidateReport>(network.CenterCount);
        var outscoredKeys = new List<double>(network.CenterCount);
        var outscoredRanks = new List<int>(network.CenterCount);
        var filtered = new List<CandidateReport>();
        var filteredKeys = new List<int>();
        int winnerCenter = best >= 0 ? candidates[best].Center : -1;
        for (int c = 0; c < network.CenterCount; c++)
        {
            string id = network.Centers[c].Id;
            if (bestByCenter[c] >= 0)
            {
                int i = bestByCenter[c];
                var numbers = ToNumbers(network, candidates[i]);
                if (c == winnerCenter)
                {
                    chosen = new CandidateReport(id, CandidateVerdict.Chosen, null, "best score", numbers, _scores[i], null);
                }
                else
                {
                    // An equal score lost on the tie-break alone: saying it "finishes later" would be false.
                    var loss = _scores[i] == _scores[best] ? TieBreakLoss(network, i, best) : policy.ExplainLoss(candidates[i], candidates[best], _job);
                    outscored.Add(new CandidateReport(id, CandidateVerdict.Outscored, loss.Factor, loss.Text, numbers, _scores[i], loss.Code));
                    outscoredKeys.Add(_scores[i]);
                    outscoredRanks.Add(network.CenterIdRank[c]);
                }
                continue;
            }
            int furthest = -1, furthestRank = -1;
            foreach (int p in network.CenterPools[c])
            {
                int rank = _estimated[p] ? _before.Length + 1 + Array.IndexOf(_after, _rejectedBy[p]) : Array.IndexOf(_before, _rejectedBy[p]);
                if (rank > furthestRank) { furthestRank = rank; furthest = p; }
            }
            if (furthest < 0)
            {
                filtered.Add(new CandidateReport(id, CandidateVerdict.Filtered, "no-pools", "center has no node pools", null, null, LossCode.FilteredNoPools));
                filteredKeys.Add(network.CenterIdRank[c]);
                continue;
            }
            var filter = _rejectedBy[furthest]!;
            var estimate = _estimated[furthest] ? _poolEstimates[furthest] : default;
            string reason = filter.Explain(_job, snapshot, furthest, estimate);
            filtered.Add(new CandidateReport(id, CandidateVerdict.Filtered, filter.Name, reason, _estimated[furthest] ? ToNumbers(network, estimate) : null, null, filter.Code));
            filteredKeys.Add(network.CenterIdRank[c]);
        }
        var outscoredArray = outscored.ToArray();
        // Struct keys sort without a comparison delegate; the center id rank breaks score ties.
        var order = new (double Score, int IdRank, int Index)[outscoredArray.Length];
        for (int i = 0; i < order.Length; i++) order[i] = (outscoredKeys[i], outscoredRanks[i], i);
        Array.Sort(order);
        var filteredArray = filtered.ToArray();
        Array.Sort(filteredKeys.ToArray(), filteredArray);
        var ordered = new List<CandidateReport>(network.CenterCount);
        if (chosen is not null) ordered.Add(chosen);
        foreach (var key in order) ordered.Add(outscoredArray[key.Index]);
        ordered.AddRange(filteredArray);
        return ordered;
    }

    private string RejectionSummary(NetworkSnapshot snapshot, bool explained)
    {
        if (!explained) return "every center was filtered out";
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < snapshot.Network.PoolCount; p++)
        {
            string name = _rejectedBy[p]?.Name ?? "unknown";
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        return string.Join(", ", counts.Select(kv => $"{kv.Value} pool{(kv.Value == 1 ? "" : "s")} filtered by {kv.Key}"));
    }

    private static CandidateEstimate WithRenewableShare(CompiledNetwork network, CandidateEstimate e)
    {
        e.RenewableShare = network.Renewable[e.Center].Mean(e.StartSeconds, e.StartSeconds + e.RuntimeSeconds);
        return e;
    }

    private static PlanNumbers ToNumbers(CompiledNetwork network, in CandidateEstimate e) => new(
        network.Centers[e.Center].Id,
        network.Pools[e.Pool].Id,
        network.Models[network.PoolModel[e.Pool]].Id,
        SimTime.FromSeconds(e.DispatchSeconds),
        SimTime.FromSeconds(e.StartSeconds),
        SimTime.FromSeconds(e.FinishSeconds),
        e.StageInSeconds,
        e.QueueWaitSeconds,
        e.DeferredSeconds,
        e.RuntimeSeconds,
        e.StageOutSeconds,
        e.CostYuan,
        e.EnergyKwh,
        e.CarbonGrams / 1000.0,
        double.IsNaN(e.RenewableShare) ? network.Renewable[e.Center].Mean(e.StartSeconds, e.StartSeconds + e.RuntimeSeconds) : e.RenewableShare,
        e.WaterLitres);

    private static void Grow<T>(ref T[] array, int size)
    {
        if (array.Length < size) array = new T[size];
    }

    /// <summary>Stands for "the pool never has room for the job" in explanations.</summary>
    private static readonly IPlacementFilter NeverFits = new CapacityNeverFitsFilter();

    private sealed class CapacityNeverFitsFilter : IPlacementFilter
    {
        public string Name => "capacity";
        public LossCode Code => LossCode.FilteredNoRoom;
        public FilterStage Stage => FilterStage.BeforeEstimate;
        public bool AppliesTo(JobContext job) => true;
        public bool Admits(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) => true;
        public string Explain(JobContext job, NetworkSnapshot snapshot, int pool, in CandidateEstimate estimate) =>
            $"pool '{snapshot.Network.Pools[pool].Id}' never has room for the job";
    }
}
