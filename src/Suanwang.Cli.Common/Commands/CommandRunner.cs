using Suanwang.Cli.Output;
using Suanwang.Model.Errors;

namespace Suanwang.Cli.Commands;

/// <summary>Runs a command body and turns errors into messages and exit codes.</summary>
public static class CommandRunner
{
    /// <summary>As <see cref="Run"/>, for a command body that awaits (e.g. a server running until stopped).</summary>
    public static async Task<int> RunAsync(CliEnvironment env, Func<Task<int>> body)
    {
        int? code = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        try
        {
            code = await body();
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }
        // Report through the synchronous runner so both share one mapping of errors to exit codes.
        return code ?? Run(env, () => { failure!.Throw(); return ExitCodes.Failure; });
    }

    /// <summary>Runs <paramref name="body"/>; invalid input is reported with every error and exits with <see cref="ExitCodes.InvalidInput"/>.</summary>
    public static int Run(CliEnvironment env, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SpecException e)
        {
            env.Error.WriteLine($"error: {TerminalText.Escape(e.What)} is invalid ({Formats.Count(e.Errors.Count, "problem")}):");
            foreach (var error in e.Errors) env.Error.WriteLine($"  {TerminalText.Escape(error.Location)}: {TerminalText.Escape(error.Message)}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            env.Error.WriteLine($"error: {TerminalText.Escape(e.Message)}");
            return ExitCodes.InvalidInput;
        }
        catch (ArgumentException e)
        {
            env.Error.WriteLine($"error: {TerminalText.Escape(e.Message.Split(" (Parameter")[0])}");
            return ExitCodes.InvalidInput;
        }
        catch (IOException e)
        {
            env.Error.WriteLine($"error: {TerminalText.Escape(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.Count > 0)
        {
            // Parallel replays wrap what went wrong; report the first cause as if it had been thrown alone.
            var first = e.Flatten().InnerExceptions[0];
            return Run(env, () => { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first); return ExitCodes.Failure; });
        }
    }
}
