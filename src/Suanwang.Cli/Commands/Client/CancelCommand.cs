using System.CommandLine;
using Suanwang.Cli.Output;
using Suanwang.Lifecycle;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang cancel ID</c>: cancel a job.</summary>
public static class CancelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The job's id." };
        var options = new ClientOptions("Print the job as JSON, as it is after the cancel.");
        var command = new Command("cancel", "Cancel a job: a queued job is dropped, a running one is stopped at its center. Cancelling a cancelled job does nothing; a job that already ended otherwise cannot be cancelled (exit 1).")
        {
            id,
        };
        command.WithExamples("suanwang cancel j-20261124-0007");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var job = await session.Client.CancelJobAsync(result.GetValue(id)!, cancellationToken);
            if (session.Json) session.WriteJson(job);
            else env.Out.WriteLine(TerminalText.Escape(job.State == JobState.Cancelled
                ? $"{job.Id}: Cancelled"
                : $"{job.Id}: cancel requested; it is {job.State}{(job.CenterId is null ? "" : $" on {job.CenterId}")} until its center stops it"));
            return ExitCodes.Success;
        });
    }
}
