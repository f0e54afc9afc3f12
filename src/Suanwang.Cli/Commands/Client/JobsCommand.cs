using System.CommandLine;
using Spectre.Console;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang jobs</c>: the caller's jobs (an admin's: everyone's), newest first.</summary>
public static class JobsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var state = new Option<string?>("--state") { Description = $"Only jobs in this state: {string.Join(", ", ClientText.States)}.", HelpName = "STATE" };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's jobs (admin tokens; a tenant token sees its own jobs only).", HelpName = "TENANT" };
        var center = new Option<string?>("--center") { Description = "Only jobs placed on this center.", HelpName = "CENTER" };
        var since = new Option<string?>("--since") { Description = "Only jobs submitted since TIME: ISO 8601 (2026-11-24T09:00+08:00) or an age (90m, 12h, 7d).", HelpName = "TIME" };
        var until = new Option<string?>("--until") { Description = "Only jobs submitted before TIME (same forms as --since).", HelpName = "TIME" };
        var limit = new Option<int?>("--limit") { Description = "Jobs per page (the broker caps it).", HelpName = "N" };
        var cursor = new Option<string?>("--cursor") { Description = "Start at this page (a previous answer's nextCursor).", HelpName = "CURSOR" };
        var all = new Option<bool>("--all") { Description = "Follow the pages to the last one." };
        var options = new ClientOptions("Print the page (items, nextCursor) as JSON; with --all, every item in one page.");
        var command = new Command("jobs", "List jobs, newest first: id, name, tenant, state, center, when submitted and last updated.")
        {
            state, tenant, center, since, until, limit, cursor, all,
        };
        command.WithExamples("suanwang jobs --state running", "suanwang jobs --since 24h --all --json");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var now = env.Clock.GetUtcNow();
            var query = new JobQuery(
                ClientText.CanonicalState(result.GetValue(state), "--state") is { } only ? [only] : null,
                result.GetValue(tenant),
                result.GetValue(center),
                ClientText.Time(result.GetValue(since), now, "--since"),
                ClientText.Time(result.GetValue(until), now, "--until"),
                result.GetValue(limit),
                result.GetValue(cursor));
            var page = await session.Client.ListJobsAsync(query, cancellationToken);
            var items = page.Items.ToList();
            while (result.GetValue(all) && page.NextCursor is { } next)
            {
                page = await session.Client.ListJobsAsync(query with { Cursor = next }, cancellationToken);
                items.AddRange(page.Items);
            }
            var shown = new JobPage(items, page.NextCursor);
            if (session.Json)
            {
                session.WriteJson(shown);
                return ExitCodes.Success;
            }
            if (items.Count == 0) env.Out.WriteLine("No jobs match.");
            else
            {
                var table = ClientText.Table("id", "name", "tenant", "state", "center", "submitted", "updated");
                foreach (var job in items)
                    table.AddRow(Esc(job.Id), Esc(job.Name), Esc(job.Tenant), ClientText.StateMarkup(job.State), Esc(job.CenterId ?? ""),
                        session.Time(job.SubmittedAt), session.Time(job.UpdatedAt));
                session.Console().Write(table);
            }
            if (shown.NextCursor is { } more) env.Error.WriteLine($"More jobs: add --cursor {TerminalText.Escape(more)}, or --all.");
            return ExitCodes.Success;
        });
    }

    private static string Esc(string? text) => TerminalText.Markup(text);
}
