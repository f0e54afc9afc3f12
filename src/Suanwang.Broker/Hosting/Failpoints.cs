using System.Diagnostics;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// Named points in the broker's own code where a crash test can kill the broker (SIGKILL, no shutdown code runs)
/// at an exact step, e.g. between handing a run to a center and recording that it was handed over. Armed only by
/// the environment variable <see cref="Variable"/> (comma-separated names) when the process starts; with it unset
/// every point is a no-op costing one read of a field.
/// </summary>
public static class Failpoints
{
    /// <summary>The environment variable that arms points: <c>SUANWANG_FAILPOINTS=dispatch.after-submit</c>.</summary>
    public const string Variable = "SUANWANG_FAILPOINTS";

    /// <summary>Before a placed job is handed to its center's engine.</summary>
    public const string BeforeSubmit = "dispatch.before-submit";

    /// <summary>After the center's engine accepted a run, before the broker records it as Dispatched.</summary>
    public const string AfterSubmit = "dispatch.after-submit";

    /// <summary>Every point a test may arm.</summary>
    public static IReadOnlyList<string> Names { get; } = [BeforeSubmit, AfterSubmit];

    private static volatile HashSet<string> s_armed = [];

    /// <summary>Arms the points <see cref="Variable"/> names (the broker calls it once as it starts).</summary>
    /// <exception cref="InvalidOperationException">The variable names a point that does not exist.</exception>
    public static void ArmFromEnvironment() => s_armed = Read(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Kills this process at once when <paramref name="name"/> is armed.</summary>
    public static void Hit(string name)
    {
        var armed = s_armed;
        if (armed.Count == 0 || !armed.Contains(name)) return;
        Console.Error.WriteLine($"failpoint {name}: killing the broker (pid {Environment.ProcessId})");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill(); // SIGKILL on Linux: nothing after this line runs
    }

    private static HashSet<string> Read(string? value)
    {
        var names = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !Names.Contains(n)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidOperationException($"{Variable} names unknown failpoints: {string.Join(", ", unknown)} (known: {string.Join(", ", Names)})");
        return names;
    }
}
