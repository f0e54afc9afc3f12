using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Suanwang.Engines.Local;

/// <summary>
/// One local center: runs jobs as real processes on this machine, each in its own directory under
/// <see cref="LocalEngineOptions.RunsDirectory"/>, at most <see cref="LocalEngineOptions.Slots"/> at once,
/// in FIFO order, each in a bubblewrap sandbox and (when the broker runs as root) as its tenant's own user
/// (<see cref="JobSandbox"/>, ADR 0007). The run directories are the engine's whole state, so runs outlive the process hosting
/// the engine: a new engine on the same directory re-attaches to running runs, reads finished ones and
/// queues pending ones again. Layout and lock protocol: see the project README.
/// </summary>
/// <remarks>
/// <para>Thread-safe. <see cref="FindAsync"/>, <see cref="ListAsync"/> and <see cref="ReportAsync"/> read
/// in-memory state and are cheap; a background loop (every <see cref="LocalEngineOptions.PollInterval"/>,
/// and at once after a submit, a cancel or a wrapper's exit) keeps it current: it detects exits, enforces
/// time limits, escalates stops from SIGTERM to SIGKILL and starts pending runs when capacity frees.</para>
/// <para>Capacity (slots, CPU cores, memory) is accounting: nothing confines a run's processes to the cores
/// or memory it asked for (no cgroups), accelerators are neither checked nor provided, and a multi-node
/// request runs once, on this machine.</para>
/// <para>Only one engine may serve a runs directory at a time (it holds <c>engine.lock</c> there).
/// <see cref="DisposeAsync"/> stops the loop and releases that lock but leaves running runs running.</para>
/// </remarks>
public sealed class LocalEngine : ICenterEngine
{
    /// <summary>The system PATH a run gets unless its job sets PATH.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const string Shell = "/bin/sh";

    private readonly LocalEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _runsDirectory;
    private readonly string _env;
    private readonly string _setsid;
    private readonly JobSandbox _sandbox;
    private readonly IReadOnlyList<ExposedPath> _exposed;
    private readonly int _engineLock;

    // _gate serialises everything that changes runs (submit, cancel, the loop's ticks); _sync guards the
    // dictionary and the published statuses so readers never wait behind disk or process work.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Run> _runs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private TaskCompletionSource _wake = NewWake();
    private long _nextSequence;
    private int _disposed;

    /// <summary>
    /// Opens the center: validates <paramref name="options"/> (exposed paths included), tries a sandbox once,
    /// creates the runs directory (0700), takes its <c>engine.lock</c>, reads every run in it back (re-attaching to
    /// running ones) and starts the loop.
    /// </summary>
    /// <param name="options">The center's settings.</param>
    /// <param name="time">The engine's clock.</param>
    /// <param name="logger">Where it logs; null for nowhere.</param>
    /// <param name="sandbox">The broker's job sandbox, shared by its local centers; null for one of this engine's own,
    /// which hides the runs directory and keeps its tenant → user id map in it.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it and the center).</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    /// <exception cref="InvalidOperationException">util-linux's setsid, flock or (as root) setpriv, coreutils' env (8.31 or later),
    /// bubblewrap or /bin/sh is missing, no sandbox can be made on this machine, or another engine serves the directory.</exception>
    public LocalEngine(LocalEngineOptions options, TimeProvider time, ILogger<LocalEngine>? logger, JobSandbox? sandbox = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException($"center '{options.CenterId}': the local engine runs processes on Linux only");
        _options = options;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _env = FindTool("env");
        _setsid = FindTool("setsid");
        FindTool("flock");
        if (!File.Exists(Shell)) throw new InvalidOperationException($"center '{options.CenterId}': the local engine needs {Shell}");
        CheckDefaultSignal();

        _runsDirectory = Path.GetFullPath(options.RunsDirectory);
        try
        {
            _sandbox = sandbox ?? JobSandbox.Create(new JobIsolation { HiddenDirectories = [_runsDirectory] }, Path.Combine(_runsDirectory, "tenant-uids.json"));
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"center '{options.CenterId}': {e.Message}", e);
        }
        var problems = new List<string>();
        _exposed = _sandbox.Checked(options.Expose, _runsDirectory, problems);
        if (problems.Count > 0) throw new ArgumentException($"local engine of center '{options.CenterId}': {string.Join("; ", problems)}");
        _sandbox.Probe(options.CenterId, _exposed);

