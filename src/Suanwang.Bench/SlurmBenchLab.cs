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
public sealed record SlurmBenchCluster(string Name, string ConfigFile, string Socket, string OutDirectory, string Partition, int Nodes, int CpusPerNode, int MemoryMiBPerNode);

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
    public static SlurmBenchLab Discover(string directory) => new(Path.GetFullPath(directory), Read(Path.GetFullPath(directory)), script: null);

    /// <summary>
    /// Brings up a new lab (<c>slurm-lab.sh up</c>) in a fresh temporary folder. <c>SLURM_LAB_PORT_BASE</c> in
    /// this process's environment picks its ports, as for the script. On failure the lab is taken down before this throws.
    /// </summary>
    /// <param name="script">The lab script.</param>
    /// <param name="progress">Told what is happening.</param>
    /// <param name="cancellationToken">Stops waiting (the lab is then taken down).</param>
    public static async Task<SlurmBenchLab> StartAsync(string script, Action<string> progress, CancellationToken cancellationToken)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("suanwang-bench-lab-").FullName;
        var lab = new SlurmBenchLab(directory, [], script);
        try
        {
            progress($"bringing up a Slurm lab in {directory} (ports from SLURM_LAB_PORT_BASE, default 17000)…");
            var (code, output) = await RunScriptAsync(script, "up", directory, cancellationToken);
            if (code != 0) throw new SlurmBenchException($"'bash {script} up {directory}' failed with exit code {code}:\n{output.TrimEnd()}");
            return new SlurmBenchLab(directory, Read(directory), script);
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

    private static IReadOnlyList<SlurmBenchCluster> Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new SlurmBenchException($"the lab folder {directory} does not exist");
        var clusters = new List<SlurmBenchCluster>();
        var problems = new List<string>();
        foreach (string folder in System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            string config = Path.Combine(folder, "slurm.conf");
            if (!File.Exists(config)) continue;
            string name = Path.GetFileName(folder);
            string socket = Path.Combine(folder, "rest", "slurmrestd.sock");
            string output = Path.Combine(folder, "out");
            if (!File.Exists(socket)) problems.Add($"{name}: no slurmrestd socket at {socket} (is the lab up?)");
            if (!System.IO.Directory.Exists(output)) problems.Add($"{name}: no output folder {output}");
            var (partition, nodes, cpus, memory) = ReadConfig(File.ReadAllLines(config));
            if (partition is null) problems.Add($"{name}: {config} has no default partition (PartitionName=… Default=YES)");
            if (nodes == 0 || cpus == 0 || memory == 0) problems.Add($"{name}: {config} has no node with CPUs= and RealMemory=");
            clusters.Add(new SlurmBenchCluster(name, config, socket, output, partition ?? "", nodes, cpus, memory));
        }
        if (clusters.Count == 0) problems.Add($"no cluster in {directory}: expected DIR/NAME/slurm.conf, as 'bash {Script} up DIR' makes");
        if (problems.Count > 0) throw new SlurmBenchException($"the lab in {directory} cannot be used: {string.Join("; ", problems)}");
        return clusters;
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
