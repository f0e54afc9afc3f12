using System.Text.RegularExpressions;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Cli.Tests.Client;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests.Output;

/// <summary>
/// Why a candidate lost, with numbers: never explained as worse by a number that reads the same as the winner's
/// ("done in 3.6 s vs 3.6 s").
/// </summary>
public sealed partial class LossDetailTests
{
    private static (DecisionView Decision, CandidateView Loser) Finishing(double loserSeconds, double winnerSeconds, string factor = "completion-time", string reason = "finishes later")
    {
        var winner = Canned.Plan("qingyang") with { FinishAt = Canned.Now.AddSeconds(winnerSeconds) };
        var loser = new CandidateView("zhongwei", CandidateVerdict.Outscored, factor, reason, Canned.Plan("zhongwei") with { FinishAt = Canned.Now.AddSeconds(loserSeconds) }, 2.0);
        return (Canned.Decision() with { Plan = winner }, loser);
    }

    [Fact]
    public void Numbers_that_differ_are_shown_as_usual()
    {
        var (decision, loser) = Finishing(4.5, 3.6);

        Assert.Equal("finishes later: done in 4.5 s vs 3.6 s", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void Numbers_that_would_read_the_same_get_the_decimals_that_tell_them_apart()
    {
        var (decision, loser) = Finishing(3.64, 3.61);

        Assert.Equal("finishes later: done in 3.64 s vs 3.61 s", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void Both_sides_are_shown_in_one_unit()
    {
        var (decision, loser) = Finishing(3601, 3599);

        Assert.Equal("finishes later: done in 1.0003 h vs 0.9997 h", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void Equal_numbers_are_not_compared_at_all()
    {
        var (decision, loser) = Finishing(3.6, 3.6);

        Assert.Equal("finishes later", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void A_tie_break_is_shown_as_the_core_recorded_it()
    {
        var (decision, loser) = Finishing(3.6, 3.6, "tie-break", "same score; ties go to the lower center id");

        Assert.Equal("same score; ties go to the lower center id", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void Costs_that_round_alike_get_more_decimals()
    {
        var decision = Canned.Decision() with { Plan = Canned.Plan("qingyang", costYuan: 0.0001) };
        var loser = new CandidateView("zhongwei", CandidateVerdict.Outscored, "cost", "costs more", Canned.Plan("zhongwei", costYuan: 0.00012), 2.0);

        Assert.Equal("costs more: ¥0.00012 vs ¥0.0001", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void The_numbers_compared_are_those_of_the_loss_code_whatever_the_factor_is_called()
    {
        // A factor name the CLI has never heard of: the code alone says the center lost on cost.
        var decision = Canned.Decision() with { Plan = Canned.Plan("qingyang", costYuan: 100) };
        var loser = new CandidateView("zhongwei", CandidateVerdict.Outscored, "price-per-result", "costs more", Canned.Plan("zhongwei", costYuan: 150), 2.0, LossCode.Costlier);

        Assert.Equal("costs more: ¥150.00 vs ¥100.00", LossDetail.Describe(decision, loser));
    }

    [Fact]
    public void Place_never_compares_a_number_with_itself()
    {
        // hello.yaml is tiny: on china-hubs most centers tie with the winner, and the rest differ by fractions of a second.
        var result = Shell.Run("place", Shell.Repo("examples", "jobs", "hello.yaml"), "--at", "2026-11-24T10:00+08:00");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.DoesNotMatch(SameNumberTwice(), result.Out);
        Assert.Contains("lost on tie-break", result.Out);
        Assert.Contains("same score; ties go to the lower center id", result.Out);
    }

    [GeneratedRegex(@"(?<n>[¥\d.]+ ?(s|min|h|d|kg)?) vs \k<n>(?![\d.])")]
    private static partial Regex SameNumberTwice();
}
