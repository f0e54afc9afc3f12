using System.Globalization;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Objectives;

namespace Suanwang.Placement.Policies;

/// <summary>
/// Suanwang's own policy: minimises the weighted geometric mean of its objectives (Σ w·ln x), so units
/// drop out, a 2× difference weighs the same in every objective, a candidate's score depends on its own
/// figures only, and the order centers are listed in cannot matter (ADR 0004). Weights are given by
/// objective name (<see cref="DefaultWeights"/>, overridden as <c>suanwang:water=0.5,cost=1</c>); the
/// job's carbon preference (0..1) adds <see cref="CarbonPreferenceWeight"/> times itself to carbon's.
/// Weights are normalised to sum to 1 for each job.
/// </summary>
public sealed class SuanwangPolicy : IBoundedPolicy
{
    /// <summary>The policy's name without weights.</summary>
    public const string BaseName = "suanwang";

    /// <summary>How much a job's carbon preference of 1 adds to carbon's weight.</summary>
    public const double CarbonPreferenceWeight = 1.7;

    /// <summary>The weights by objective name when none is given (a job with carbon preference 0 weighs exactly these).</summary>
    public static IReadOnlyDictionary<string, double> DefaultWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [CompletionTimeObjective.ObjectiveName] = 1.0,
        [CostObjective.ObjectiveName] = 0.6,
        [CarbonObjective.ObjectiveName] = 0.3,
        [WaterObjective.ObjectiveName] = 0.0,
    };

    private readonly IObjective[] _objectives;
    private readonly double[] _baseWeights;
    private readonly double[] _floors; // the objectives' floors, read once: Score runs for every candidate
    private readonly int _carbon;
    private readonly Action<JobContext, Span<double>> _computeWeights;

    /// <summary>The policy with <see cref="DefaultWeights"/>.</summary>
    public SuanwangPolicy() : this(new Dictionary<string, double>()) { }

    /// <summary>
    /// The policy with <paramref name="weights"/> (by objective name, any case) in place of the defaults;
    /// objectives not named keep their default weight. Throws <see cref="ArgumentException"/> for an unknown
    /// objective, a negative or non-finite weight, or weights that are all zero.
    /// </summary>
    public SuanwangPolicy(IReadOnlyDictionary<string, double> weights)
    {
        var chosen = new Dictionary<string, double>(DefaultWeights, StringComparer.Ordinal);
        foreach (var (name, weight) in weights)
        {
            var objective = ObjectiveCatalog.Find(name);
            if (!double.IsFinite(weight) || weight < 0)
                throw new ArgumentException($"the weight of objective '{objective.Name}' must be a finite number ≥ 0, got {weight.ToString(CultureInfo.InvariantCulture)}", nameof(weights));
            chosen[objective.Name] = weight;
        }
        // An objective weighing nothing is left out, so it costs nothing; carbon stays while a job's preference can weigh it.
        var objectives = ObjectiveCatalog.All
            .Where(o => chosen.GetValueOrDefault(o.Name) > 0 || o.Name == CarbonObjective.ObjectiveName)
            .ToArray();
        if (!objectives.Any(o => chosen.GetValueOrDefault(o.Name) > 0))
            throw new ArgumentException("at least one objective's weight must be above 0", nameof(weights));
        _objectives = objectives;
        _baseWeights = objectives.Select(o => chosen.GetValueOrDefault(o.Name)).ToArray();
        _floors = objectives.Select(o => o.Floor).ToArray();
        _carbon = Array.FindIndex(objectives, o => o.Name == CarbonObjective.ObjectiveName);
        _computeWeights = WeightsFor;
        Weights = ObjectiveCatalog.All.Where(o => chosen.ContainsKey(o.Name)).ToDictionary(o => o.Name, o => chosen[o.Name], StringComparer.Ordinal);
        var changed = ObjectiveCatalog.All
            .Where(o => chosen.GetValueOrDefault(o.Name) != DefaultWeights.GetValueOrDefault(o.Name))
            .Select(o => $"{o.Name}={chosen.GetValueOrDefault(o.Name).ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        Name = changed.Count == 0 ? BaseName : $"{BaseName}:{string.Join(",", changed)}";
    }

    /// <summary>The base weights by objective name (before the job's carbon preference and normalisation).</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    /// <inheritdoc />
    public string Name { get; }
    /// <inheritdoc />
    public string Description => Name == BaseName
        ? "multi-objective: completion time (data transfer, queue, accelerator speed), cost and carbon, weighted by the job's carbon preference; defers flexible jobs to greener or cheaper hours"
        : $"multi-objective with weights {string.Join(", ", Weights.Select(w => $"{w.Key} {w.Value.ToString(CultureInfo.InvariantCulture)}"))} (carbon's raised by the job's carbon preference); defers flexible jobs to better hours";
    /// <inheritdoc />
    public PolicyBelief Belief => PolicyBelief.Truth;
    /// <inheritdoc />
    public bool DefersFlexibleJobs => true;

    /// <inheritdoc />
    public IReadOnlyList<IObjective> Objectives => _objectives;

    /// <inheritdoc />
    public void WeightsFor(JobContext job, Span<double> weights)
    {
        double carbonPreference = Math.Clamp(job.Job.Preferences.CarbonWeight, 0, 1);
        double sum = 0;
        for (int i = 0; i < _baseWeights.Length; i++)
        {
            double w = i == _carbon ? _baseWeights[i] + CarbonPreferenceWeight * carbonPreference : _baseWeights[i];
            weights[i] = w;
            sum += w;
        }
        for (int i = 0; i < _baseWeights.Length; i++) weights[i] /= sum;
    }

    /// <summary>The normalised weight of each of <see cref="Objectives"/> for <paramref name="job"/>, by name.</summary>
    public IReadOnlyDictionary<string, double> WeightsByName(JobContext job)
    {
        Span<double> weights = stackalloc double[_objectives.Length];
        WeightsFor(job, weights);
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < _objectives.Length; i++) byName[_objectives[i].Name] = weights[i];
        return byName;
    }

    // The weights of this decision, worked out once per decision.
    private ReadOnlySpan<double> WeightsOf(JobContext job) => job.PolicyWeights(this, _objectives.Length, _computeWeights);

    /// <inheritdoc />
    public double Score(in CandidateEstimate candidate, JobContext job)
    {
        var weights = WeightsOf(job);
        double score = 0;
        for (int i = 0; i < _objectives.Length; i++)
            score += weights[i] * Math.Log(Math.Max(_objectives[i].Value(candidate, job), _floors[i]));
        return score;
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<CandidateEstimate> candidates, Span<double> scores, JobContext job)
    {
        for (int i = 0; i < candidates.Length; i++) scores[i] = Score(candidates[i], job);
    }

    /// <inheritdoc />
    public double DeferralScore(in CandidateEstimate alternative, in CandidateEstimate earliest, JobContext job) =>
        Score(alternative, job); // the same score the candidates compete on, so a deferral is chosen exactly when it wins

    /// <summary>The objective with the largest weighted log-gap to the winner (the earlier objective on a tie).</summary>
    public LossReason ExplainLoss(in CandidateEstimate loser, in CandidateEstimate winner, JobContext job)
    {
        var weights = WeightsOf(job);
        int deciding = -1;
        double largest = 0;
        for (int i = 0; i < _objectives.Length; i++)
        {
            var o = _objectives[i];
            double gap = weights[i] * Math.Log(Math.Max(o.Value(loser, job), _floors[i]) / Math.Max(o.Value(winner, job), _floors[i]));
            if (deciding < 0 || gap > largest) { deciding = i; largest = gap; }
        }
        var objective = _objectives[deciding];
        return new(objective.Code, objective.Name, objective.LossText(loser));
    }
}
