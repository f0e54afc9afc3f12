using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Suanwang.Bench;

/// <summary>The Slurm benchmark could not run (no lab, a cluster refused a job, the broker did not start, …); the message says why.</summary>
public sealed class SlurmBenchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One Slurm cluster of a lab, as its files describe it.</summary>
/// <param name="Name">The cluster's folder name (and <c>ClusterName</c>).</param>
/// <param name="ConfigFile">Its <c>slurm.conf</c>, given to <c>sbatch</c>/<c>squeue</c> as <c>SLURM_CONF</c>.</param>
/// <param name="Socket">slurmrestd's unix socket, the broker's way in.</param>
/// <param name="OutDirectory">The world-writable folder for job output.</param>
/// <param name="Partition">The default partition (where a plain <c>sbatch</c> goes).</param>
/// <param name="Nodes">Nodes in the default partition's cluster.</param>
/// <param name="CpusPerNode">CPUs per node (the smallest node's).</param>
/// <param name="MemoryMiBPerNode">Memory per node, MiB (the smallest node's <c>RealMemory</c>).</param>
/// <param name="Login">The cluster's SSH login node (24.11 clusters only), else null.</param>
/// <param name="LabScript">For a 24.11 cluster, the lab script whose <c>run</c> verb runs its clients in the root filesystem; null for the host's 22.05.</param>
/// <param name="Accounting">True when the cluster runs slurmdbd (finished jobs are then asked of <c>sacct</c> too: they may leave squeue within seconds).</param>
public sealed record SlurmBenchCluster(string Name, string ConfigFile, string Socket, string OutDirectory, string Partition, int Nodes, int CpusPerNode, int MemoryMiBPerNode,
    SlurmBenchLogin? Login = null, string? LabScript = null, bool Accounting = false);

/// <summary>A 24.11 cluster's login node, as the lab wrote it.</summary>
/// <param name="User">The login user (the lab's first user, as in its SSH center files).</param>
/// <param name="Port">sshd's port on 127.0.0.1.</param>
/// <param name="HostKey">The host key's fingerprint, <c>SHA256:…</c>.</param>
/// <param name="KnownHosts">The lab's known_hosts line for it.</param>
/// <param name="KeyFile">The user's private key.</param>
/// <param name="SshdLog">sshd's log (one "Accepted publickey" line per connection).</param>
/// <param name="Home">The user's home folder (where <c>~/.ssh/rc</c> counts the commands run).</param>
public sealed record SlurmBenchLogin(string User, int Port, string HostKey, string KnownHosts, string KeyFile, string SshdLog, string Home);

/// <summary>Which clusters, and which way in, a run measures.</summary>
public enum SlurmBenchAccess
{
    /// <summary>The lab's Slurm 22.05 clusters: sbatch on this machine, the broker through slurmrestd (REST v0.0.38).</summary>
    Rest2205,

    /// <summary>The lab's Slurm 24.11 clusters: 24.11's sbatch in the root filesystem, the broker through slurmrestd (the newest REST version it serves).</summary>
    Rest2411,

    /// <summary>The lab's Slurm 24.11 clusters: sbatch over ssh on the login node, the broker through its SSH access as the same user.</summary>
    Ssh2411,
}

/// <summary>The names of <see cref="SlurmBenchAccess"/> on the command line.</summary>
public static class SlurmBenchAccessNames
{
    /// <summary>Name → access path.</summary>
    public static readonly IReadOnlyDictionary<string, SlurmBenchAccess> ByName = new Dictionary<string, SlurmBenchAccess>(StringComparer.Ordinal)
    {
        ["rest-22.05"] = SlurmBenchAccess.Rest2205,
        ["rest-24.11"] = SlurmBenchAccess.Rest2411,
        ["ssh-24.11"] = SlurmBenchAccess.Ssh2411,
    };

    /// <summary>The command-line name of <paramref name="access"/>.</summary>
    public static string Name(SlurmBenchAccess access) => ByName.First(p => p.Value == access).Key;
}

/// <summary>
/// The Slurm clusters the benchmark runs on: an already-up lab found in a folder (<see cref="Discover"/>), or a
/// lab this process brings up in a temporary folder with <c>scripts/slurm-lab.sh</c> and takes down again on
/// dispose (<see cref="StartAsync"/>), whatever state the run ended in.
/// </summary>
public sealed class SlurmBenchLab : IAsyncDisposable
{
    /// <summary>The lab script, relative to the repository root.</summary>
    public const string Script = "scripts/slurm-lab.sh";

