using Spectre.Console;
using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Output;

/// <summary>
/// Renders a placement decision for people: the answer of <c>place</c> (the core's decision, mapped with
/// <c>DecisionViews.From</c>), <c>submit --dry-run</c> and <c>explain</c> (the broker's record) alike.
/// </summary>
public static class DecisionRenderer
{
    /// <summary>Writes the decision: the chosen plan, then every candidate with its numbers and why it lost.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="networkName">The network's name when known (<c>place</c>); the broker's records carry only its revision.</param>
    /// <param name="offset">Offset from UTC to show times in.</param>
    /// <param name="title">What the decision is about, shown first; default: its job id (<c>place</c>: the spec's file name).</param>
    public static void Render(IAnsiConsole console, DecisionView decision, string? networkName, TimeSpan offset, string? title = null)
    {
        string network = networkName is null
            ? $"network revision {TerminalText.Markup(Short(decision.NetworkRevision))}"
            : $"network {TerminalText.Markup(networkName)} (revision {TerminalText.Markup(Short(decision.NetworkRevision))})";
        console.MarkupLine($"[bold]{TerminalText.Markup(title ?? decision.JobId)}[/] · policy [bold]{TerminalText.Markup(decision.Policy)}[/] · {network} · decided at {Formats.Time(decision.DecidedAt, offset)}");
        if (decision.Plan is { } plan)
        {
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("[bold green]center[/]", $"[bold]{TerminalText.Markup(plan.CenterId)}[/] (pool {TerminalText.Markup(plan.PoolId)}, {TerminalText.Markup(plan.AcceleratorModelId)})");
            grid.AddRow("dispatch", $"{Formats.Time(plan.DispatchAt, offset)}  (input transfer {Formats.Duration(plan.StageInSeconds)})");
            grid.AddRow("start", $"{Formats.Time(plan.StartAt, offset)}  (waits {Formats.Duration(plan.QueueWaitSeconds)}{(plan.DeferredSeconds > 0 ? $", of which {Formats.Duration(plan.DeferredSeconds)} deferred to a greener or cheaper hour" : "")})");
            grid.AddRow("finish", $"{Formats.Time(plan.FinishAt, offset)}  (runs {Formats.Duration(plan.RuntimeSeconds)}, output transfer {Formats.Duration(plan.StageOutSeconds)})");
            grid.AddRow("cost", $"¥{Formats.Number(plan.CostYuan, "0.00")}");
            grid.AddRow("energy", $"{Formats.Number(plan.EnergyKwh, "0.###")} kWh (facility, incl. PUE)");
            grid.AddRow("carbon", $"{Formats.Number(plan.CarbonKg, "0.###")} kg CO₂ ({Formats.Number(plan.RenewableShare * 100, "0")}% renewable power)");
            grid.AddRow("water", $"{Formats.Number(plan.WaterLitres, "0.##")} L (cooling: IT energy × the center's WUE)");
            console.Write(grid);
        }
        else
        {
            console.MarkupLine($"[bold red]not placed[/]: {TerminalText.Markup(decision.Summary)}");
        }
        if (decision.Candidates.Count == 0) return;
        console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).Title("every candidate center, best first");
        // Units under their names, so the table stays whole at the width piped output gets (CliEnvironment.RedirectedWidth).
        foreach (var column in new[] { "center", "verdict", "start", "finish", "transfer\nin", "wait", "run", "cost\n¥", "energy\nkWh", "CO₂\nkg", "water\nL", "why" })
            table.AddColumn(new TableColumn(column));
        foreach (var c in decision.Candidates)
        {
            var p = c.Plan;
            string verdict = Is(c, CandidateVerdict.Chosen) ? "[green]chosen[/]"
                : Is(c, CandidateVerdict.Outscored) ? $"lost on {TerminalText.Markup(c.DecidingFactor ?? "")}"
                : $"[grey]filtered: {TerminalText.Markup(c.DecidingFactor ?? "")}[/]";
            table.AddRow(
                TerminalText.Markup(c.CenterId),
                verdict,
                p is null ? "" : Formats.Time(p.StartAt, offset)[5..16],
                p is null ? "" : Formats.Time(p.FinishAt, offset)[5..16],
                p is null ? "" : Formats.Duration(p.StageInSeconds),
                p is null ? "" : Formats.Duration(p.QueueWaitSeconds),
                p is null ? "" : Formats.Duration(p.RuntimeSeconds),
                p is null ? "" : Formats.Number(p.CostYuan, "0.00"),
                p is null ? "" : Formats.Number(p.EnergyKwh, "0.##"),
                p is null ? "" : Formats.Number(p.CarbonKg, "0.###"),
                p is null ? "" : Formats.Number(p.WaterLitres, "0.##"),
                TerminalText.Markup(LossDetail.Describe(decision, c)));
        }
        console.Write(table);
        console.MarkupLine($"[grey]Times in UTC{(offset >= TimeSpan.Zero ? "+" : "-")}{offset:hh\\:mm}. Lower scores win; the policy's weights and every filter are described in docs/placement.md.[/]");
    }

    /// <summary>
    /// The title of a dry run's decision: the spec's source, with the array element when there are several (the broker
    /// names them <c>dry-run_{index}</c>), and that nothing was submitted.
    /// </summary>
    /// <param name="source">Where the spec came from (a file name, or stdin).</param>
    /// <param name="jobId">The decision's job id as the broker gave it.</param>
    public static string DryRunTitle(string source, string jobId)
    {
        string prefix = Suanwang.Api.ApiRoutes.DryRunJobId + "_";
        string element = jobId.StartsWith(prefix, StringComparison.Ordinal) ? $", array element {jobId[prefix.Length..]}" : "";
        return $"{source}{element} (dry run: nothing submitted)";
    }

    /// <summary>True when the candidate's verdict is <paramref name="verdict"/> (Chosen, Outscored, Filtered; any case, as the API and the core's JSON spell it differently).</summary>
    internal static bool Is(CandidateView candidate, CandidateVerdict verdict) => candidate.Verdict == verdict;

    private static string Short(string revision) => revision.Length > 12 ? revision[..12] : revision;
}
