using Suanwang.Api;
using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Tests.Client;

/// <summary><c>suanwang logs ID</c>: output slices read from the offsets the broker returns.</summary>
public sealed class LogsCommandTests : IDisposable
{
    private static readonly string Route = ApiRoutes.With(ApiRoutes.JobOutput, "j-1");

    private readonly ClientShell _shell = new();

    public void Dispose() => _shell.Dispose();

    private void Slices(params OutputView[] slices) => _shell.Broker.JsonInTurn(HttpMethod.Get, Route, slices);

    private static OutputView Slice(string text, long next, bool complete = false, OutputStream stream = OutputStream.Stdout) => new("j-1", stream, text, next, complete);

    [Fact]
    public void Follow_concatenates_the_slices_until_the_output_is_complete()
    {
        Slices(Slice("epoch 1\n", 8), Slice("", 8), Slice("epoch 2\n", 16), Slice("done\n", 21, complete: true));

        var result = _shell.Run("logs", "j-1", "--follow");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("epoch 1\nepoch 2\ndone\n", result.Out);
        Assert.Equal(["0", "8", "8", "16"], _shell.Broker.Requests.Select(r => r.Query("offset")));
        Assert.All(_shell.Broker.Requests, r => Assert.Equal("stdout", r.Query("stream")));
    }

    [Fact]
    public void Without_follow_it_stops_once_caught_up()
    {
        Slices(Slice("epoch 1\n", 8), Slice("", 8), Slice("never read\n", 19));

        var result = _shell.Run("logs", "j-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("epoch 1\n", result.Out);
        Assert.Equal(2, _shell.Broker.Requests.Count);
    }

    [Fact]
    public void Stderr_asks_for_the_error_stream()
    {
        Slices(Slice("warning: low memory\n", 20, complete: true, stream: OutputStream.Stderr));

        var result = _shell.Run("logs", "j-1", "--stderr");

        Assert.Equal("warning: low memory\n", result.Out);
        Assert.Equal("stderr", Assert.Single(_shell.Broker.Requests).Query("stream"));
    }

    [Fact]
    public void Json_prints_one_slice_with_all_the_text()
    {
        Slices(Slice("a\n", 2), Slice("b\n", 4, complete: true));

        var result = _shell.Run("logs", "j-1", "--follow", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(Slice("a\nb\n", 4, complete: true), result.Out);
    }
}
