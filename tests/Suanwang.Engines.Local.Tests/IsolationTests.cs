using System.Globalization;
using Suanwang.Testing;
using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>
/// A job sees only its own run's work/ and tmp/, the system folders and what its center exposes; it runs as its
/// tenant's own user (never root) when the engine runs as root; and it cannot reach the broker's files, another
/// tenant's run, or the run lock (promise G7 at the center).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IsolationTests : IAsyncLifetime
{
    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    private static bool Root => Native.EffectiveUserId == 0;

    /// <summary>A file beside the runs directory, readable by everyone, as the broker's tokens and store are.</summary>
    private string Secret(string name, string content)
    {
        string path = Path.Combine(_center.Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, AtomicFile.SharedReadable);
        return path;
    }

    [Fact]
    public async Task A_job_cannot_read_the_files_beside_the_runs_directory()
    {
        string token = Secret("tokens/admin.token", "sw_admin_secret\n");
        string store = Secret("suanwang.db", "SQLite format 3 secret rows");
        DateTime written = File.GetLastWriteTimeUtc(token);
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell($"cat {token}; cat {store}; ls {_center.Root}; echo overwritten > {token}; ls {_center.RunsDirectory}; echo tried");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);
        string output = await Output.All(engine, run.Token) + await Output.All(engine, run.Token, OutputStream.Stderr);

        string[] lines = output.Split('\n');

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Contains("tried", output);
        Assert.DoesNotContain("sw_admin_secret", output);
        Assert.DoesNotContain("secret rows", output);
        Assert.DoesNotContain("suanwang.db", lines); // no listing of the folder beside the runs
        Assert.DoesNotContain("engine.lock", lines); // nor of the runs
        Assert.Equal("sw_admin_secret\n", File.ReadAllText(token));
        Assert.Equal(written, File.GetLastWriteTimeUtc(token));
    }

    [Fact]
    public async Task A_job_cannot_read_another_tenants_run_nor_forge_its_exit()
    {
        await using LocalEngine engine = _center.Open();
        Gate gate = _center.Gate();
        var victim = Runs.Shell($"echo victim-output; echo private > notes.txt; {gate.ShellWait}; exit 3").ForTenant("tenant-a");
        string victimRun = _center.RunDirectory(victim.Token);
        await engine.SubmitAsync(victim, default);
        await Wait.Running(engine, victim.Token);
        var attacker = Runs.Shell(
            $"cat {victimRun}/stdout {victimRun}/request.json {victimRun}/work/notes.txt; printf '0\\n' > {victimRun}/exit; " +
            $"echo 0 > {victimRun}/exit.tmp && mv {victimRun}/exit.tmp {victimRun}/exit; ls {victimRun} {_center.RunsDirectory}; echo tried").ForTenant("tenant-b");

        await engine.SubmitAsync(attacker, default);
        await Wait.Finished(engine, attacker.Token);
        await Task.Delay(300); // a forged exit would be read at the next look
        RunStatus victimAfterAttack = (await engine.FindAsync(victim.Token, default))!;
        gate.Open();
        RunStatus victimDone = await Wait.Finished(engine, victim.Token);
        string seen = await Output.All(engine, attacker.Token) + await Output.All(engine, attacker.Token, OutputStream.Stderr);

        string[] lines = seen.Split('\n');

        Assert.Contains("tried", seen);
        Assert.DoesNotContain("victim-output", seen);
        Assert.DoesNotContain("private", seen);
        Assert.DoesNotContain("dispatchToken", seen);
        Assert.DoesNotContain("request.json", lines); // no listing of the victim's run
        Assert.DoesNotContain(victim.Token, lines);   // nor of the runs
        Assert.Equal(RunState.Running, victimAfterAttack.State);
        Assert.Equal(RunState.Failed, victimDone.State);
        Assert.Equal(3, victimDone.ExitCode);
    }

    [Fact]
    public async Task A_job_runs_as_its_tenants_own_user_and_never_as_root()
    {
        await using LocalEngine engine = _center.Open();
        var a = Runs.Shell("id -u; id -g; id -G; whoami").ForTenant("tenant-a");
        var b = Runs.Shell("id -u; id -g; id -G; whoami").ForTenant("tenant-b");

        await engine.SubmitAsync(a, default);
        await engine.SubmitAsync(b, default);
        await Wait.Finished(engine, a.Token);
        await Wait.Finished(engine, b.Token);
        string[] asA = (await Output.All(engine, a.Token)).Split('\n');
        string[] asB = (await Output.All(engine, b.Token)).Split('\n');

        uint uidA = uint.Parse(asA[0], CultureInfo.InvariantCulture), uidB = uint.Parse(asB[0], CultureInfo.InvariantCulture);
        Assert.NotEqual(0u, uidA);
        Assert.NotEqual(0u, uidB);
        if (Root)
        {
            Assert.NotEqual(uidA, uidB);
            Assert.True(JobUidRange.Default.Contains(uidA) && JobUidRange.Default.Contains(uidB), $"{uidA}, {uidB}");
            Assert.Equal([asA[0], asA[0], "tenant-a"], asA[1..4]); // its own group, no other group, a name
            Assert.Equal([asB[0], asB[0], "tenant-b"], asB[1..4]);
        }
        else
        {
            // Not root: every job keeps the broker's user id; the sandbox alone keeps tenants apart.
            Assert.Equal(Native.EffectiveUserId, uidA);
            Assert.Equal(uidA, uidB);
        }
    }

    [Fact]
    public async Task A_job_that_links_its_output_elsewhere_is_still_served_its_own_output()
    {
        string secret = Secret("secret.txt", "not yours\n");
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell($"echo mine; ln -sf {secret} ../stdout; ln -sf {secret} {_center.RunsDirectory}/$SUANWANG_DISPATCH_TOKEN/stdout; " +
                             $"ln -f {secret} {_center.RunsDirectory}/$SUANWANG_DISPATCH_TOKEN/stderr; echo done");

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);

        Assert.Equal("mine\ndone\n", await Output.All(engine, run.Token));
        Assert.DoesNotContain("not yours", await Output.All(engine, run.Token, OutputStream.Stderr));
        Assert.Equal("not yours\n", File.ReadAllText(secret));
    }

    [Theory]
    [InlineData("symbolic link")]
    [InlineData("hard link")]
    [InlineData("FIFO")]
    [InlineData("folder")]
    public async Task Output_that_is_not_a_regular_file_of_the_run_is_refused_unread(string kind)
    {
        string secret = Secret("secret.txt", "not yours\n");
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of("echo", "mine");
        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        string stdout = Path.Combine(_center.RunDirectory(run.Token), "stdout");
        File.Delete(stdout);
        switch (kind)
        {
            case "symbolic link": File.CreateSymbolicLink(stdout, secret); break;
            case "hard link": Command("ln", secret, stdout); break;
            case "FIFO": Command("mkfifo", stdout); break;
            default: Directory.CreateDirectory(stdout); break;
        }

        // On a thread of its own, so a reader blocked opening a FIFO fails the test instead of hanging it.
        var refused = await Assert.ThrowsAsync<OutputUnavailableException>(() =>
            Task.Run(() => engine.ReadOutputAsync(run.Token, OutputStream.Stdout, 0, 1024, default)).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("output not available: not a regular file in the run folder", refused.Message);
    }

    [Fact]
    public void A_marker_in_the_run_folder_is_not_read_through_a_link()
    {
        string run = Path.Combine(_center.Root, "run");
        Directory.CreateDirectory(run);
        string forged = Secret("forged-exit", "0\n");
        File.CreateSymbolicLink(Path.Combine(run, "exit"), forged);
        File.CreateSymbolicLink(Path.Combine(run, "started"), forged);

        var files = new RunFiles(run);

        Assert.Null(files.ReadExit());
        Assert.Null(files.ReadStarted());
    }

    [Fact]
    public async Task A_job_cannot_release_its_runs_lock()
    {
        await using LocalEngine engine = _center.Open();
        Gate gate = _center.Gate();
        var run = Runs.Shell($"flock -u 9; exec 9>&-; {gate.ShellWait}; echo done");

        await engine.SubmitAsync(run, default);
        await Wait.Running(engine, run.Token);
        await Task.Delay(1000); // were the lock free, the engine would find the run Lost at its next look
        RunStatus whileWaiting = (await engine.FindAsync(run.Token, default))!;
        gate.Open();
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Running, whileWaiting.State);
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal("done\n", await Output.All(engine, run.Token));
    }

    [Fact]
    public async Task A_jobs_environment_reaches_only_the_job_never_the_wrapper()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of("true").WithEnv("LD_PRELOAD", "/nonexistent/suanwang-evil.so");

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);
        string wrapperLog = Path.Combine(_center.RunDirectory(run.Token), "wrapper.log");

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.DoesNotContain("suanwang-evil", File.Exists(wrapperLog) ? File.ReadAllText(wrapperLog) : "");
        Assert.Contains("suanwang-evil", await Output.All(engine, run.Token, OutputStream.Stderr)); // the job did get it
    }

    [Fact]
    public async Task A_jobs_environment_values_are_in_no_process_arguments_while_it_runs()
    {
        await using LocalEngine engine = _center.Open();
        Gate gate = _center.Gate();
        string secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var run = Runs.Shell($"{gate.ShellWait}; printf '%s' \"$API_KEY\"").WithEnv("API_KEY", secret);

        await engine.SubmitAsync(run, default);
        await Wait.Running(engine, run.Token);
        // Any local user can read every process's arguments (ps); the wrapper and bwrap keep theirs for the whole run.
        var leaking = new List<string>();
        foreach (string proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string arguments;
            try { arguments = File.ReadAllText(Path.Combine(proc, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (arguments.Contains(secret, StringComparison.Ordinal)) leaking.Add($"{Path.GetFileName(proc)}: {arguments.Replace('\0', ' ')}");
        }
        gate.Open();
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Empty(leaking);
        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(secret, await Output.All(engine, run.Token)); // the job did get it
    }

    [Fact]
    public async Task A_job_sees_only_its_own_processes()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell($"test -e /proc/{Environment.ProcessId}/environ && echo sees-the-broker; ls /proc | grep -c '^[0-9]'");

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        string output = await Output.All(engine, run.Token);

        Assert.DoesNotContain("sees-the-broker", output);
        Assert.True(int.Parse(output.Trim(), CultureInfo.InvariantCulture) < 10, output); // bwrap's init, the shell, ls, grep
    }

    [Fact]
    public async Task Exposed_folders_are_seen_read_only_and_writable_ones_writable()
    {
        string models = Directory.CreateTempSubdirectory("suanwang-models-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(models, "weights.txt"), "seven billion\n");
            File.SetUnixFileMode(models, FileModes.PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(Path.Combine(models, "weights.txt"), AtomicFile.SharedReadable);
            await using LocalEngine engine = _center.Open(expose: [new ExposedPath(models, "/data/models", false), new ExposedPath(_center.Shared, _center.Shared, true)]);
            var run = Runs.Shell($"cat /data/models/weights.txt; echo changed > /data/models/weights.txt; touch /data/models/new; echo result > {_center.Shared}/out.txt");

            await engine.SubmitAsync(run, default);
            await Wait.Finished(engine, run.Token);

            Assert.Equal("seven billion\n", await Output.All(engine, run.Token));
            Assert.Contains("Read-only file system", await Output.All(engine, run.Token, OutputStream.Stderr));
            Assert.Equal("seven billion\n", File.ReadAllText(Path.Combine(models, "weights.txt")));
            Assert.False(File.Exists(Path.Combine(models, "new")));
            Assert.Equal("result\n", File.ReadAllText(Path.Combine(_center.Shared, "out.txt")));
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public void Exposing_the_runs_a_folder_holding_them_or_a_missing_path_is_refused()
    {
        string link = Path.Combine(_center.Shared, "link-to-root");
        File.CreateSymbolicLink(link, _center.Root);
        Directory.CreateDirectory(_center.RunsDirectory);

        var error = Assert.Throws<ArgumentException>(() => _center.Open(expose:
        [
            new ExposedPath(_center.Root, "/data/a", false),
            new ExposedPath(_center.RunsDirectory, "/data/b", true),
            new ExposedPath(link, "/data/c", false),
            new ExposedPath("/nonexistent/suanwang", "/data/d", false),
        ]));

        Assert.Contains("center 'test-center'", error.Message);
        Assert.Contains($"'expose': '{_center.Root}' would show the broker's own folder", error.Message);
        Assert.Contains($"'exposeWritable': '{_center.RunsDirectory}' would show", error.Message);
        Assert.Contains($"'{link}' would show", error.Message);
        Assert.Contains("'/nonexistent/suanwang' does not exist", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_center.RunsDirectory)); // refused before anything was made
    }

    [Fact]
    public async Task A_tenant_keeps_its_user_id_on_every_center_and_across_restarts()
    {
        var factory = new LocalEngineFactory(_center.Root, TimeProvider.System);
        var ids = new List<string>();
        async Task<string> UidOf(LocalEngineFactory f, string center, string tenant)
        {
            await using LocalEngine engine = f.Create(OptionsTests.LocalCenter(center), o => o with { PollInterval = TimeSpan.FromMilliseconds(50) });
            var run = Runs.Of("id", "-u").ForTenant(tenant);
            await engine.SubmitAsync(run, default);
            await Wait.Finished(engine, run.Token);
            return (await Output.All(engine, run.Token)).Trim();
        }

        string aHere = await UidOf(factory, "qingyang", "tenant-a");
        string aThere = await UidOf(factory, "wuhu", "tenant-a");
        string bHere = await UidOf(factory, "qingyang", "tenant-b");
        string aAfterRestart = await UidOf(new LocalEngineFactory(_center.Root, TimeProvider.System), "wuhu", "tenant-a");

        Assert.Equal(aHere, aThere);
        Assert.Equal(aHere, aAfterRestart);
        if (Root)
        {
            Assert.NotEqual(aHere, bHere);
            string map = File.ReadAllText(Path.Combine(_center.Root, "tenant-uids.json"));
            Assert.Contains($"\"tenant-a\": {aHere}", map);
            Assert.Equal(FileModes.Private, File.GetUnixFileMode(Path.Combine(_center.Root, "tenant-uids.json")));
        }
        else
        {
            Assert.Equal(aHere, bHere);
        }
    }

    [Fact]
    public async Task What_the_engine_creates_is_private_to_the_broker()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Shell("echo out; echo err >&2; echo kept > file.txt");
        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);
        string dir = _center.RunDirectory(run.Token);

        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(_center.RunsDirectory));
        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(dir));
        foreach (string file in (string[])["request.json", "started", "exit", "stdout", "stderr", "lock"])
            Assert.True(File.GetUnixFileMode(Path.Combine(dir, file)) == FileModes.Private, $"{file} is {File.GetUnixFileMode(Path.Combine(dir, file))}");
        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(Path.Combine(dir, "work")));
        Assert.Equal(FileModes.PrivateFolder, File.GetUnixFileMode(Path.Combine(dir, "tmp")));
        if (Root) Assert.NotEqual(0L, new UnixOwner(Path.Combine(dir, "work")).Uid);
    }

    private static void Command(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>The owner of a path, from <c>stat</c>.</summary>
    private readonly struct UnixOwner(string path)
    {
        public long Uid { get; } = long.Parse(Stat(path), CultureInfo.InvariantCulture);

        private static string Stat(string path)
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
            string uid = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return uid;
        }
    }
}
