using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>
/// <c>suanwang load</c> starts brokers and runs for seconds, so it is measured by hand (its figures are never
/// asserted); what is pinned here is that a bad command line is refused before anything starts.
/// </summary>
public sealed class LoadCommandTests
{
    [Theory]
    [InlineData("--clients", "0")]
    [InlineData("--clients", "8", "5000")]
    [InlineData("--seconds", "0")]
    [InlineData("--warmup", "-1")]
    [InlineData("--postgres", "broker.db")]
    public void An_invalid_option_exits_2_naming_it_and_starts_no_broker(params string[] args)
    {
        var result = Shell.Run(["load", .. args]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(args[0], result.Error);
        Assert.Equal("", result.Out);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), $"suanwang-load-{Environment.ProcessId}-sqlite")), "no broker data folder was created");
    }
}
