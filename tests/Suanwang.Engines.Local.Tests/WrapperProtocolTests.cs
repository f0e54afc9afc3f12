using System.Diagnostics;
using System.Globalization;

namespace Suanwang.Engines.Local.Tests;

/// <summary>
/// The run wrapper on its own: under the run's lock it starts a run at most once, and never one that
/// was cancelled. This is what keeps two engines (or an engine and the one before it) from starting a
/// run twice.
/// </summary>
public sealed class WrapperProtocolTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("suanwang-wrapper-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private string Ran => Path.Combine(_run, "ran");

    private static int Wrap(string runDirectory, params string[] argv)
    {
        Directory.CreateDirectory(Path.Combine(runDirectory, "work"));
        var start = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (string arg in (string[])["--wait", "/bin/sh", "-c", RunWrapper.Script, RunWrapper.Name, runDirectory, .. argv])
            start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = LocalEngine.DefaultPath;
        using Process process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [Fact]
    public void It_records_its_process_group_then_the_exit_status()
    {
        Wrap(_run, "sh", "-c", "cut -d ' ' -f 5 /proc/$$/stat > ../pgid; exit 5"); // field 5: process group

        string started = File.ReadAllText(Path.Combine(_run, "started")).Trim();
        Assert.Equal(File.ReadAllText(Path.Combine(_run, "pgid")).Trim(), started);
        Assert.Equal("5", File.ReadAllText(Path.Combine(_run, "exit")).Trim());
        Assert.False(Native.IsLockHeld(Path.Combine(_run, "lock")));
    }

    [Fact]
    public void It_does_not_start_a_run_that_was_started_before()
    {
        File.WriteAllText(Path.Combine(_run, "started"), "12345\n");

        int status = Wrap(_run, "touch", Ran);

        Assert.Equal(RunWrapper.NotStartedByThisWrapper, status);
        Assert.False(File.Exists(Ran));
        Assert.Equal("12345\n", File.ReadAllText(Path.Combine(_run, "started")));
    }

    [Fact]
    public void It_does_not_start_a_cancelled_run()
    {
        File.WriteAllText(Path.Combine(_run, "cancelled"), "2026-11-24T12:00:00.0000000+00:00\n");

        int status = Wrap(_run, "touch", Ran);

        Assert.Equal(RunWrapper.NotStartedByThisWrapper, status);
        Assert.False(File.Exists(Ran));
        Assert.False(File.Exists(Path.Combine(_run, "started")));
    }

    [Fact]
    public void It_does_not_start_a_run_whose_lock_another_process_holds()
    {
        using Process holder = Process.Start("/usr/bin/flock", ["-x", Path.Combine(_run, "lock"), "sleep", "30"]);
        try
        {
            SpinWait.SpinUntil(() => Native.IsLockHeld(Path.Combine(_run, "lock")), TimeSpan.FromSeconds(10));

            int status = Wrap(_run, "touch", Ran);

            Assert.Equal(RunWrapper.NotStartedByThisWrapper, status);
            Assert.False(File.Exists(Ran));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        Wrap(_run, "touch", Ran);
        Assert.True(File.Exists(Ran));
    }

    [Fact]
    public void The_lock_is_held_exactly_while_a_process_of_the_run_lives()
    {
        string lockFile = Path.Combine(_run, "lock");
        Directory.CreateDirectory(Path.Combine(_run, "work"));
        var start = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        foreach (string arg in (string[])["--wait", "/bin/sh", "-c", RunWrapper.Script, RunWrapper.Name, _run, "sleep", "30"])
            start.ArgumentList.Add(arg);
        using Process wrapper = Process.Start(start)!;
        try
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(_run, "started")), TimeSpan.FromSeconds(10)));
            int group = int.Parse(File.ReadAllText(Path.Combine(_run, "started")).Trim(), CultureInfo.InvariantCulture);
            Assert.True(Native.IsLockHeld(lockFile));

            Native.SignalProcessGroup(group, Native.SigKill);
            wrapper.WaitForExit();

            Assert.True(SpinWait.SpinUntil(() => !Native.IsLockHeld(lockFile), TimeSpan.FromSeconds(10)));
            Assert.False(File.Exists(Path.Combine(_run, "exit")));
        }
        finally
        {
            if (!wrapper.HasExited) wrapper.Kill(entireProcessTree: true);
        }
    }
}
