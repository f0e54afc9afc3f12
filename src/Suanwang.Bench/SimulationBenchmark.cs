using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Suanwang.Bench;

/// <summary>One row of the simulator benchmark.</summary>
public sealed record SimulationBenchmarkResult(string Jobs, int Policies, double WallSeconds, double PeakMemoryMiB);

/// <summary>
/// Times <c>suanwang simulate</c> with every policy on growing prefixes of a trace, each in its own
/// process so each peak-memory figure is that run's alone.
/// </summary>
public static partial class SimulationBenchmark
{
    /// <summary>Runs the simulator as a child process for each limit (null = the whole trace).</summary>
    public static IEnumerable<SimulationBenchmarkResult> Run(string trace, string network, IReadOnlyList<int?> limits, string? publicData)
    {
        foreach (var limit in limits)
        {
            string outDir = Path.Combine(Path.GetTempPath(), $"suanwang-bench-{Environment.ProcessId}-{limit?.ToString() ?? "all"}");
            var args = new List<string> { "simulate", "--trace", trace, "--network", network, "--out", outDir };
            if (limit is { } n) { args.Add("--limit"); args.Add(n.ToString()); }
            if (publicData is not null) { args.Add(Suanwang.Cli.Commands.PublicDataOption.Name); args.Add(publicData); }
            var (file, prefix) = Self();
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in prefix.Concat(args)) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            try { Directory.Delete(outDir, recursive: true); } catch (IOException) { }
            var match = Figures().Match(stdout);
            if (process.ExitCode != 0 || !match.Success)
                throw new InvalidOperationException($"simulate failed (exit {process.ExitCode}): {stderr}{stdout}");
            yield return new SimulationBenchmarkResult(match.Groups["jobs"].Value, int.Parse(match.Groups["policies"].Value),
                double.Parse(match.Groups["wall"].Value, System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(match.Groups["mem"].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static (string File, string[] Prefix) Self() =>
        SuanwangProgram.Command() ?? throw new InvalidOperationException("cannot tell which executable is running, to start 'simulate' with");

    [GeneratedRegex(@"wall time (?<wall>[\d.]+) s, peak memory (?<mem>[\d.]+) MiB, (?<jobs>\d+) jobs × (?<policies>\d+) policies")]
    private static partial Regex Figures();
}
