using System.CommandLine;
using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang logs ID</c>: a job's output.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The job's id." };
        var stderr = new Option<bool>("--stderr") { Description = "Show standard error instead of standard output." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the job has ended and all of it has been read." };
        var options = new ClientOptions("Print one output slice as JSON (jobId, stream, text, nextOffset, complete) with all the text read.");
        var command = new Command("logs", "Print a job's output as far as the broker has it (standard output unless --stderr); --follow keeps polling until the job ends.")
        {
            id, stderr, follow,
        };
        command.WithExamples("suanwang logs j-20261124-0007 --follow");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string jobId = result.GetValue(id)!;
            string stream = result.GetValue(stderr) ? "stderr" : "stdout";
            bool following = result.GetValue(follow);
            var text = new System.Text.StringBuilder();
            OutputView slice;
            long offset = 0;
            while (true)
            {
                slice = await session.Client.GetOutputAsync(jobId, stream, offset, null, cancellationToken);
                if (session.Json) text.Append(slice.Text);
                else if (slice.Text.Length > 0)
                {
                    env.Out.Write(slice.Text);
                    env.Out.Flush();
                }
                bool advanced = slice.NextOffset > offset;
                offset = slice.NextOffset;
                if (slice.Complete) break;
                // Without --follow: read what is there now, slice by slice, and stop once caught up.
                if (!advanced || slice.Text.Length == 0)
                {
                    if (!following) break;
                    await session.PauseAsync(cancellationToken);
                }
            }
            if (session.Json) session.WriteJson(slice with { Text = text.ToString() });
            return ExitCodes.Success;
        });
    }
}
