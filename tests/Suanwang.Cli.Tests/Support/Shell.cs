using Suanwang.Testing;
using Suanwang.Testing.Data;

namespace Suanwang.Cli.Tests.Support;

/// <summary>What a user sees after one <c>suanwang</c> command: its exit code, standard output and standard error.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output split into lines (line endings normalised).</summary>
    public IReadOnlyList<string> OutLines => Out.ReplaceLineEndings("\n").Split('\n');

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the CLI in-process through <see cref="SuanwangCli.Run"/>, as a user would from a shell but without a console.</summary>
public static class Shell
{
    /// <summary>Every test's "now" when <c>--at</c> is not given: <see cref="A.Noon"/> (2026-11-24 12:00 UTC).</summary>
    public static DateTimeOffset Now => A.Noon;

    /// <summary>Runs <c>suanwang</c> with <paramref name="args"/>, at <see cref="Now"/>.</summary>
    public static CliResult Run(params string[] args) => Run(new FixedClock(Now), args);

    /// <summary>
    /// Runs <c>suanwang</c> with <paramref name="args"/> on the machine's real clock, as a user would today:
    /// for what must keep working whenever the tests run (the bundled examples), not for pinned output.
    /// </summary>
    public static CliResult RunOnTheSystemClock(params string[] args) => Run(TimeProvider.System, args);

    private static CliResult Run(TimeProvider clock, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = SuanwangCli.Run(args, output, error, clock);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A path inside the repository, e.g. <c>Repo("examples", "jobs", "finetune-7b.yaml")</c>.</summary>
    public static string Repo(params string[] parts) => Path.Combine([TestData.RepositoryRoot, .. parts]);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
