using System.CommandLine;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang explain ID</c>: the placement decision the broker committed for a job.</summary>
public static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The job's id." };
        var options = new ClientOptions("Print the decision as JSON (policy, network revision, plan, every candidate).");
        var command = new Command("explain", "Show why a job went where it went: the chosen center and start, predicted finish, cost, energy and carbon, and every candidate center with its numbers and the filter or score that lost it.")
        {
            id,
        };
        command.WithExamples("suanwang explain j-20261124-0007");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var decision = await session.Client.GetExplanationAsync(result.GetValue(id)!, cancellationToken);
            if (session.Json) session.WriteJson(decision);
            else DecisionRenderer.Render(session.Console(), decision, null, env.Clock.LocalTimeZone.GetUtcOffset(decision.DecidedAt));
            return ExitCodes.Success;
        });
    }
}
