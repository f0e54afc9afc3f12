using System.Globalization;
using Suanwang.Model.Jobs;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>Runs that wait on a <see cref="Gate"/>.</summary>
internal static class GatedRuns
{
    /// <summary>A run that waits until <paramref name="gate"/> opens (<see cref="Gate.Open"/>), then runs <paramref name="then"/>.</summary>
    public static RunBuilder After(Gate gate, string then) => Runs.Shell($"{gate.ShellWait}; {then}");
}

/// <summary>
/// A temporary root with one center's runs directory, a folder the center exposes to its jobs, the engines opened
/// on it, and clean-up: every engine disposed, every run's process group killed, the directories removed.
/// </summary>
internal sealed class TestCenter : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<LocalEngine> _engines = new();

    public TestCenter()
    {
        Root = Directory.CreateTempSubdirectory("suanwang-local-").FullName;
        Shared = SharedFolder.Create("suanwang-local-shared-");
    }

    /// <summary>The folder holding the runs directory (which jobs cannot see) and files the test puts beside it.</summary>
    public string Root { get; }

    /// <summary>
    /// A folder outside <see cref="Root"/> that <see cref="Open"/> exposes read-write to every job (writable by any user
    /// id), for gates and the files jobs leave for the test.
    /// </summary>
    public string Shared { get; }

    public string RunsDirectory => Path.Combine(Root, "runs");

    public string RunDirectory(string token) => Path.Combine(RunsDirectory, token);

    public Gate Gate(string name = "gate") => new(Path.Combine(Shared, name));

    public LocalEngine Open(int slots = 4, int cpus = 8, double memoryGiB = 64, TimeSpan? grace = null, TimeSpan? retention = null,
        Microsoft.Extensions.Logging.ILogger<LocalEngine>? logger = null, IReadOnlyList<ExposedPath>? expose = null, JobSandbox? sandbox = null)
    {
        var engine = new LocalEngine(new LocalEngineOptions
        {
            CenterId = "test-center",
            RunsDirectory = RunsDirectory,
            Slots = slots,
            Cpus = cpus,
            MemoryGiB = memoryGiB,
            PollInterval = TimeSpan.FromMilliseconds(50),
            KillGracePeriod = grace ?? TimeSpan.FromSeconds(1),
            Retention = retention ?? TimeSpan.FromDays(7),
            Expose = expose ?? [new ExposedPath(Shared, Shared, Writable: true)],
        }, TimeProvider.System, logger, sandbox);
        _engines.Add(engine);
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (LocalEngine engine in _engines) await engine.DisposeAsync();
        if (Directory.Exists(RunsDirectory))
        {
            foreach (string run in Directory.EnumerateDirectories(RunsDirectory))
            {
                if (new RunFiles(run).ReadStarted() is { ProcessGroupId: > 1 } started && Native.IsLockHeld(Path.Combine(run, "lock")))
                    Native.SignalProcessGroup(started.ProcessGroupId, Native.SigKill);
            }
        }
        foreach (string folder in (string[])[Root, Shared])
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A process killed a moment ago may still be closing files; the temp directory is harmless.
            }
        }
    }
}

internal static class Wait
{
    /// <summary>Polls until the run's status satisfies <paramref name="until"/>; fails with the last status seen.</summary>
    public static async Task<RunStatus> For(ICenterEngine engine, string token, Func<RunStatus, bool> until, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? TestCenter.Patience);
        RunStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await engine.FindAsync(token, default);
            if (last is not null && until(last)) return last;
            await Task.Delay(20);
        }
        throw new TimeoutException($"run {token} never got there; last status: {last}");
    }

    public static Task<RunStatus> Finished(ICenterEngine engine, string token, TimeSpan? patience = null) =>
        For(engine, token, s => s.IsFinished, patience);

    public static Task<RunStatus> Running(ICenterEngine engine, string token) =>
        For(engine, token, s => s.State == RunState.Running);

    /// <summary>Polls a condition on the machine (files, processes).</summary>
    public static async Task Until(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? TestCenter.Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return;
            await Task.Delay(20);
        }
        throw new TimeoutException($"never: {what}");
    }
}

internal static class Output
{
    /// <summary>The whole of a run's stream, read in chunks of <paramref name="chunkBytes"/>.</summary>
    public static async Task<string> All(ICenterEngine engine, string token, OutputStream stream = OutputStream.Stdout, int chunkBytes = 64 * 1024)
    {
        var text = new System.Text.StringBuilder();
        long offset = 0;
        for (int i = 0; i < 100_000; i++)
        {
            OutputChunk chunk = (await engine.ReadOutputAsync(token, stream, offset, chunkBytes, default))!;
            text.Append(chunk.Text);
            offset = chunk.NextOffset;
            if (chunk.Complete) return text.ToString();
            if (chunk.Text.Length == 0) await Task.Delay(20);
        }
        throw new TimeoutException($"output of {token} never completed");
    }
}

/// <summary>What /proc says about processes.</summary>
internal static class Processes
{
    /// <summary>Processes (not zombies) whose process group is <paramref name="processGroupId"/>.</summary>
    public static IReadOnlyList<int> AliveInGroup(int processGroupId)
    {
        var alive = new List<int>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && fields[2] == processGroupId.ToString(CultureInfo.InvariantCulture)) alive.Add(pid);
        }
        return alive;
    }

    /// <summary>How many live processes of process group <paramref name="processGroupId"/> run the program <paramref name="name"/>.</summary>
    public static int NamedInGroup(int processGroupId, string name) =>
        AliveInGroup(processGroupId).Count(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/comm").Trim() == name;
            }
            catch (IOException)
            {
                return false; // exited while we looked
            }
        });

    public static int GroupOf(RunStatus status) => int.Parse(status.EngineJobId!, CultureInfo.InvariantCulture);
}
