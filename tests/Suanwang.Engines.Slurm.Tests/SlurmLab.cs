using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// Five real Slurm clusters (<c>scripts/slurm-lab.sh</c>) brought up once for the test run in a fresh temporary
/// directory on free ports, and brought down (and the directory removed) at the end: three Slurm 22.05 clusters on
/// the host (<see cref="ClusterNames"/>) and two Slurm 24.11 clusters in a Debian 13 root filesystem, each with an
/// OpenSSH login node (<see cref="CurrentClusterNames"/>, described by <see cref="Current"/>). Failing to bring them
/// up fails the tests with the script's output: it is never a skip.
/// </summary>
public sealed class SlurmLab : IAsyncLifetime
{
    /// <summary>The Slurm 22.05 clusters (REST v0.0.38 only).</summary>
    public static readonly string[] ClusterNames = ["gpu-a", "gpu-b", "cpu"];

    /// <summary>The Slurm 24.11 clusters: <c>hpc-a</c> (GPUs, slurmdbd accounting), <c>hpc-b</c> (CPUs, no accounting).</summary>
    public static readonly string[] CurrentClusterNames = ["hpc-a", "hpc-b"];

    private readonly Dictionary<string, (string Conf, string Socket)> _clusters = new();
    private readonly Dictionary<string, LabCluster> _current = new();
    private string _portBase = "";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sw-slurm-test-").FullName;

    public string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The cluster's slurm.conf (the same path inside the 24.11 root filesystem and on the host).</summary>
    public string SlurmConf(string cluster) => _clusters[cluster].Conf;

    /// <summary>The socket of the cluster's slurmrestd running as the lab's REST user (swlab).</summary>
    public string Socket(string cluster) => _clusters[cluster].Socket;

    /// <summary>What <c>up</c> printed for a Slurm 24.11 cluster (see <see cref="CurrentClusterNames"/>).</summary>
    public LabCluster Current(string cluster) =>
        _current.TryGetValue(cluster, out LabCluster? found) ? found : throw new ArgumentException($"{cluster} is not a Slurm 24.11 cluster of the lab", nameof(cluster));

