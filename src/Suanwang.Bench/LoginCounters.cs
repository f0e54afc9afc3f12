namespace Suanwang.Bench;

/// <summary>
/// Counts what the lab's login nodes do for a run: SSH connections from sshd's log (one "Accepted publickey for USER"
/// line each) and commands from the login user's <c>~/.ssh/rc</c>, which sshd runs once per session (each command, each
/// SFTP session) and which this class installs for the run (appending the session's <c>SLURM_CONF</c>, which the lab's
/// sshd sets per cluster, to a file) and removes on dispose. A user that already has an rc file keeps it; commands are
/// then not counted.
/// </summary>
internal sealed class LoginCounters : IDisposable
{
    private const string CounterName = "suanwang-bench-sessions";
    private const string Rc = "# Written by suanwang bench slurm for one run: counts this login's sessions.\necho \"$SLURM_CONF\" >> \"$HOME/.ssh/" + CounterName + "\"\n";

    private readonly IReadOnlyList<SlurmBenchCluster> _clusters;
    private readonly List<string> _installed = [];

    private LoginCounters(IReadOnlyList<SlurmBenchCluster> clusters) => _clusters = clusters;

    /// <summary>The counts so far, per cluster: connections, commands (-1: not counted).</summary>
    public sealed record Snapshot(DateTimeOffset At, IReadOnlyDictionary<string, (int Connections, long Commands)> PerCluster);

    /// <summary>Installs the session counter in each login user's home (once per home).</summary>
    public static LoginCounters Install(IReadOnlyList<SlurmBenchCluster> clusters)
    {
        var counters = new LoginCounters(clusters);
        foreach (string home in clusters.Where(c => c.Login is not null).Select(c => c.Login!.Home).Distinct(StringComparer.Ordinal))
        {
            string ssh = Path.Combine(home, ".ssh"), rc = Path.Combine(ssh, "rc");
            if (File.Exists(rc)) continue;
            Directory.CreateDirectory(ssh);
            string counter = Path.Combine(ssh, CounterName);
            File.WriteAllText(counter, "");
            File.WriteAllText(rc, Rc);
            if (!OperatingSystem.IsWindows())
            {
                // Written by this process (root), appended to by the login user.
                File.SetUnixFileMode(ssh, (UnixFileMode)Convert.ToInt32("755", 8));
                File.SetUnixFileMode(counter, (UnixFileMode)Convert.ToInt32("666", 8));
                File.SetUnixFileMode(rc, (UnixFileMode)Convert.ToInt32("644", 8));
            }
            counters._installed.Add(ssh);
        }
        return counters;
    }

    /// <summary>Reads the counts now.</summary>
    public Snapshot Read()
    {
        var perCluster = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        foreach (var c in _clusters.Where(c => c.Login is not null))
        {
            var login = c.Login!;
            string accepted = $"Accepted publickey for {login.User} from";
            int connections = File.Exists(login.SshdLog) ? ReadLines(login.SshdLog).Count(l => l.Contains(accepted, StringComparison.Ordinal)) : 0;
            string counter = Path.Combine(login.Home, ".ssh", CounterName);
            long commands = _installed.Contains(Path.Combine(login.Home, ".ssh")) && File.Exists(counter)
                ? ReadLines(counter).LongCount(l => l == c.ConfigFile)
                : -1;
            perCluster[c.Name] = (connections, commands);
        }
        return new Snapshot(DateTimeOffset.UtcNow, perCluster);
    }

    /// <summary>What happened since <paramref name="before"/>, over <paramref name="seconds"/> (the measured span; now when null).</summary>
    public SlurmBenchSsh Since(Snapshot before, double? seconds, int jobs)
    {
        var now = Read();
        int connections = now.PerCluster.Sum(p => p.Value.Connections - before.PerCluster.GetValueOrDefault(p.Key).Connections);
        bool counted = now.PerCluster.Values.All(v => v.Commands >= 0);
        long commands = counted ? now.PerCluster.Sum(p => p.Value.Commands - before.PerCluster.GetValueOrDefault(p.Key).Commands) : -1;
        return new SlurmBenchSsh(connections, commands, (seconds ?? (now.At - before.At).TotalSeconds) / 60, jobs);
    }

    // sshd and the login user append while this reads: share the file.
    private static List<string> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>Removes the rc files and counters this installed.</summary>
    public void Dispose()
    {
        foreach (string ssh in _installed)
        {
            try
            {
                File.Delete(Path.Combine(ssh, "rc"));
                File.Delete(Path.Combine(ssh, CounterName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The lab's home folders go with the lab.
            }
        }
        _installed.Clear();
    }
}
