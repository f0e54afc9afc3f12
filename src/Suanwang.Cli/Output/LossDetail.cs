using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Output;

/// <summary>
/// Puts numbers to why a candidate lost: the core records its loss code and both plans; the
/// comparison in words is made here, for the candidates a person actually reads.
/// </summary>
public static class LossDetail
{
    /// <summary>The reason to show for <paramref name="candidate"/> in <paramref name="decision"/>.</summary>
    /// <remarks>
    /// The numbers are shown with enough precision to differ; when even that cannot tell them apart, the reason is
    /// shown alone rather than as "3.6 s vs 3.6 s". (A candidate that scored exactly as well as the winner lost on the
    /// tie-break, which the core records as such.)
    /// </remarks>
    public static string Describe(DecisionView decision, CandidateView candidate)
    {
        if (!DecisionRenderer.Is(candidate, CandidateVerdict.Outscored) || candidate.Plan is not { } loser || decision.Plan is not { } winner)
            return candidate.Reason;
        string? numbers = candidate.Code switch
        {
            LossCode.Slower => Formats.DurationPair((loser.FinishAt - decision.DecidedAt).TotalSeconds, (winner.FinishAt - decision.DecidedAt).TotalSeconds) is { } pair ? $"done in {pair}" : null,
            LossCode.StartsLater => Formats.DurationPair((loser.StartAt - decision.DecidedAt).TotalSeconds, (winner.StartAt - decision.DecidedAt).TotalSeconds) is { } pair ? $"starts in {pair}" : null,
            LossCode.Costlier => Formats.Pair(loser.CostYuan, winner.CostYuan, "0.00", n => $"¥{n}"),
            LossCode.MoreCarbon => Formats.Pair(loser.CarbonKg, winner.CarbonKg, "0.###", n => $"{n} kg"),
            LossCode.MoreWater => Formats.Pair(loser.WaterLitres, winner.WaterLitres, "0.#", n => $"{n} L"),
            _ => null,
        };
        return numbers is null ? candidate.Reason : $"{candidate.Reason}: {numbers}";
    }
}