    /// <summary>
    /// The pid of one of the lab's daemons, from its pid file, or null when it is not running: <paramref name="daemon"/>
    /// is <c>slurmctld</c>, <c>slurmd-NODE</c>, <c>slurmrestd</c>, <c>slurmrestd-swlab2</c>, and for the 24.11 clusters
    /// also <c>sshd</c> and (hpc-a) <c>slurmdbd</c>. Tests stop or kill it and call <see cref="RestartMissingAsync"/>.
    /// </summary>
    public int? DaemonPid(string cluster, string daemon)
    {
        string file = Path.Combine(Directory, cluster, "run", daemon + ".pid");
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), out int pid)) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// What a broker or factory on the lab must allow: its sockets are in the lab's own folder, not where slurmrestd's
    /// usually are, so the lab adds its folder (as an operator would with <c>serve --slurm-socket-dir</c>).
    /// </summary>
    public SlurmEndpointPolicy Endpoints => SlurmEndpointPolicy.Default with
    {
        SocketDirectories = [.. SlurmEndpointPolicy.DefaultSocketDirectories, Directory],
        SshKeyDirectories = [KeyDirectory],
    };

    /// <summary>Where the lab keeps its users' private keys (<c>DIR/keys</c>): the folder SSH centers' keys may be in.</summary>
    public string KeyDirectory => Path.Combine(Directory, "keys");

    /// <summary>The same, as arguments of <c>suanwang serve</c>.</summary>
    public string[] ServeArguments => ["--slurm-socket-dir", Directory, "--slurm-ssh-key-dir", KeyDirectory];

    /// <summary>A folder jobs (user swlab) can write and the tests can read.</summary>
    public string OutDirectory(string cluster) => Path.Combine(Directory, cluster, "out");

    public async Task InitializeAsync()
    {
        // install builds the 24.11 root filesystem on a machine that has none yet (about 1.5 min, more on a slow mirror)
        (int code, string output) = await RunScriptAsync(TimeSpan.FromMinutes(20), "install");
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh install failed ({code}):\n{output}");

        _portBase = FreePortBase().ToString(System.Globalization.CultureInfo.InvariantCulture);
        (code, output) = await RunScriptAsync("up", Directory);
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh up {Directory} failed ({code}):\n{output}");
        foreach (string line in output.Split('\n'))
        {
            string[] parts = line.Trim().Split(' ');
            if (parts.Length >= 3 && parts[1].StartsWith("SLURM_CONF=", StringComparison.Ordinal) && parts[2].StartsWith("REST=unix:", StringComparison.Ordinal))
                _clusters[parts[0]] = (parts[1]["SLURM_CONF=".Length..], parts[2]["REST=unix:".Length..]);
            if (parts.Length > 3 && LabCluster.TryParse(line.Trim(), out LabCluster? current))
                _current[current.Name] = current;
        }
        foreach (string cluster in ClusterNames.Concat(CurrentClusterNames))
            if (!_clusters.ContainsKey(cluster))
                throw new InvalidOperationException($"slurm-lab.sh up printed no line for cluster {cluster}:\n{output}");
        foreach (string cluster in CurrentClusterNames)
            if (!_current.ContainsKey(cluster))
                throw new InvalidOperationException($"slurm-lab.sh up printed no Slurm 24.11 line for cluster {cluster}:\n{output}");
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

    /// <summary>
    /// Starts whatever daemon of the lab is not running (e.g. a controller a test killed) and resumes any daemon a test
    /// stopped with SIGSTOP (a hung login node).
    /// </summary>
    public async Task RestartMissingAsync()
    {
        (int code, string output) = await RunScriptAsync("up", Directory);
        if (code != 0) throw new InvalidOperationException($"slurm-lab.sh up {Directory} failed ({code}):\n{output}");
    }

    /// <summary>
    /// Runs a Slurm client (<c>sbatch</c>, <c>squeue</c>…) against <paramref name="cluster"/>, as root, in its output folder:
    /// the host's 22.05 client for a 22.05 cluster, the 24.11 client inside the root filesystem for a 24.11 one.
    /// </summary>
    public async Task<(int Code, string Output)> SlurmAsync(string cluster, string program, params string[] args)
    {
        if (_current.ContainsKey(cluster)) return await RunScriptAsync(TimeSpan.FromSeconds(30), ["run", Directory, cluster, program, .. args]);
        var start = new ProcessStartInfo(program) { WorkingDirectory = OutDirectory(cluster) };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["SLURM_CONF"] = SlurmConf(cluster);
        return await RunAsync(start, TimeSpan.FromSeconds(20));
    }

    /// <summary>Runs a Slurm 24.11 client in the root filesystem as one of the lab's users (<see cref="LabCluster.Users"/>).</summary>
    public Task<(int Code, string Output)> SlurmAsUserAsync(string cluster, string user, string program, params string[] args) =>
        RunScriptAsync(TimeSpan.FromSeconds(30), ["run", Directory, Current(cluster).Name, "--user", user, program, .. args]);

    /// <summary>
    /// Runs <paramref name="command"/> on a 24.11 cluster's login node as <paramref name="user"/> with the system's
    /// <c>ssh</c>, the user's key and the host key pinned (StrictHostKeyChecking=yes, the lab's known_hosts file).
    /// </summary>
    public Task<(int Code, string Output)> SshAsync(string cluster, string user, string command) =>
        SshWithKeyAsync(cluster, user, Current(cluster).KeyPath(user), command);

    /// <summary>As <see cref="SshAsync"/>, with the private key <paramref name="key"/> (e.g. another user's, to see it refused).</summary>
    public Task<(int Code, string Output)> SshWithKeyAsync(string cluster, string user, string key, string command)
    {
        LabCluster current = Current(cluster);
        var start = new ProcessStartInfo("ssh");
        foreach (string arg in new[]
                 {
                     "-i", key, "-p", current.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={current.KnownHostsFile}", "-o", "BatchMode=yes",
                     "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20", "-l", user, current.SshHost, command,
                 })
            start.ArgumentList.Add(arg);
        return RunAsync(start, TimeSpan.FromSeconds(60));
    }

    private Task<(int, string)> RunScriptAsync(params string[] args) => RunScriptAsync(TimeSpan.FromMinutes(5), args);

    private Task<(int, string)> RunScriptAsync(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "scripts", "slurm-lab.sh"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (_portBase.Length > 0) start.Environment["SLURM_LAB_PORT_BASE"] = _portBase;
        return RunAsync(start, limit);
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

    /// <summary>
    /// A port base whose lab ports are all free now: BASE+10k (slurmctld) and +1, +2 (slurmd) for k = 1..5, and +5 (sshd),
    /// +6 (slurmdbd) for the 24.11 clusters (k = 4, 5).
    /// </summary>
    private static int FreePortBase()
    {
        int first = 20000 + (Environment.ProcessId % 90) * 100;
        for (int i = 0; i < 90; i++)
        {
            int candidate = 20000 + (first - 20000 + i * 100) % 9000;
            int[] ports =
            [
                .. new[] { 10, 20, 30, 40, 50 }.SelectMany(k => new[] { candidate + k, candidate + k + 1, candidate + k + 2 }),
                .. new[] { 40, 50 }.SelectMany(k => new[] { candidate + k + 5, candidate + k + 6 }),
            ];
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
