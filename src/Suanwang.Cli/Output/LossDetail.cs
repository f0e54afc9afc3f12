using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Output;

/// <summary>
/// Puts numbers to why a candidate lost: the core records the deciding factor and both plans; the
/// comparison in words is made here, for the candidates a person actually reads.
/// </summary>
public static class LossDetail
{
    /// <summary>The reason to show for <paramref name="candidate"/> in <paramref name="decision"/>.</summary>
    public static string Describe(DecisionView decision, CandidateView candidate)
    {
        if (!DecisionRenderer.Is(candidate, "Outscored") || candidate.Plan is not { } loser || decision.Plan is not { } winner)
            return candidate.Reason;
        string numbers = candidate.DecidingFactor switch
        {
            "completion-time" => $"done in {Formats.Duration((loser.FinishAt - decision.DecidedAt).TotalSeconds)} vs {Formats.Duration((winner.FinishAt - decision.DecidedAt).TotalSeconds)}",
            "start-time" => $"starts in {Formats.Duration((loser.StartAt - decision.DecidedAt).TotalSeconds)} vs {Formats.Duration((winner.StartAt - decision.DecidedAt).TotalSeconds)}",
            "cost" => $"¥{Formats.Number(loser.CostYuan, "0.00")} vs ¥{Formats.Number(winner.CostYuan, "0.00")}",
            "carbon" => $"{Formats.Number(loser.CarbonKg, "0.###")} kg vs {Formats.Number(winner.CarbonKg, "0.###")} kg",
            _ => "",
        };
        return numbers.Length == 0 ? candidate.Reason : $"{candidate.Reason}: {numbers}";
    }
}
