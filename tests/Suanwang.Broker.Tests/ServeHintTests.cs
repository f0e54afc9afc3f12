using System.Diagnostics;
using Suanwang.Testing.Brokers;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// <c>suanwang serve</c> ends its start-up lines with a command to try. Run exactly as printed, in a shell that knows
/// nothing of the broker (another HOME, no SUANWANG_* variables), it must work — also when the broker's data folder is
/// not the default one, where the client finds the 'default' tenant's token only through <c>--data</c>.
/// </summary>
public sealed class ServeHintTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("suanwang-hint-").FullName;
    private BrokerProcess _broker = null!;

    // A folder name with a space: the hint must quote it for the shell.
    private string Data => Path.Combine(_root, "broker data");

    private string ClientHome => Path.Combine(_root, "client-home");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ClientHome);
        _broker = new BrokerProcess(Data);
        // The broker's own home differs from the client's, and nothing in the environment names a data folder.
        _broker.Environment["HOME"] = Path.Combine(_root, "broker-home");
        foreach (string name in new[] { "SUANWANG_DATA", "XDG_DATA_HOME", "SUANWANG_TOKEN", "SUANWANG_BROKER", "SUANWANG_CONFIG" })
            _broker.Environment[name] = null;
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        KillRunsAndDelete(Data);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_command_serve_suggests_with_a_data_folder_of_its_own_runs_the_job_as_printed()
    {
        string hint = await HintAsync();
        Assert.Contains(" --data '" + Data + "'", hint);
        Assert.Contains(" --broker " + _broker.BaseAddress.ToString().TrimEnd('/'), hint);

        var (code, stdout, stderr) = await RunInShellAsync(hint);

        Assert.True(code == 0, $"'{hint}' exited {code}\n--- stdout\n{stdout}\n--- stderr\n{stderr}\n--- broker\n{_broker.Log()}");
        Assert.Matches(@"^j-[0-9a-z]{13}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Contains("Succeeded", stdout);
    }

    /// <summary>The command after "Try: " in the broker's start-up lines.</summary>
    private async Task<string> HintAsync()
    {
        // /readyz may answer a moment before the lines are written: wait for them.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
            if (_broker.Log().Split('\n').FirstOrDefault(l => l.StartsWith("Try: ", StringComparison.Ordinal)) is { } line)
                return line["Try: ".Length..].TrimEnd('\r');
        Assert.Fail($"the broker printed no 'Try:' line:\n{_broker.Log()}");
        return "";
    }

    /// <summary>Runs <paramref name="command"/> with sh from the repository root, 'suanwang' being the built executable.</summary>
    private async Task<(int Code, string Out, string Err)> RunInShellAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("SUANWANG_", StringComparison.Ordinal) || k.StartsWith("XDG_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["HOME"] = ClientHome;
        start.Environment["PATH"] = Path.GetDirectoryName(BrokerProcess.Executable) + ":" + start.Environment["PATH"];
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