        FileModes.PrivateDirectory(_runsDirectory);
        _engineLock = Native.TryHoldLock(Path.Combine(_runsDirectory, "engine.lock"));
        if (_engineLock < 0)
            throw new InvalidOperationException($"center '{options.CenterId}': another local engine already serves {_runsDirectory} (it holds engine.lock)");
        try
        {
            Rescan();
        }
        catch
        {
            Native.ReleaseLock(_engineLock);
            throw;
        }
        _loop = Task.Run(() => LoopAsync(_stopping.Token));
    }

    /// <inheritdoc />
    public string CenterId => _options.CenterId;

    /// <summary>The options the engine runs with.</summary>
    public LocalEngineOptions Options => _options;

    /// <inheritdoc />
    /// <remarks>
    /// The run's directory and <c>request.json</c> are on disk (fsynced) before this returns, so an
    /// acknowledged run survives a crash of the hosting process. A run that can never fit this center
    /// (CPU cores or memory beyond its totals), has no command, carries NUL characters, has an invalid time
    /// limit or a token that is not <c>[A-Za-z0-9._-]</c> is rejected. When the disk write fails the
    /// engine throws <see cref="EngineUnavailableException"/> and keeps nothing.
    /// </remarks>
    public async Task<RunStatus> SubmitAsync(DispatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        if (!RunNames.IsSafeName(request.DispatchToken))
            throw new EngineRejectedException($"center '{CenterId}': dispatch token '{request.DispatchToken}' must be 1-{RunNames.MaxLength} of [A-Za-z0-9._-], starting with a letter or digit");

        Run run;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            lock (_sync)
            {
                if (_runs.TryGetValue(request.DispatchToken, out Run? existing)) return existing.Status;
            }
            if (Problems(request) is { } problems)
                throw new EngineRejectedException($"center '{CenterId}' refuses run {request.DispatchToken}: {problems}");

            DateTimeOffset now = _time.GetUtcNow();
            var files = new RunFiles(Path.Combine(_runsDirectory, request.DispatchToken));
            var stored = new StoredRun(StoredRun.CurrentFormat, CenterId, now, request);
            try
            {
                FileModes.PrivateDirectory(files.Directory);
                AtomicFile.Write(files.Request, stored.ToJson());
                Native.FsyncDirectory(_runsDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(files.Directory);
                throw new EngineUnavailableException($"center '{CenterId}' could not record run {request.DispatchToken}: {e.Message}", e);
            }

            run = new Run(request.DispatchToken, files, stored) { Sequence = _nextSequence++ };
            lock (_sync) _runs.Add(run.Token, run);
            Publish(run);
            Log.RunAccepted(_logger, CenterId, run.Token, request.JobId, request.Attempt);
        }
        finally
        {
            _gate.Release();
        }
        Wake();
        return run.Status;
    }

    /// <inheritdoc />
    public Task<RunStatus?> FindAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        lock (_sync)
        {
            return Task.FromResult(dispatchToken is not null && _runs.TryGetValue(dispatchToken, out Run? run) ? run.Status : null);
        }
    }

    /// <inheritdoc />
    /// <remarks>Ordered by submission.</remarks>
    public Task<IReadOnlyList<RunStatus>> ListAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        lock (_sync)
        {
            IReadOnlyList<RunStatus> list = _runs.Values.OrderBy(r => r.Sequence).Select(r => r.Status).ToArray();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A pending run gets a <c>cancelled</c> marker and is Cancelled at once; the run wrapper checks the
    /// marker under the run's lock, so a run being launched at that moment never starts either. A running
    /// run gets the marker and SIGTERM to its whole process group, then SIGKILL after
    /// <see cref="LocalEngineOptions.KillGracePeriod"/>; it stays Running (with a message saying it is
    /// stopping) until none of its processes holds the run's lock, then it is Cancelled. True for a run
    /// already being cancelled.
    /// </remarks>
    public async Task<bool> CancelAsync(string dispatchToken, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (!RunNames.IsSafeName(dispatchToken)) return false;
        bool cancelled;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            Run? run;
            lock (_sync) _runs.TryGetValue(dispatchToken, out run);
            cancelled = run is not null && Cancel(run, _time.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
        if (cancelled) Wake();
        return cancelled;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="maxBytes"/> must be at least 4 (one UTF-8 character) and is capped at 4 MiB. A run
    /// that has not started reads as empty. Output is kept until the run is forgotten
    /// (<see cref="LocalEngineOptions.Retention"/>). The file is opened inside the run directory with no link
    /// followed; anything but a regular file with one link in its place throws <see cref="OutputUnavailableException"/>
    /// and is never read.
    /// </remarks>
    public async Task<OutputChunk?> ReadOutputAsync(string dispatchToken, OutputStream stream, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (!RunNames.IsSafeName(dispatchToken)) return null;
        Run? run;
        bool finished;
        lock (_sync)
        {
            if (!_runs.TryGetValue(dispatchToken, out run)) return null;
            finished = run.Status.IsFinished;
        }
        try
        {
            return await OutputFileReader.ReadAsync(run.Files.Directory, RunFiles.OutputName(stream), offset, maxBytes, finished, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineUnavailableException($"center '{CenterId}' could not read the output of run {dispatchToken}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Running counts runs being launched; CPU cores and memory in use are what running runs asked for.</remarks>
    public Task<EngineReport> ReportAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        int running = 0, pending = 0;
        double cpus = 0, memory = 0;
        lock (_sync)
        {
            foreach (Run run in _runs.Values)
            {
                if (run.PublishedPhase == Phase.Pending) pending++;
                if (run.PublishedPhase is Phase.Launching or Phase.Running)
                {
                    running++;
                    cpus += run.Cpus;
                    memory += run.MemoryGiB;
                }
            }
        }
        return Task.FromResult(new EngineReport(CenterId, true, _options.Slots, running, pending,
            _options.Cpus, cpus, _options.MemoryGiB, memory, _time.GetUtcNow()));
    }

    /// <summary>
    /// Stops the loop and releases the runs directory. Running runs keep running (they outlive the
    /// hosting process by design) and a new engine on the directory re-attaches to them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        Wake();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_sync)
            {
                foreach (Run run in _runs.Values) run.DisposeWrapper();
            }
            Native.ReleaseLock(_engineLock);
        }
        finally
        {
            _gate.Release();
        }
        _stopping.Dispose();
    }

    // ---- the loop -------------------------------------------------------------------------------

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TaskCompletionSource wake = Volatile.Read(ref _wake);
            if (wake.Task.IsCompleted)
            {
                wake = NewWake();
                Volatile.Write(ref _wake, wake);
            }
            try
            {
                await _gate.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    Tick(_time.GetUtcNow());
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.LoopFailed(_logger, CenterId, e);
            }

            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task delay = Task.Delay(_options.PollInterval, _time, sleep.Token);
            await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
            await sleep.CancelAsync().ConfigureAwait(false);
        }
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Tick(DateTimeOffset now)
    {
        Run[] runs;
        lock (_sync) runs = _runs.Values.OrderBy(r => r.Sequence).ToArray();

        foreach (Run run in runs)
        {
            if (run.Phase is not (Phase.Launching or Phase.Running)) continue;
            try
            {
                Observe(run, now);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Win32Exception)
            {
                Log.RunTickFailed(_logger, CenterId, run.Token, e);
            }
        }

        StartPending(runs, now);
        ForgetExpired(runs, now);
    }

    private void StartPending(Run[] runs, DateTimeOffset now)
    {
        int slots = 0, cpus = 0;
        double memory = 0;
        foreach (Run run in runs)
        {
            if (run.Phase is not (Phase.Launching or Phase.Running)) continue;
            slots++;
            cpus += run.Cpus;
            memory += run.MemoryGiB;
        }
        // Strict FIFO: the oldest pending run waits for room rather than being overtaken by smaller ones.
        foreach (Run run in runs)
        {
            if (run.Phase != Phase.Pending) continue;
            if (slots + 1 > _options.Slots || cpus + run.Cpus > _options.Cpus || memory + run.MemoryGiB > _options.MemoryGiB) return;
            Launch(run, now);
            if (run.Phase != Phase.Launching) continue;
            slots++;
            cpus += run.Cpus;
            memory += run.MemoryGiB;
        }
    }

    private void ForgetExpired(Run[] runs, DateTimeOffset now)
    {
        foreach (Run run in runs)
        {
            if (run.Phase != Phase.Finished || run.Status.EndedAt is not { } ended || ended + _options.Retention > now) continue;
            try
            {
                if (Directory.Exists(run.Files.Directory)) Directory.Delete(run.Files.Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.RunTickFailed(_logger, CenterId, run.Token, e);
                continue;
            }
            lock (_sync) _runs.Remove(run.Token);
            Log.Forgotten(_logger, CenterId, run.Token, ended);
        }
    }

    // ---- one run's transitions ---------------------------------------------------------------------

    private void Launch(Run run, DateTimeOffset now)
    {
        DispatchRequest request = run.Request!;
        try
        {
            JobIdentity identity = _sandbox.IdentityFor(request.Tenant);
            JobDirectory(run.Files.Work, identity);
            JobDirectory(run.Files.Temp, identity);
            _sandbox.WriteAccounts(run.Files, identity, request.Tenant ?? "");
            var argv = new List<string>(request.Job.Command);
            bool withScript = request.Job.Script is not null;
            if (request.Job.Script is { } script)
            {
                // Shown read-only in the sandbox, at the same path; the run directory keeps everyone else out.
                AtomicFile.Write(run.Files.Script, Encoding.UTF8.GetBytes(script), AtomicFile.SharedReadable);
                argv.Add(run.Files.Script);
            }

            var start = new ProcessStartInfo(_env)
            {
                UseShellExecute = false,
                WorkingDirectory = run.Files.Directory,
            };
            // env --default-signal: a .NET host ignores SIGPIPE and children inherit ignored signals, so
            // without it `producer | head` in a job would see EPIPE errors instead of a quiet SIGPIPE.
            // setsid makes the wrapper a session and process group leader (its pid is the group id it
            // writes to `started`); --wait keeps our child the wrapper's parent even if setsid had to fork.
            foreach (string arg in (string[])["--default-signal", _setsid, "--wait", Shell, "-c", RunWrapper.Script, RunWrapper.Name, run.Files.Directory])
                start.ArgumentList.Add(arg);
            // The wrapper runs the job through the sandbox; the job's environment is set inside it, after the switch to
            // the job's user, so nothing a tenant chooses (LD_PRELOAD…) reaches the wrapper, bwrap or setpriv.
            foreach (string arg in _sandbox.Command(run.Files, identity, _exposed, withScript, RunEnvironment(run), argv))
                start.ArgumentList.Add(arg);
            start.Environment.Clear();
            start.Environment["PATH"] = DefaultPath;
            start.Environment["LANG"] = "C.UTF-8";

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.Exited += (_, _) => Wake();
            try
            {
                process.Start();
            }
            catch
            {
                process.Dispose();
                throw;
            }
            run.Wrapper = process;
            run.Phase = Phase.Launching;
            Publish(run);
            Log.RunLaunched(_logger, CenterId, run.Token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or InvalidOperationException)
        {
            string reason = $"could not start: {e.Message}";
            TryWriteMarker(run, run.Files.StartFailed, now, reason);
            Finish(run, RunState.Failed, null, reason, now);
        }
    }

    /// <summary>
    /// The run's whole environment: a minimal one, the job's, then Suanwang's variables. Never the host's. Applied by
    /// <c>env -i</c> inside the sandbox once the job runs as its own user.
    /// </summary>
    private Dictionary<string, string> RunEnvironment(Run run)
    {
        DispatchRequest request = run.Request!;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = DefaultPath,
            ["HOME"] = run.Files.Work,
            ["LANG"] = "C.UTF-8",
            ["TMPDIR"] = run.Files.Temp,
        };
        foreach ((string name, string value) in request.Job.Environment) environment[name] = value;
        environment["SUANWANG_JOB_ID"] = request.JobId;
        environment["SUANWANG_ATTEMPT"] = request.Attempt.ToString(CultureInfo.InvariantCulture);
        environment["SUANWANG_DISPATCH_TOKEN"] = request.DispatchToken;
        environment["SUANWANG_CENTER"] = CenterId;
        return environment;
    }

    private void Observe(Run run, DateTimeOffset now)
    {
        if (run.Phase == Phase.Launching) ObserveLaunching(run, now);
        if (run.Phase == Phase.Running) ObserveRunning(run, now);
    }

    private void ObserveLaunching(Run run, DateTimeOffset now)
    {
        if (run.Files.ReadStarted() is { } started)
        {
            BecomeRunning(run, started);
            return;
        }
        if (run.Wrapper is { } wrapper)
        {
            if (!wrapper.HasExited) return;
            int code = wrapper.ExitCode;
            run.DisposeWrapper();
            if (run.Files.ReadStarted() is { } late)
            {
                BecomeRunning(run, late);
                return;
            }
            if (code != RunWrapper.NotStartedByThisWrapper)
            {
                string log = run.Files.WrapperLogTail();
                string reason = $"could not start: the run wrapper exited with status {code} before starting the command"
                    + (log.Length > 0 ? $": {log}" : "");
                TryWriteMarker(run, run.Files.StartFailed, now, reason);
                Finish(run, RunState.Failed, null, reason, now);
                return;
            }
        }
        // No wrapper of ours is starting it (it declined, or a previous engine launched it): the lock says
        // whether another wrapper is still at it.
        if (Native.IsLockHeld(run.Files.Lock)) return;
        if (run.Files.ReadStarted() is { } found)
        {
            BecomeRunning(run, found);
        }
        else if (run.Files.ReadMarker(run.Files.Cancelled) is { } cancelled)
        {
            Finish(run, RunState.Cancelled, null, "cancelled before it started", cancelled.At);
        }
        else
        {
            run.Phase = Phase.Pending;
            Publish(run);
            Log.Requeued(_logger, CenterId, run.Token);
        }
    }

    private void BecomeRunning(Run run, (int ProcessGroupId, DateTimeOffset At) started, bool reattached = false)
    {
        run.Phase = Phase.Running;
        run.ProcessGroupId = started.ProcessGroupId;
        run.StartedAt = started.At;
        if (run.Stop == StopKind.None)
        {
            if (run.Files.ReadMarker(run.Files.Cancelled) is { } cancelled) run.RequestStop(StopKind.Cancel, cancelled.At);
            else if (run.Files.ReadMarker(run.Files.TimedOut) is { } timedOut) run.RequestStop(StopKind.TimeLimit, timedOut.At);
        }
        Publish(run);
        if (!reattached) Log.RunRunning(_logger, CenterId, run.Token, run.ProcessGroupId);
    }

    private void ObserveRunning(Run run, DateTimeOffset now)
    {
        if (run.Files.ReadExit() is not null)
        {
            FinishFromFiles(run, now);
            return;
        }
        if (!Native.IsLockHeld(run.Files.Lock))
        {
            // Every process of the run is gone. The exit may have been written just before the lock freed,
            // so the files decide: exit, cancelled, timed out, or lost.
            FinishFromFiles(run, now);
            return;
        }

        if (run.Stop == StopKind.None && run.TimeLimit is { } limit && run.StartedAt is { } startedAt && now >= startedAt + limit)
        {
            run.Files.WriteMarker(run.Files.TimedOut, now, Describe(limit));
            run.RequestStop(StopKind.TimeLimit, now);
            Publish(run);
        }
        if (run.Stop != StopKind.None) Escalate(run, now);
    }

    /// <summary>SIGTERM to the run's process group at once, SIGKILL after the grace period.</summary>
    private void Escalate(Run run, DateTimeOffset now)
    {
        if (run.ProcessGroupId <= 1) return;
        string reason = run.Stop == StopKind.Cancel ? "cancel requested" : "time limit exceeded";
        if (!run.TermSent)
        {
            run.TermSent = true;
            Native.SignalProcessGroup(run.ProcessGroupId, Native.SigTerm);
            Log.Signalled(_logger, CenterId, run.Token, Native.SigTerm, run.ProcessGroupId, reason);
        }
        TimeSpan grace = _options.KillGracePeriod;
        if (!run.KillSent && now - run.StopRequestedAt >= grace)
        {
            run.KillSent = true;
            Native.SignalProcessGroup(run.ProcessGroupId, Native.SigKill);
            Log.Signalled(_logger, CenterId, run.Token, Native.SigKill, run.ProcessGroupId, reason);
        }
        // SIGKILL ends every process in the group at once. One still holding the lock after another grace
        // period left the group (setsid, daemonising) with the lock inherited: it cannot be found from here,
        // so the run is ended anyway and the message says what is left.
        if (run.KillSent && now - run.StopRequestedAt >= grace + Max(grace, TimeSpan.FromSeconds(5)))
            FinishFromFiles(run, now, "; a process that left its process group still holds the run's lock and was not stopped");
    }

    private bool Cancel(Run run, DateTimeOffset now)
    {
        switch (run.Phase)
        {
            case Phase.Pending:
                run.Files.WriteMarker(run.Files.Cancelled, now, "cancelled before it started");
                Finish(run, RunState.Cancelled, null, "cancelled before it started", now);
                return true;
            case Phase.Launching:
                if (run.Stop != StopKind.Cancel)
                {
                    run.Files.WriteMarker(run.Files.Cancelled, now);
                    run.RequestStop(StopKind.Cancel, now);
                    Publish(run);
                }
                return true;
            case Phase.Running:
                ObserveRunning(run, now);
                if (run.Phase == Phase.Finished) return false;
                if (run.Stop != StopKind.Cancel)
                {
                    run.Files.WriteMarker(run.Files.Cancelled, now);
                    run.RequestStop(StopKind.Cancel, now);
                    Publish(run);
                    Escalate(run, now);
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Ends a started run as its files say. Only called once its processes are gone (or given up on).</summary>
    private void FinishFromFiles(Run run, DateTimeOffset now, string? note = null)
    {
        RunFiles files = run.Files;
        (int? Code, DateTimeOffset At)? exit = files.ReadExit();
        EngineMarker? cancelled = files.ReadMarker(files.Cancelled);
        EngineMarker? timedOut = files.ReadMarker(files.TimedOut);

        DateTimeOffset endedAt;
        if (exit is { } recorded)
        {
            endedAt = recorded.At;
        }
        else if (files.ReadMarker(files.Ended) is { } ended)
        {
            endedAt = ended.At;
        }
        else
        {
            files.WriteMarker(files.Ended, now);
            endedAt = now;
        }

        // A marker written after the exit was recorded came too late to matter (both are file times, one clock).
        bool Before(EngineMarker? marker) => marker is not null && (exit is null || marker.FileTime <= exit.Value.At);
        int? code = exit?.Code;
        if (Before(cancelled))
            Finish(run, RunState.Cancelled, code, "cancelled while running" + note, endedAt);
        else if (Before(timedOut))
            Finish(run, RunState.Failed, code, $"time limit of {timedOut!.Detail ?? Describe(run.TimeLimit ?? TimeSpan.Zero)} exceeded" + note, endedAt);
        else if (exit is null)
            Finish(run, RunState.Lost, null, "started, but its process is gone without a recorded exit" + note, endedAt);
        else if (code == 0)
            Finish(run, RunState.Succeeded, 0, note?.TrimStart(';', ' '), endedAt);
        else
            Finish(run, RunState.Failed, code, DescribeExit(code) + note, endedAt);
    }

    private void Finish(Run run, RunState state, int? exitCode, string? message, DateTimeOffset endedAt)
    {
        run.Phase = Phase.Finished;
        run.DisposeWrapper();
        Publish(run, new RunStatus(run.Token, state, exitCode, run.SubmittedAt, run.StartedAt, endedAt, message, run.EngineJobId));
        Log.RunFinished(_logger, CenterId, run.Token, state, exitCode, message);
    }

    private void Publish(Run run, RunStatus? finished = null)
    {
        RunStatus status = finished ?? run.Phase switch
        {
            Phase.Running => new RunStatus(run.Token, RunState.Running, null, run.SubmittedAt, run.StartedAt, null, StoppingMessage(run), run.EngineJobId),
            _ => new RunStatus(run.Token, RunState.Pending, null, run.SubmittedAt, null, null,
                run.Stop == StopKind.Cancel ? "cancel requested" : null, null),
        };
        lock (_sync)
        {
            run.Status = status;
            run.PublishedPhase = run.Phase;
        }
    }

    private static string? StoppingMessage(Run run) => run.Stop switch
    {
        StopKind.Cancel => "stopping: cancel requested",
        StopKind.TimeLimit => $"stopping: time limit of {Describe(run.TimeLimit ?? TimeSpan.Zero)} exceeded",
        _ => null,
    };

    // ---- reading the directory back -----------------------------------------------------------------

    private void Rescan()
    {
        DateTimeOffset now = _time.GetUtcNow();
        var found = new List<Run>();
        foreach (string directory in Directory.EnumerateDirectories(_runsDirectory))
        {
            string token = Path.GetFileName(directory);
            if (!RunNames.IsSafeName(token)) continue;
            var files = new RunFiles(directory);
            if (!File.Exists(files.Request))
            {
                // Never acknowledged: the crash came between creating the directory and request.json.
                if (!File.Exists(files.Started) && !Native.IsLockHeld(files.Lock))
                {
                    TryDelete(directory);
                    Log.IncompleteRemoved(_logger, CenterId, directory);
                }
                continue;
            }

            Run run;
            try
            {
                run = new Run(token, files, StoredRun.FromJson(File.ReadAllBytes(files.Request)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Log.Unreadable(_logger, CenterId, token, e);
                DateTimeOffset written = new(File.GetLastWriteTimeUtc(files.Request), TimeSpan.Zero);
                run = new Run(token, files, written);
                Finish(run, RunState.Failed, null, $"its request.json cannot be read: {e.Message}", written);
                found.Add(run);
                continue;
            }
            found.Add(run);
            Restore(run, now);
        }

        found.Sort((a, b) => a.SubmittedAt != b.SubmittedAt
            ? a.SubmittedAt.CompareTo(b.SubmittedAt)
            : string.CompareOrdinal(a.Token, b.Token));
        lock (_sync)
        {
            foreach (Run run in found)
            {
                run.Sequence = _nextSequence++;
                _runs.Add(run.Token, run);
            }
        }
        // Say so only when there is something to pick up: an empty center at start is the usual case.
        if (found.Count > 0)
            Log.Rescanned(_logger, CenterId, found.Count, _runsDirectory,
                found.Count(r => r.Phase == Phase.Pending), found.Count(r => r.Phase is Phase.Running or Phase.Launching));
    }

    /// <summary>Puts a run read back from disk in the phase its files and lock say.</summary>
    private void Restore(Run run, DateTimeOffset now)
    {
        RunFiles files = run.Files;
        if (files.ReadStarted() is { } started)
        {
            BecomeRunning(run, started, reattached: true);
            ObserveRunning(run, now);
            if (run.Phase == Phase.Running) Log.Reattached(_logger, CenterId, run.Token, run.ProcessGroupId);
            return;
        }
        bool held = Native.IsLockHeld(files.Lock);
        EngineMarker? cancelled = files.ReadMarker(files.Cancelled);
        if (!held && cancelled is not null)
        {
            Finish(run, RunState.Cancelled, null, "cancelled before it started", cancelled.At);
        }
        else if (!held && files.ReadMarker(files.StartFailed) is { } failed)
        {
            Finish(run, RunState.Failed, null, failed.Detail ?? "could not start", failed.At);
        }
        else if (held)
        {
            // A wrapper launched by the previous engine is starting it right now.
            run.Phase = Phase.Launching;
            if (cancelled is not null) run.RequestStop(StopKind.Cancel, cancelled.At);
            Publish(run);
        }
        else
        {
            run.Phase = Phase.Pending;
            Publish(run);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /// <summary>Why the engine refuses <paramref name="request"/>, or null when it may be queued.</summary>
    private string? Problems(DispatchRequest request)
    {
        var problems = new List<string>();
        var job = request.Job;
        if (job is null) return "the request has no job";
        if (job.Command is null || job.Command.Count == 0) problems.Add("the job has no command");
        else if (job.Command.Any(a => a is null || a.Contains('\0', StringComparison.Ordinal))) problems.Add("a command argument is missing or contains a NUL character");
        if (job.Environment is not null)
        {
            foreach ((string name, string value) in job.Environment)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
                    problems.Add($"environment variable name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is empty or contains '=' or NUL");
                else if (value is null || value.Contains('\0', StringComparison.Ordinal))
                    problems.Add($"environment variable {name} is missing or contains a NUL character");
            }
        }
        if (job.Script is { } script && script.Contains('\0', StringComparison.Ordinal)) problems.Add("the batch script contains a NUL character");
        if (job.Work?.TimeLimitHours is { } hours && (!double.IsFinite(hours) || hours <= 0))
            problems.Add($"time limit must be a positive number of hours, not {hours.ToString(CultureInfo.InvariantCulture)}");
        if (job.Resources is { } resources)
        {
            int cpus = Math.Max(1, resources.Cpus);
            if (cpus > _options.Cpus)
                problems.Add($"it needs {cpus} CPU cores and this center has {_options.Cpus} (engine setting 'cpus')");
            if (!double.IsFinite(resources.MemoryGiB) || resources.MemoryGiB < 0)
                problems.Add($"its memory request {resources.MemoryGiB.ToString(CultureInfo.InvariantCulture)} GiB is not a number of GiB");
            else if (resources.MemoryGiB > _options.MemoryGiB)
                problems.Add($"it needs {resources.MemoryGiB.ToString(CultureInfo.InvariantCulture)} GiB of memory and this center has {_options.MemoryGiB.ToString(CultureInfo.InvariantCulture)} GiB (engine setting 'memoryGiB')");
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Fails fast when env cannot reset signal handling (coreutils older than 8.31).</summary>
    private void CheckDefaultSignal()
    {
        var probe = new ProcessStartInfo(_env) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in (string[])["--default-signal", "true"]) probe.ArgumentList.Add(arg);
        probe.Environment.Clear();
        probe.Environment["PATH"] = DefaultPath;
        using Process process = Process.Start(probe)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"center '{_options.CenterId}': the local engine needs coreutils' env with --default-signal (8.31 or later): {error.Trim()}");
    }

    private string FindTool(string name)
    {
        foreach (string directory in DefaultPath.Split(':'))
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"center '{_options.CenterId}': the local engine needs '{name}' (util-linux, coreutils) in {DefaultPath}");
    }

    /// <summary>A folder the job owns (0700): its work/ or tmp/, given to its user when that is not the broker's.</summary>
    private static void JobDirectory(string path, JobIdentity identity)
    {
        FileModes.PrivateDirectory(path);
        if (identity.Switched) Native.ChangeOwner(path, identity.Uid, identity.Gid);
    }

    private void TryWriteMarker(Run run, string path, DateTimeOffset at, string detail)
    {
        try
        {
            run.Files.WriteMarker(path, at, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RunTickFailed(_logger, CenterId, run.Token, e);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next rescan, which removes directories without request.json.
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A duration as people read it: "2 h", "15 min", "1.5 s".</summary>
    internal static string Describe(TimeSpan limit) =>
        limit.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalHours:0.##} h")
        : limit.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMinutes:0.##} min")
        : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0.##} s");

    /// <summary>A non-zero exit status in words; above 128 a shell reports death by signal (status − 128).</summary>
    internal static string DescribeExit(int? code)
    {
        if (code is not { } status) return "exited with an unreadable status";
        if (status is > 128 and < 128 + 65)
        {
            int signal = status - 128;
            string name = signal switch
            {
                1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE",
                9 => "SIGKILL", 11 => "SIGSEGV", 13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM", 24 => "SIGXCPU",
                _ => $"signal {signal}",
            };
            return string.Create(CultureInfo.InvariantCulture, $"exited with status {status} (killed by {name}, or exited so)");
        }
        return string.Create(CultureInfo.InvariantCulture, $"exited with status {status}");
    }

    private enum Phase
    {
        Pending,
        Launching,
        Running,
        Finished,
    }

    private enum StopKind
    {
        None,
        Cancel,
        TimeLimit,
    }

    /// <summary>One run's in-memory state. Changed only under the gate; <see cref="Status"/> and <see cref="PublishedPhase"/> are read under the lock.</summary>
    private sealed class Run
    {
        public Run(string token, RunFiles files, StoredRun stored)
        {
            Token = token;
            Files = files;
            Request = stored.Request;
            SubmittedAt = stored.SubmittedAt;
            Cpus = Math.Max(1, stored.Request.Job.Resources?.Cpus ?? 1);
            MemoryGiB = Math.Max(0, stored.Request.Job.Resources?.MemoryGiB ?? 0);
            TimeLimit = stored.Request.Job.Work?.TimeLimitHours is { } hours && double.IsFinite(hours) && hours > 0
                ? TimeSpan.FromHours(hours)
                : null;
        }

        /// <summary>A run whose request cannot be read: known by its token only.</summary>
        public Run(string token, RunFiles files, DateTimeOffset submittedAt)
        {
            Token = token;
            Files = files;
            SubmittedAt = submittedAt;
        }

        public string Token { get; }
        public RunFiles Files { get; }
        public DispatchRequest? Request { get; }
        public DateTimeOffset SubmittedAt { get; }
        public int Cpus { get; }
        public double MemoryGiB { get; }
        public TimeSpan? TimeLimit { get; }
        public long Sequence { get; set; }

        public Phase Phase { get; set; }
        public Process? Wrapper { get; set; }
        public int ProcessGroupId { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public StopKind Stop { get; private set; }
        public DateTimeOffset StopRequestedAt { get; private set; }
        public bool TermSent { get; set; }
        public bool KillSent { get; set; }

        public RunStatus Status { get; set; } = null!;
        public Phase PublishedPhase { get; set; }

        public string? EngineJobId => ProcessGroupId > 1 ? ProcessGroupId.ToString(CultureInfo.InvariantCulture) : null;

        /// <summary>Asks for a stop; a cancel replaces a time-limit stop already under way but keeps its clock.</summary>
        public void RequestStop(StopKind kind, DateTimeOffset at)
        {
            if (Stop == StopKind.None) StopRequestedAt = at;
            Stop = kind;
        }

        /// <summary>Lets go of the wrapper's Process object; the process itself is not touched (.NET still reaps it).</summary>
        public void DisposeWrapper()
        {
            Wrapper?.Dispose();
            Wrapper = null;
        }
    }
}
