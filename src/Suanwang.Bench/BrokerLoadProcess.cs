using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Suanwang.Api;
using Suanwang.Store.Connection;

namespace Suanwang.Bench;

/// <summary>The load benchmark could not run (the broker did not start, refused the set-up, …); the message says why.</summary>
public sealed class BrokerLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A broker started as a child process (<c>suanwang serve</c>, the running executable) on a fresh data folder
/// and a free loopback port, for one benchmark run. Disposing it stops the broker, kills any run its local
/// centers left behind and deletes the data folder, whatever state the run ended in.
/// </summary>
public sealed class BrokerLoadProcess : IAsyncDisposable
{
    private const int LogLines = 40;
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly Queue<string> _log = new();
    private bool _disposed;

    private BrokerLoadProcess(Process process, string dataDirectory, Uri url)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Url = url;
    }

    /// <summary>The broker's base URL (http://127.0.0.1:PORT).</summary>
    public Uri Url { get; }

    /// <summary>The broker's data folder (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The broker's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the broker has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The bootstrap admin token the broker wrote on first start.</summary>
    public string AdminToken { get; private set; } = "";

    /// <summary>
    /// Starts <c>suanwang serve</c> on a new data folder (its SQLite store there unless <paramref name="store"/> names
    /// another) with the per-tenant submission limit raised out of the way, waits until <c>/readyz</c> answers 200 and
    /// reads the admin token. On any failure the broker is stopped and its folder removed before this throws.
    /// </summary>
    /// <param name="label">A short name for the data folder (e.g. the store).</param>
    /// <param name="store">The store location to pass as <c>--store</c>; null for SQLite in the data folder.</param>
    /// <param name="readyTimeout">How long to wait for readiness.</param>
    /// <param name="cancellationToken">Cancels the wait (the broker is then stopped).</param>
    /// <param name="serveArguments">More arguments for <c>suanwang serve</c> (e.g. <c>--slurm-socket-dir</c>).</param>
    /// <exception cref="BrokerLoadException">The broker exited or was not ready in time (with the tail of its output), or wrote no admin token.</exception>
    public static async Task<BrokerLoadProcess> StartAsync(string label, string? store, TimeSpan readyTimeout, CancellationToken cancellationToken,
        IEnumerable<string>? serveArguments = null)
    {
        var (file, prefix) = Self();
        string data = Path.Combine(Path.GetTempPath(), $"suanwang-load-{Environment.ProcessId}-{label}");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        var args = new List<string>(prefix) { "serve", "--data", data, "--urls", url.GetLeftPart(UriPartial.Authority), "--submit-rate", "100000",
            // A measured run queues far more jobs per tenant than any real tenant keeps waiting: the cap must not bind either.
            "--max-unfinished-jobs", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (store is not null) { args.Add("--store"); args.Add(store); }
        args.AddRange(serveArguments ?? []);
        foreach (string a in args) info.ArgumentList.Add(a);

        var process = new Process { StartInfo = info };
        BrokerLoadProcess broker;
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            Directory.Delete(data, recursive: true);
            throw new BrokerLoadException($"could not start the broker ({file} {string.Join(' ', args)}): {e.Message}", e);
        }
        broker = new BrokerLoadProcess(process, data, url);
        try
        {
            process.OutputDataReceived += (_, line) => broker.Keep(line.Data);
            process.ErrorDataReceived += (_, line) => broker.Keep(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await broker.WaitReadyAsync(readyTimeout, cancellationToken);
            string tokenFile = Path.Combine(data, "tokens", "admin.token");
            if (!File.Exists(tokenFile))
                throw new BrokerLoadException($"the broker wrote no admin token ({tokenFile}): its store already had one, so it is not a fresh database. " +
                                              "Give --postgres an empty database, e.g. the URL 'bash scripts/postgres.sh start DIR' prints for a new DIR.");
            broker.AdminToken = (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The broker's CPU time so far (see <see cref="CpuTimeOf"/>).</summary>
    public TimeSpan CpuTime => CpuTimeOf(_process.Id);

    /// <summary>
    /// A process's CPU time so far: user + system time of its threads (utime + stime, fields 14 and 15 of
    /// <c>/proc/PID/stat</c>, in clock ticks); zero when unreadable.
    /// </summary>
    public static TimeSpan CpuTimeOf(int pid)
    {
        string? stat = TryRead($"/proc/{pid}/stat");
        if (stat is null) return TimeSpan.Zero;
        // Fields after the parenthesised command name (which may contain spaces) start at field 3.
        string[] fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long system)) return TimeSpan.Zero;
        return TimeSpan.FromSeconds((double)(user + system) / ClockTicksPerSecond);
    }

    /// <summary>The kernel's USER_HZ: clock ticks per second in /proc's CPU times.</summary>
    internal static readonly long ClockTicksPerSecond = SysConf(ClockTicksName) is > 0 and var ticks ? ticks : 100;

    /// <summary>The broker's peak resident memory (VmHWM in <c>/proc/PID/status</c>), MiB; null when unreadable.</summary>
    public double? PeakMemoryMiB => ReadStatusKiB(_process.Id, "VmHWM:") is { } kib ? kib / 1024.0 : null;

    /// <summary>
    /// Resets the peak resident memory to the current resident memory (writes 5 to <c>/proc/PID/clear_refs</c>,
    /// Linux 4.0+), so the next <see cref="PeakMemoryMiB"/> is the peak since now. False when the kernel refused.
    /// </summary>
    public bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The last lines the broker wrote (standard output and error), for error messages.</summary>
    public string LogTail()
    {
        lock (_log) return _log.Count == 0 ? "(no output)" : string.Join('\n', _log);
    }

    /// <summary>
    /// Stops the broker (SIGTERM, then SIGKILL for it and its children after <paramref name="grace"/>), kills the
    /// process group of any run its local centers started that is still going, and deletes the data folder.
    /// </summary>
    public async ValueTask StopAsync(TimeSpan grace)
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                if (Kill(_process.Id, SigTerm) != 0) _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(grace);
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or unkillable: the runs and the folder are cleaned up all the same.
        }
        finally
        {
            _process.Dispose();
            KillLeftoverRuns(DataDirectory);
            DeleteFolder(DataDirectory);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => StopAsync(TimeSpan.FromSeconds(10));

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLines) _log.Dequeue();
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri(Url, ApiRoutes.Ready);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // Let the output readers catch up with what the broker wrote before it exited.
                await _process.WaitForExitAsync(cancellationToken);
                throw new BrokerLoadException($"the broker exited with code {_process.ExitCode} before it was ready; its last output:\n{LogTail()}");
            }
            try
            {
                using var response = await http.GetAsync(ready, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "no answer within 5 s";
            }
            if (Stopwatch.GetTimestamp() > deadline)
                throw new BrokerLoadException($"the broker was not ready within {timeout.TotalSeconds:0} s ({ApiRoutes.Ready}: {last}); its last output:\n{LogTail()}");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static (string File, string[] Prefix) Self() =>
        SuanwangProgram.Command() ?? throw new BrokerLoadException("cannot tell which executable is running, to start the broker with");

    // A port the kernel has just handed out and released: free unless something takes it in between (the
    // broker then fails to bind and says so).
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // A local center starts each run in its own session under DATA/centers/CENTER/TOKEN/, writing the group's
    // id to 'started' and the exit status to 'exit'. A group without an exit may outlive the broker: kill it,
    // but only after checking that a process in that group still works in this data folder, so a group id
    // reused by someone else is never touched.
    private static void KillLeftoverRuns(string dataDirectory)
    {
        string centers = Path.Combine(dataDirectory, "centers");
        if (!Directory.Exists(centers)) return;
        int ownGroup = ProcessGroupOf(Environment.ProcessId) ?? 0;
        foreach (string started in Directory.EnumerateFiles(centers, "started", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }))
        {
            string run = Path.GetDirectoryName(started)!;
            if (File.Exists(Path.Combine(run, "exit"))) continue;
            string first = (TryRead(started) ?? "").Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int group) || group <= 1 || group == ownGroup) continue;
            if (GroupWorksIn(group, run)) Kill(-group, SigKill);
        }
    }

    private static bool GroupWorksIn(int group, string run)
    {
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || ProcessGroupOf(pid) != group) continue;
            string cmdline = (TryRead(Path.Combine(entry, "cmdline")) ?? "").Replace('\0', ' ');
            string? cwd = null;
            try { cwd = new FileInfo(Path.Combine(entry, "cwd")).LinkTarget; } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (cmdline.Contains(run, StringComparison.Ordinal) || (cwd is not null && cwd.StartsWith(run, StringComparison.Ordinal))) return true;
        }
        return false;
    }

    // Field 5 of /proc/PID/stat, after the parenthesised command name (which may itself contain spaces).
    private static int? ProcessGroupOf(int pid)
    {
        string? stat = TryRead($"/proc/{pid}/stat");
        if (stat is null) return null;
        string[] fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group) ? group : null;
    }

    private static long? ReadStatusKiB(int pid, string field)
    {
        string? status = TryRead($"/proc/{pid}/status");
        string? line = status?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        string? number = line?[field.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib : null;
    }

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static void DeleteFolder(string path)
    {
        for (int attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(200); }
        }
    }

    // kill(2): .NET's Process.Kill only sends SIGKILL, and a graceful stop wants SIGTERM; a negative pid names
    // a process group. Callers never pass 0, -1 or 1 (every process, or init).
    private static int Kill(int pid, int signal) =>
        pid is 0 or 1 or -1 ? throw new ArgumentOutOfRangeException(nameof(pid)) : NativeKill(pid, signal);

    private const int ClockTicksName = 2; // _SC_CLK_TCK

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}
