using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Suanwang.Security.Tests.Support;

/// <summary>
/// Collects every attack's result line and prints the summary when the suite ends (as an xunit diagnostic
/// message, and into <see cref="SummaryFile"/>), so the figures can be copied as they are.
/// </summary>
public sealed class AttackReport(IMessageSink messages) : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Where the summary is written: next to the test assembly.</summary>
    public static string SummaryFile => Path.Combine(AppContext.BaseDirectory, "hostile-tenant-summary.txt");

    /// <summary>
    /// Runs one attack: <paramref name="body"/> records attempts in the log; whatever happens (an exception
    /// counts as a break: the attack could not be seen through), the result line goes to the test's output and
    /// the summary, then the test fails listing every break with its evidence.
    /// </summary>
    public async Task RunAsync(string attack, StoreKind store, ITestOutputHelper output, Func<AttackLog, Task> body)
    {
        var log = new AttackLog(attack, store.Name());
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            await body(log);
        }
        catch (Exception e)
        {
            error = e;
            log.Broke("the attack's run", $"{e.GetType().Name}: {e.Message}");
        }
        log.Figure($"{clock.Elapsed.TotalSeconds:0} s");
        string line = log.Line();
        _lines.Enqueue(line);
        output.WriteLine(line);
        output.WriteLine(log.Details());
        if (error is not null) output.WriteLine(error.ToString());
        if (log.Breaks.Count > 0)
            throw new XunitException($"{attack} [{store.Name()}]: {log.Breaks.Count} of {log.Attempts} attempts broke through:\n  " +
                                     string.Join("\n  ", log.Breaks));
    }

    public void Dispose()
    {
        Cleanup.WaitAll(TimeSpan.FromMinutes(10));
        if (_lines.IsEmpty) return;
        var summary = $"Hostile tenant suite: {_lines.Count} attacks in {_clock.Elapsed.TotalSeconds:0} s\n" +
                      string.Join("\n", _lines.Order(StringComparer.Ordinal)) + "\n";
        try { File.WriteAllText(SummaryFile, summary); } catch (IOException) { }
        messages.OnMessage(new DiagnosticMessage(summary + $"(written to {SummaryFile})"));
    }
}
