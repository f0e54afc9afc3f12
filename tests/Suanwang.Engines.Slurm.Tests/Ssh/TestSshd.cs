using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 for one test class: its own host keys (ed25519 and ECDSA), a user key whose
/// public half is the only authorized key, root as the login user (through <c>AuthorizedKeysFile</c> in its own
/// folder: no account is created). Started as a child (<c>sshd -D -e</c>) and killed at the end; its log is kept to
/// count logins. Needs Debian's openssh-server (<c>scripts/setup.sh test</c>) and root.
/// </summary>
public sealed class TestSshd : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sw-sshd-test-").FullName;

    public int Port { get; private set; }

    public string UserKey => Path.Combine(Directory, "keys", "user_ed25519");

    public string HostKeyEd25519Pub => Path.Combine(Directory, "host_ed25519.pub");

    public string HostKeyEcdsaPub => Path.Combine(Directory, "host_ecdsa.pub");

    /// <summary>The folder a policy must allow for <see cref="UserKey"/>.</summary>
    public string KeyDirectory => Path.Combine(Directory, "keys");

    /// <summary>Extra lines for sshd_config (e.g. <c>SetEnv SLURM_CONF=…</c>), set before <see cref="InitializeAsync"/>.</summary>
    public List<string> ExtraConfig { get; } = [];

    /// <summary>What sshd has logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Successful logins so far (one per SSH connection that authenticated).</summary>
    public int Logins => Log.Split('\n').Count(l => l.Contains("Accepted publickey", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/sshd"))
            throw new InvalidOperationException("/usr/sbin/sshd is missing: run 'bash scripts/setup.sh test' (installs openssh-server)");
        System.IO.Directory.CreateDirectory(KeyDirectory);
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f", Path.Combine(Directory, "host_ed25519"));
        await RunAsync("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test-host", "-f", Path.Combine(Directory, "host_ecdsa"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-user", "-f", UserKey);
        File.Copy(UserKey + ".pub", Path.Combine(Directory, "authorized_keys"));
        // sshd refuses to start without its privilege separation folder (systemd creates it on a real host).
        System.IO.Directory.CreateDirectory("/run/sshd");

        Port = FreePort();
        string config = Path.Combine(Directory, "sshd_config");
        File.WriteAllLines(config,
        [
            "ListenAddress 127.0.0.1",
            $"Port {Port}",
            $"HostKey {Path.Combine(Directory, "host_ed25519")}",
            $"HostKey {Path.Combine(Directory, "host_ecdsa")}",
            $"PidFile {Path.Combine(Directory, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(Directory, "authorized_keys")}",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "LogLevel VERBOSE",
            "Subsystem sftp internal-sftp",
            .. ExtraConfig,
        ]);
        var start = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-D", "-e", "-f", config }) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!Log.Contains("Server listening", StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"sshd exited ({_process.ExitCode}):\n{Log}");
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"sshd did not start listening within 60 s:\n{Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>The pin of a host key as the setting takes it: <c>ssh-keygen -lf</c>'s line, or the public key line.</summary>
    public async Task<string> FingerprintAsync(string publicKeyFile) => (await RunAsync("ssh-keygen", "-l", "-f", publicKeyFile)).Trim();

    public string PublicKeyLine(string publicKeyFile) => File.ReadAllText(publicKeyFile).Trim();

    /// <summary>Freezes the server and every session process it started (SIGSTOP), as a hung login node.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Lets it go on (SIGCONT).</summary>
    public void Thaw() => Signal("CONT");

    /// <summary>Ends every session process (each connection's own sshd), leaving the listener: open connections drop.</summary>
    public void DropSessions()
    {
        foreach (int pid in Descendants(_process!.Id).ToList())
        {
            using var kill = Process.Start("kill", ["-s", "KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private void Signal(string signal)
    {
        var pids = new List<int> { _process!.Id };
        pids.AddRange(Descendants(_process.Id));
        foreach (int pid in pids)
        {
            using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        foreach (string dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int child)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
            string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(rest[1], out int parent) && parent == pid)
            {
                yield return child;
                foreach (int grandchild in Descendants(child)) yield return grandchild;
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Thaw();
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {Directory}: {e.Message}");
        }
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
