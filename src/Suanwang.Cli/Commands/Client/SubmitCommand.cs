using System.CommandLine;
using Spectre.Console;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Lifecycle;
using Suanwang.Model.Errors;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang submit FILE</c>: hand a job to the broker, optionally follow it to the end.</summary>
public static class SubmitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The job: a native spec (YAML or JSON) or an unchanged #SBATCH batch script. '-' reads standard input." };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Makes the submission safe to repeat: the broker answers a repeat with the jobs the first one created. " +
                "The CLI retries once with the same key when the broker cannot be reached or answers 5xx; scripts that retry " +
                "themselves should pass their own key (e.g. the pipeline run id). Default: a new random key each run.",
            HelpName = "KEY",
        };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends, showing each change of state; exit 0 if it succeeded, 7 if it failed or was cancelled." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show where the broker would place it and why (as 'explain' does), without submitting anything: no job is created. Exit 3 if no center can take it." };
        var options = new ClientOptions("Print the broker's answer as JSON: the submission (jobs, replayed); with --wait, the same shape with the jobs as they ended; with --dry-run, the decisions.");
        var command = new Command("submit", "Submit a job to the broker and print its id (one line per job; a job array gives several). " +
            "Exits 2 for an invalid spec, 3 for a valid one no center could ever run, 8 when over a limit of the tenant " +
            "(its rate of jobs, where an array counts each task, or its cap on unfinished jobs: retry later); nothing is submitted then.")
        {
            file, key, wait, dryRun,
        };
        command.WithExamples("suanwang submit examples/jobs/finetune-7b.yaml", "suanwang submit train.sbatch --wait --idempotency-key nightly-2026-11-24");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var spec = result.GetValue(file)!;
            bool stdin = spec.Name == "-";
            string text = stdin ? await env.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(spec.FullName, cancellationToken);
            string source = stdin ? "stdin" : spec.Name;

            if (result.GetValue(dryRun))
            {
                if (result.GetValue(wait)) throw new SpecException("--dry-run", [new SpecError("--dry-run", "cannot be combined with --wait: nothing is submitted")]);
                var decisions = await session.Client.DryRunAsync(text, source, cancellationToken);
                if (session.Json) session.WriteJson(decisions);
                else
                {
                    var console = session.Console();
                    foreach (var decision in decisions)
                    {
                        // No job exists: title the decision with the file (and array element), not with a job id.
                        string title = DecisionRenderer.DryRunTitle(source, decision.JobId);
                        DecisionRenderer.Render(console, decision, null, env.Clock.LocalTimeZone.GetUtcOffset(decision.DecidedAt), title);
                        console.WriteLine();
                    }
                }
                return decisions.All(d => d.Placed) ? ExitCodes.Success : ExitCodes.Unplaceable;
            }

            // A key made at the edge; the same key on the retry makes the retry harmless.
            string idempotencyKey = result.GetValue(key) is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N");
            SubmitResult submitted;
            try
            {
                submitted = await session.Client.SubmitAsync(text, source, idempotencyKey, cancellationToken);
            }
            catch (SuanwangApiException e) when (e.IsUnreachable || e.Status >= 500)
            {
                env.Error.WriteLine($"warning: {TerminalText.Escape(e.Message.Split(": ")[0])}; retrying once with the same idempotency key");
                await session.PauseAsync(cancellationToken);
                submitted = await session.Client.SubmitAsync(text, source, idempotencyKey, cancellationToken);
            }
            if (submitted.Replayed)
                env.Error.WriteLine($"note: idempotency key '{TerminalText.Escape(idempotencyKey)}' was used before; these are the jobs it created, nothing new was submitted.");
            if (!session.Json)
                foreach (var job in submitted.Jobs) env.Out.WriteLine(TerminalText.Escape(job.Id));
            if (!result.GetValue(wait))
            {
                if (session.Json) session.WriteJson(submitted);
                return ExitCodes.Success;
            }
            var ended = await JobWatcher.WaitAsync(session, submitted.Jobs, cancellationToken);
            if (session.Json) session.WriteJson(submitted with { Jobs = ended });
            return ended.All(j => j.State == JobState.Succeeded) ? ExitCodes.Success : ExitCodes.JobUnsuccessful;
        });
    }
}
