using System.CommandLine;
using Spectre.Console;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang job ID</c>: one job in detail, with its cost and its state history.</summary>
public static class JobCommand
{
    /// <summary>What <c>job ID --json</c> prints: the job, its history and its metering (null when the broker has none).</summary>
    /// <param name="Job">The job.</param>
    /// <param name="Events">Its state history, oldest first.</param>
    /// <param name="Metering">Estimated and metered cost, energy and carbon.</param>
    public sealed record JobDetails(JobView Job, IReadOnlyList<JobEventView> Events, MeteringView? Metering);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The job's id, as 'submit' printed it." };
        var options = new ClientOptions("Print {job, events, metering} as JSON: the job, its state history and its estimated and metered cost.");
        var command = new Command("job", "Show one job: its state and why, where it runs, what it asked for, its estimated and metered cost, energy and carbon, and every change of state.")
        {
            id,
        };
        command.WithExamples("suanwang job j-20261124-0007");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string jobId = result.GetValue(id)!;
            var job = await session.Client.GetJobAsync(jobId, cancellationToken);
            var events = await session.Client.GetEventsAsync(jobId, cancellationToken);
            MeteringView? metering;
            try
            {
                metering = await session.Client.GetMeteringAsync(jobId, cancellationToken);
            }
            catch (SuanwangApiException e) when (e.Status == 404)
            {
                metering = null; // nothing metered yet is not an error for the job itself
            }
            if (session.Json)
            {
                session.WriteJson(new JobDetails(job, events, metering));
                return ExitCodes.Success;
            }
            Render(session, job, events, metering);
            return ExitCodes.Success;
        });
    }

    private static void Render(ClientSession session, JobView job, IReadOnlyList<JobEventView> events, MeteringView? metering)
    {
        var console = session.Console();
        var s = job.Spec;
        console.MarkupLine($"[bold]{TerminalText.Markup(job.Id)}[/] · {TerminalText.Markup(job.Name)} · tenant {TerminalText.Markup(job.Tenant)} ({TerminalText.Markup(job.Tier)})");
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(TerminalText.Markup(name), value);
        Row("state", $"{ClientText.StateMarkup(job.State)} (attempt {job.Attempt}, version {job.Version}){(string.IsNullOrWhiteSpace(job.Reason) ? "" : " — " + TerminalText.Markup(job.Reason))}");
        if (job.CenterId is not null) Row("center", TerminalText.Markup($"{job.CenterId}{(job.PoolId is null ? "" : $" (pool {job.PoolId})")}"));
        Row("submitted", session.Time(job.SubmittedAt));
        if (job.StartedAt is { } started) Row("started", session.Time(started));
        if (job.EndedAt is { } ended) Row("ended", session.Time(ended) + (job.StartedAt is { } s0 ? $"  (ran {Formats.Duration((ended - s0).TotalSeconds)})" : ""));
        if (job.ExitCode is { } code) Row("exit code", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("kind", TerminalText.Markup(s.Kind));
        Row("command", TerminalText.Markup(string.Join(' ', s.Command)));
        string models = s.AcceleratorModels.Count == 0 ? "any model" : string.Join(", ", s.AcceleratorModels);
        Row("resources", TerminalText.Markup($"{(s.Accelerators > 0 ? $"{Formats.Count(s.Accelerators, "accelerator")} ({models}), " : "")}{Formats.Count(s.Cpus, "CPU core")}, {Formats.Number(s.MemoryGiB)} GiB"));
        Row("work", TerminalText.Markup($"{Formats.Quantity(s.ReferenceHours)} {Formats.Noun(s.ReferenceHours, "reference hour")}{(s.TimeLimitHours is { } limit ? $", time limit {Formats.Number(limit)} h" : "")}"));
        Row("data", TerminalText.Markup($"{Formats.Number(s.InputGiB)} GiB input{(s.Residency is { } zone ? $", must stay in {zone}" : "")}"));
        var wants = new List<string>();
        if (s.Deadline is { } deadline) wants.Add($"done by {session.Time(deadline)}");
        if (s.MaxPriceYuan is { } price) wants.Add($"at most {Formats.Money(price)}");
        if (s.CarbonWeight > 0) wants.Add($"carbon weight {Formats.Number(s.CarbonWeight)}");
        if (s.FlexibleStartHours > 0) wants.Add($"may start up to {Formats.Number(s.FlexibleStartHours)} h later");
        if (wants.Count > 0) Row("wants", TerminalText.Markup(string.Join("; ", wants)));
        if (metering?.Estimated is { } estimated) Row("estimated", TerminalText.Markup(Figures(estimated)));
        if (metering?.Actual is { } actual) Row("metered", TerminalText.Markup(Figures(actual)));
        console.Write(grid);
        if (events.Count == 0) return;
        console.WriteLine();
        var table = ClientText.Table("time", "from", "to", "attempt>", "reason");
        table.Title("history");
        foreach (var e in events)
            table.AddRow(session.Time(e.At), TerminalText.Markup(e.From?.ToString() ?? ""), ClientText.StateMarkup(e.To), e.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), TerminalText.Markup(e.Reason));
        console.Write(table);
    }

    private static string Figures(MeterFigures f) =>
        $"{Formats.Money(f.CostYuan)}, {Formats.Quantity(f.EnergyKwh)} kWh, {Formats.Quantity(f.CarbonKg)} kg CO₂ over {Formats.Duration(f.RuntimeSeconds)}";
}
