using System.CommandLine;
using Spectre.Console;
using Suanwang.Cli.Bench;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands;

/// <summary><c>suanwang bench</c>: placement throughput and latency, and simulator wall time and memory.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var centers = new Option<int[]>("--centers") { Description = "Network sizes to measure decisions at.", DefaultValueFactory = _ => [10, 100, 1000, 10000], AllowMultipleArgumentsPerToken = true, HelpName = "N" };
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per size and variant.", DefaultValueFactory = _ => 2.0, HelpName = "SECONDS" };
        var trace = new Option<string?>("--trace") { Description = "Also time 'simulate' with all six policies on this trace (whole, and on prefixes to show memory stays flat).", HelpName = "FILE" };
        var limits = new Option<int[]>("--trace-prefixes") { Description = "Trace prefixes (jobs) to time besides the whole trace.", DefaultValueFactory = _ => [10000, 40000], AllowMultipleArgumentsPerToken = true, HelpName = "N" };
        var network = CommonOptions.Network();
        var dataDir = CommonOptions.DataDirectory();
        var command = new Command("bench", "Measure placement decisions per second and p50/p99 decision latency at several network sizes, with and without building the explanation, and (with --trace) the simulator's wall time and peak memory. Figures vary with the machine: compare ratios from one run.")
        {
            centers, seconds, trace, limits, network, dataDir,
        };
        command.SetAction(result => CommandRunner.Run(env, () =>
        {
            var console = env.Console(colours: true);
            console.MarkupLine($"[bold]Placement[/]: policy suanwang, synthetic networks (seed 42) with every pool up to half busy, a mix of 512 jobs (1–8 GPUs, 10% CPU-only, half with input data); each figure measured for {result.GetValue(seconds)} s after 200 warm-up decisions, {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "centers", "pools", "explanation", "decisions", "decisions/s", "p50 µs", "p99 µs" }) table.AddColumn(new TableColumn(column).RightAligned());
            foreach (int n in result.GetValue(centers)!)
                foreach (var row in PlacementBenchmark.Run(n, result.GetValue(seconds)))
                {
                    table.AddRow(row.Centers.ToString(), row.Pools.ToString(), row.Explained ? "yes" : "no", row.Decisions.ToString(),
                        Formats.Number(row.DecisionsPerSecond, "#,0"), Formats.Number(row.P50Microseconds, "0.0"), Formats.Number(row.P99Microseconds, "0.0"));
                    env.Out.Flush();
                }
            console.Write(table);
            if (result.GetValue(trace) is { } tracePath)
            {
                console.MarkupLine($"[bold]Simulator[/]: 'suanwang simulate' with all six policies on {Markup.Escape(Path.GetFileName(tracePath))} and {Markup.Escape(result.GetValue(network)!)}, each size in its own process (peak working set of that process).");
                var simTable = new Table().Border(TableBorder.Rounded);
                foreach (var column in new[] { "jobs", "policies", "wall s", "peak MiB" }) simTable.AddColumn(new TableColumn(column).RightAligned());
                var sizes = result.GetValue(limits)!.Select(l => (int?)l).Append(null).ToList();
                foreach (var row in SimulationBenchmark.Run(tracePath, result.GetValue(network)!, sizes, result.GetValue(dataDir)))
                    simTable.AddRow(row.Jobs, row.Policies.ToString(), Formats.Number(row.WallSeconds, "0.0"), Formats.Number(row.PeakMemoryMiB, "0"));
                console.Write(simTable);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
