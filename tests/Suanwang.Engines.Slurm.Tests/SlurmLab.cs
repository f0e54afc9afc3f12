using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// Three real Slurm clusters (<c>scripts/slurm-lab.sh</c>) brought up once for the test run in a fresh temporary
/// directory on free ports, and brought down (and the directory removed) at the end. Failing to bring them up
/// fails the tests with the script's output: it is never a skip.
/// </summary>
public sealed class SlurmLab : IAsyncLifetime
{
    public static readonly string[] ClusterNames = ["gpu-a", "gpu-b", "cpu"];

    private readonly Dictionary<string, (string Conf, string Socket)> _clusters = new();
    private string _portBase = "";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sw-slurm-test-").FullName;

    public string RepoRoot { get; } = FindRepoRoot();

    public string SlurmConf(string cluster) => _clusters[cluster].Conf;

    public string Socket(string cluster) => _clusters[cluster].Socket;

    /// <summary>
    /// What a broker or factory on the lab must allow: its sockets are in the lab's own folder, not where slurmrestd's
    /// usually are, so the lab adds its folder (as an operator would with <c>serve --slurm-socket-dir</c>).
    /// </summary>
    public SlurmEndpointPolicy Endpoints => SlurmEndpointPolicy.Default with { SocketDirectories = [.. SlurmEndpointPolicy.DefaultSocketDirectories, Directory] };

    /// <summary>The same, as arguments of <c>suanwang serve</c>.</summary>
    public string[] ServeArguments => ["--slurm-socket-dir", Directory];

    /// <summary>A folder jobs (user swlab) can write and the tests can read.</summary>
    public string OutDirectory(string cluster) => Path.Combine(Directory, cluster, "out");

    public async Task InitializeAsync()
    {
        (int code, string output) = await RunScriptAsync("install");
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh install failed ({code}):\n{output}");

        _portBase = FreePortBase().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (code, output) = await RunScriptAsync("up", Directory);
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh up {Directory} failed ({code}):\n{output}");
        foreach (string line in output.Split('\n'))
        {
            string[] parts = line.Trim().Split(' ');
            if (parts.Length == 3 && parts[1].StartsWith("SLURM_CONF=", StringComparison.Ordinal) && parts[2].StartsWith("REST=unix:", StringComparison.Ordinal))
                _clusters[parts[0]] = (parts[1]["SLURM_CONF=".Length..], parts[2]["REST=unix:".Length..]);
        }
        foreach (string cluster in ClusterNames)
            if (!_clusters.ContainsKey(cluster))
                throw new InvalidOperationException($"slurm-lab.sh up printed no line for cluster {cluster}:\n{output}");
    }

    public async Task DisposeAsync()
    {
        (int code, string output) = await RunScriptAsync("down", Directory);
        if (code != 0) Console.Error.WriteLine($"slurm-lab.sh down failed ({code}):\n{output}");
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {Directory}: {e.Message}");
        }
    }

    /// <summary>Starts whatever daemon of the lab is not running (e.g. a controller a test stopped).</summary>
    public async Task RestartMissingAsync()
    {
        (int code, string output) = await RunScriptAsync("up", Directory);
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh up {Directory} failed ({code}):\n{output}");
    }

    /// <summary>Runs a Slurm client (<c>sbatch</c>, <c>squeue</c>…) against <paramref name="cluster"/>.</summary>
    public async Task<(int Code, string Output)> SlurmAsync(string cluster, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = OutDirectory(cluster) };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["SLURM_CONF"] = SlurmConf(cluster);
        return await RunAsync(start, TimeSpan.FromSeconds(20));
    }

    private Task<(int, string)> RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "scripts", "slurm-lab.sh"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (_portBase.Length > 0) start.Environment["SLURM_LAB_PORT_BASE"] = _portBase;
        return RunAsync(start, TimeSpan.FromMinutes(5));
    }

    private static async Task<(int, string)> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit}");
        }
        var output = new StringBuilder(await stdout);
        string errors = await stderr;
        if (errors.Length > 0) output.Append("\n[stderr]\n").Append(errors);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>A port base whose 9 lab ports (BASE+10..12, +20..22, +30..32) are all free now.</summary>
    private static int FreePortBase()
    {
        int first = 20000 + (Environment.ProcessId % 90) * 100;
        for (int i = 0; i < 90; i++)
        {
            int candidate = 20000 + (first - 20000 + i * 100) % 9000;
            int[] ports = [.. new[] { 10, 20, 30 }.SelectMany(k => new[] { candidate + k, candidate + k + 1, candidate + k + 2 })];
            if (ports.All(IsFree)) return candidate;
        }
        throw new InvalidOperationException("no free port base for the Slurm lab between 20000 and 29000");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Suanwang.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>Every test that needs the lab shares one (tests in this collection run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class SlurmLabCollection : ICollectionFixture<SlurmLab>
{
    public const string Name = "slurm lab";
}
