using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests.Client;

/// <summary>
/// Runs the CLI's client verbs in-process against a fake broker, with an environment of the test's own (so no
/// real config file or token is read) and the machine's time zone fixed at UTC+8.
/// </summary>
public sealed class ClientShell : IDisposable
{
    /// <summary>The token the default environment carries.</summary>
    public const string Token = "test-token";

    private readonly TempFolder _home = new();

    public ClientShell()
    {
        Environment["HOME"] = _home.Path;
        Environment["SUANWANG_TOKEN"] = Token;
    }

    /// <summary>The fake broker every request goes to (unless <see cref="Handler"/> is set).</summary>
    public FakeBroker Broker { get; } = new();

    /// <summary>Another handler to send through instead of <see cref="Broker"/>.</summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>The environment variables the CLI sees: HOME (an empty temp folder) and SUANWANG_TOKEN to start with.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Send through real sockets (no fake broker), e.g. to a port nothing listens on.</summary>
    public bool RealNetwork { get; set; }

    /// <summary>Treat standard output as a terminal (as a user's shell would be), though it is captured.</summary>
    public bool Terminal { get; set; }

    /// <summary>Standard input.</summary>
    public string Input { get; set; } = "";

    /// <summary>The empty home folder (for config and data files).</summary>
    public TempFolder Home => _home;

    /// <summary>China Standard Time, as a zone of the test's own (the machine's zone must not matter).</summary>
    public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.CreateCustomTimeZone("test/UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");

    /// <summary>Runs <c>suanwang</c> with <paramref name="args"/>.</summary>
    public CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(new StringReader(Input), output, error, new ChinaClock(Shell.Now), name => Environment.GetValueOrDefault(name))
        {
            BrokerHandler = RealNetwork ? null : Handler ?? Broker,
            PollInterval = TimeSpan.Zero,
            OutIsTerminal = Terminal ? true : null,
        };
        int exitCode = SuanwangCli.Run(args, env);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => _home.Dispose();

    private sealed class ChinaClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => ChinaTime;
    }
}

/// <summary>Output helpers for the client tests.</summary>
public static class CliResultText
{
    /// <summary>Standard output with line endings normalised and the padding Spectre leaves at the end of grid lines removed.</summary>
    public static string Text(this CliResult result) =>
        string.Join("\n", result.Out.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()));
}