    private readonly string? _script;
    private bool _disposed;

    private SlurmBenchLab(string directory, IReadOnlyList<SlurmBenchCluster> clusters, string? script)
    {
        Directory = directory;
        Clusters = clusters;
        _script = script;
    }

    /// <summary>The lab folder.</summary>
    public string Directory { get; }

    /// <summary>The clusters, by name.</summary>
    public IReadOnlyList<SlurmBenchCluster> Clusters { get; }

    /// <summary>True when this process brought the lab up (and so takes it down and deletes its folder).</summary>
    public bool Owned => _script is not null;

    /// <summary>
    /// The clusters of an already-up lab: every <c>DIR/NAME/slurm.conf</c> with slurmrestd's socket at
    /// <c>DIR/NAME/rest/slurmrestd.sock</c>. Nothing is started or stopped.
    /// </summary>
    /// <exception cref="SlurmBenchException">No cluster there, or a cluster's files are incomplete (every problem listed).</exception>
    public static SlurmBenchLab Discover(string directory, SlurmBenchAccess access, string? labScript) =>
        new(Path.GetFullPath(directory), Read(Path.GetFullPath(directory), access, labScript), script: null);

    /// <summary>
    /// Brings up a new lab (<c>slurm-lab.sh up</c>) in a fresh temporary folder. <c>SLURM_LAB_PORT_BASE</c> in
    /// this process's environment picks its ports, as for the script. On failure the lab is taken down before this throws.
    /// </summary>
    /// <param name="script">The lab script.</param>
    /// <param name="progress">Told what is happening.</param>
    /// <param name="cancellationToken">Stops waiting (the lab is then taken down).</param>
    public static async Task<SlurmBenchLab> StartAsync(string script, SlurmBenchAccess access, Action<string> progress, CancellationToken cancellationToken)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("suanwang-bench-lab-").FullName;
        var lab = new SlurmBenchLab(directory, [], script);
        try
        {
            progress($"bringing up a Slurm lab in {directory} (ports from SLURM_LAB_PORT_BASE, default 17000)…");
            var (code, output) = await RunScriptAsync(script, "up", directory, cancellationToken);
            if (code != 0) throw new SlurmBenchException($"'bash {script} up {directory}' failed with exit code {code}:\n{output.TrimEnd()}");
            return new SlurmBenchLab(directory, Read(directory, access, script), script);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>The lab script of the repository the current folder is in (or above), or null.</summary>
    public static string? FindScript(string from)
    {
        for (var folder = new DirectoryInfo(from); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, Script);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Takes down a lab this process brought up (<c>slurm-lab.sh down</c>) and deletes its folder; does nothing to a lab it was given.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed || _script is null) return;
        _disposed = true;
        // Not cancellable: a half-stopped lab would leave daemons behind.
        await RunScriptAsync(_script, "down", Directory, CancellationToken.None);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A daemon's last write racing the delete: the folder is in the temporary folder and harmless.
        }
    }

    private static async Task<(int Code, string Output)> RunScriptAsync(string script, string verb, string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { script, verb, directory }) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new SlurmBenchException("could not start bash for the lab script");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The script's own children (daemons) are found by 'down', which the caller runs next.
            process.Kill(entireProcessTree: false);
            throw;
        }
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static IReadOnlyList<SlurmBenchCluster> Read(string directory, SlurmBenchAccess access, string? labScript)
    {
        bool current = access != SlurmBenchAccess.Rest2205;
        if (current && labScript is null)
            throw new SlurmBenchException($"the {SlurmBenchAccessNames.Name(access)} path runs Slurm 24.11's clients through '{Script} run': run from the repository");
        if (!System.IO.Directory.Exists(directory)) throw new SlurmBenchException($"the lab folder {directory} does not exist");
        var clusters = new List<SlurmBenchCluster>();
        var problems = new List<string>();
        foreach (string folder in System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            string config = Path.Combine(folder, "slurm.conf");
            if (!File.Exists(config)) continue;
            string name = Path.GetFileName(folder);
            // The 24.11 clusters have a login node (DIR/NAME/ssh); a run measures one Slurm version's clusters.
            bool hasLogin = File.Exists(Path.Combine(folder, "ssh", "sshd_config"));
            if (hasLogin != current) continue;
            string socket = Path.Combine(folder, "rest", "slurmrestd.sock");
            string output = Path.Combine(folder, "out");
            if (!File.Exists(socket)) problems.Add($"{name}: no slurmrestd socket at {socket} (is the lab up?)");
            if (!System.IO.Directory.Exists(output)) problems.Add($"{name}: no output folder {output}");
            var (partition, nodes, cpus, memory) = ReadConfig(File.ReadAllLines(config));
            if (partition is null) problems.Add($"{name}: {config} has no default partition (PartitionName=… Default=YES)");
            if (nodes == 0 || cpus == 0 || memory == 0) problems.Add($"{name}: {config} has no node with CPUs= and RealMemory=");
            SlurmBenchLogin? login = hasLogin ? ReadLogin(directory, folder, problems) : null;
            clusters.Add(new SlurmBenchCluster(name, config, socket, output, partition ?? "", nodes, cpus, memory, login, current ? labScript : null,
                File.Exists(Path.Combine(folder, "slurmdbd.conf"))));
        }
        if (clusters.Count == 0)
            problems.Add($"no {(current ? "Slurm 24.11 cluster (DIR/NAME/slurm.conf with DIR/NAME/ssh)" : "Slurm 22.05 cluster (DIR/NAME/slurm.conf)")} in {directory}, as 'bash {Script} up DIR' makes");
        if (problems.Count > 0) throw new SlurmBenchException($"the lab in {directory} cannot be used: {string.Join("; ", problems)}");
        return clusters;
    }

    // The login node as the lab script wrote it: sshd_config's ListenAddress, the host key's fingerprint (SHA-256 of
    // the key blob, unpadded base64, as ssh-keygen prints it), the lab's first user and its key and home folder.
    private static SlurmBenchLogin? ReadLogin(string lab, string folder, List<string> problems)
    {
        string name = Path.GetFileName(folder), ssh = Path.Combine(folder, "ssh");
        const string user = "swlab";
        var listen = File.ReadAllLines(Path.Combine(ssh, "sshd_config")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(w => w is ["ListenAddress", _]);
        int port = listen is [_, var address] && int.TryParse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : 0;
        string pub = Path.Combine(ssh, "ssh_host_ed25519_key.pub");
        string? hostKey = File.Exists(pub) && File.ReadAllText(pub).Split(' ') is [_, var blob, ..]
            ? "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(blob))).TrimEnd('=')
            : null;
        string key = Path.Combine(lab, "keys", user);
        string? home = File.Exists(Path.Combine(lab, "rootfs-etc", "passwd"))
            ? File.ReadAllLines(Path.Combine(lab, "rootfs-etc", "passwd")).Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == user)?[5]
            : null;
        if (port == 0) problems.Add($"{name}: no 'ListenAddress 127.0.0.1:PORT' in {Path.Combine(ssh, "sshd_config")}");
        if (hostKey is null) problems.Add($"{name}: no host key at {pub}");
        if (!File.Exists(key)) problems.Add($"{name}: no key of user {user} at {key}");
        if (home is null) problems.Add($"{name}: user {user} not in {Path.Combine(lab, "rootfs-etc", "passwd")}");
        return port == 0 || hostKey is null || home is null ? null
            : new SlurmBenchLogin(user, port, hostKey, Path.Combine(ssh, "known_hosts"), key, Path.Combine(folder, "log", "sshd.log"), home);
    }

    // slurm.conf lines are KEY=VALUE words; a node line's CPUs and RealMemory size it, the partition marked
    // Default=YES is where sbatch without -p goes (and so where the broker is told to send jobs too).
    private static (string? Partition, int Nodes, int Cpus, int MemoryMiB) ReadConfig(IEnumerable<string> lines)
    {
        string? partition = null;
        int nodes = 0, cpus = int.MaxValue, memory = int.MaxValue;
        foreach (string line in lines)
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.Split('=', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p.First(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.OrdinalIgnoreCase);
            if (words.TryGetValue("NodeName", out _) && Number(words, "CPUs") is { } c && Number(words, "RealMemory") is { } m)
            {
                nodes++;
                (cpus, memory) = (Math.Min(cpus, c), Math.Min(memory, m));
            }
            else if (words.TryGetValue("PartitionName", out string? p) && words.TryGetValue("Default", out string? d) && d.Equals("YES", StringComparison.OrdinalIgnoreCase))
                partition = p;
        }
        return nodes == 0 ? (partition, 0, 0, 0) : (partition, nodes, cpus, memory);
    }

    private static int? Number(Dictionary<string, string> words, string key) =>
        words.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}
