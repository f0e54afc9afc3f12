using System.Runtime.InteropServices;

namespace Suanwang.Bench;

/// <summary>What the benchmarks print about the machine they measured on: figures vary with it.</summary>
internal static class BenchMachine
{
    /// <summary>Cores, runtime and operating system, e.g. <c>2 cores, .NET 10.0.12, Debian GNU/Linux 12 (bookworm)</c>.</summary>
    public static string Description => $"{Suanwang.Cli.Output.Formats.Count(Environment.ProcessorCount, "core")}, .NET {Environment.Version}, {RuntimeInformation.OSDescription}";
}
