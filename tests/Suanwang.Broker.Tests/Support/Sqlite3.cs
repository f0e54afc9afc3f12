using System.Diagnostics;

namespace Suanwang.Broker.Tests.Support;

/// <summary>
/// The <c>sqlite3</c> command-line shell, as an operator (or another tenant's process) would run it on the store:
/// another process, whose open and close of the file is what must never cost the broker its locks or its log.
/// Installed by <c>scripts/setup.sh test</c>.
/// </summary>
public static class Sqlite3
{
    public static (int ExitCode, string Output) Run(string database, string sql)
    {
        var start = new ProcessStartInfo("sqlite3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(sql);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("the sqlite3 shell is missing: bash scripts/setup.sh test installs it", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
