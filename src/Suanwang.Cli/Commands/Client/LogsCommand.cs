using System.CommandLine;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;

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
        var command = new Command("logs", "Print a job's output as far as the broker has it (standard output unless --stderr); --follow keeps polling until the job ends. " +
            "Into a file or pipe it is written unchanged; on a terminal, control characters other than newline and tab are shown escaped (\\x1b).")
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
            var shown = new OutputPrinter(env.Out, env.IsTerminal);
            OutputView slice;
            long offset = 0;
            while (true)
            {
                slice = await session.Client.GetOutputAsync(jobId, stream, offset, null, cancellationToken);
                if (session.Json) text.Append(slice.Text);
                else shown.Write(slice.Text);
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
            else shown.Finish();
            return ExitCodes.Success;
        });
    }

    /// <summary>
    /// Writes a job's output as it comes: unchanged into a file or pipe, escaped on a terminal (the job may
    /// print anything, and a terminal acts on escape sequences). A slice ending in <c>\r</c> keeps it back until the
    /// next shows whether it begins a <c>\r\n</c>.
    /// </summary>
    private sealed class OutputPrinter(TextWriter writer, bool terminal)
    {
        private bool _heldReturn;

        public void Write(string text)
        {
            if (text.Length == 0) return;
            if (!terminal)
            {
                writer.Write(text);
                writer.Flush();
                return;
            }
            if (_heldReturn) text = "\r" + text;
            _heldReturn = text.EndsWith('\r');
            writer.Write(TerminalText.EscapeKeepingLines(_heldReturn ? text[..^1] : text));
            writer.Flush();
        }

        public void Finish()
        {
            if (!_heldReturn) return;
            writer.Write(TerminalText.EscapeKeepingLines("\r"));
            writer.Flush();
        }
    }
}
