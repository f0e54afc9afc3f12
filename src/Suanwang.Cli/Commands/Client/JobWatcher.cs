using Spectre.Console;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary>
/// Follows jobs until each has ended (<c>submit --wait</c>): on a terminal, a spinner with the current states and
/// a line per change; otherwise plain lines, one per change of state seen (silent with <c>--json</c>).
/// </summary>
internal static class JobWatcher
{
    /// <summary>Polls failing in a row (broker unreachable or 5xx) before giving up.</summary>
    private const int MaxTransientFailures = 5;

    /// <summary>Waits for every job to end and returns them as they ended, in the order given.</summary>
    public static async Task<IReadOnlyList<JobView>> WaitAsync(ClientSession session, IReadOnlyList<JobView> jobs, CancellationToken cancellationToken)
    {
        var env = session.Environment;
        if (session.Json) return await PollAsync(session, jobs, _ => { }, _ => { }, cancellationToken);
        if (!env.IsTerminal)
            return await PollAsync(session, jobs, line => env.Out.WriteLine(line), _ => { }, cancellationToken);
        var console = env.Console(colours: true, interactive: true);
        IReadOnlyList<JobView> ended = jobs;
        await console.Status().Spinner(Spinner.Known.Dots).StartAsync("waiting for the broker…", async context =>
        {
            ended = await PollAsync(session, jobs, line => console.WriteLine(line), status => context.Status(TerminalText.Markup(status)), cancellationToken);
        });
        return ended;
    }

    private static async Task<IReadOnlyList<JobView>> PollAsync(ClientSession session, IReadOnlyList<JobView> jobs,
        Action<string> line, Action<string> status, CancellationToken cancellationToken)
    {
        var current = jobs.ToArray();
        foreach (var job in current) line(Describe(session, job));
        int failures = 0;
        while (!current.All(j => ClientText.IsFinal(j.State)))
        {
            status(Status(session, current));
            await session.PauseAsync(cancellationToken);
            for (int i = 0; i < current.Length; i++)
            {
                if (ClientText.IsFinal(current[i].State)) continue;
                JobView latest;
                try
                {
                    latest = await session.Client.GetJobAsync(current[i].Id, cancellationToken);
                    failures = 0;
                }
                catch (SuanwangApiException e) when ((e.IsUnreachable || e.Status >= 500) && ++failures < MaxTransientFailures)
                {
                    status($"{e.Message.Split(": ")[0]}; trying again");
                    break;
                }
                if (latest.Version != current[i].Version || latest.State != current[i].State) line(Describe(session, latest));
                current[i] = latest;
            }
        }
        return current;
    }

    /// <summary>One line for a job's state: time, id, state, where, and how it ended or why it is waiting.</summary>
    private static string Describe(ClientSession session, JobView job)
    {
        string where = job.CenterId is null ? "" : $" on {job.CenterId}";
        string outcome = ClientText.IsFinal(job.State)
            ? (job.ExitCode is { } code ? $" (exit {code})" : "") + (job.StartedAt is { } start && job.EndedAt is { } end ? $" after {Formats.Duration((end - start).TotalSeconds)}" : "")
            : "";
        string reason = string.IsNullOrWhiteSpace(job.Reason) ? "" : $" — {job.Reason}";
        return TerminalText.Escape($"{session.Time(job.UpdatedAt)}  {job.Id}  {job.State}{where}{outcome}{reason}");
    }

    private static string Status(ClientSession session, IReadOnlyList<JobView> jobs)
    {
        if (jobs.Count == 1)
        {
            var job = jobs[0];
            string since = Formats.Duration(Math.Max(0, (session.Environment.Clock.GetUtcNow() - job.UpdatedAt).TotalSeconds));
            return $"{job.Id}: {job.State}{(job.CenterId is null ? "" : $" on {job.CenterId}")} for {since}";
        }
        return string.Join(", ", jobs.GroupBy(j => j.State).Select(g => $"{g.Count()} {g.Key}"));
    }
}
