using System.CommandLine;
using Spectre.Console;
using Suanwang.Cli;
using Suanwang.Cli.Commands;
using Suanwang.Cli.Output;

namespace Suanwang.Bench.Commands;

/// <summary><c>suanwang bench</c>: placement throughput and latency, and simulator wall time and memory.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var workload = new Option<FileInfo?>("--workload") { Description = "The benchmark's workload file (network sizes, load, job mix, policy); default: the built-in copy of bench/placement.yaml.", HelpName = "FILE" };
        var centers = new Option<int[]>("--centers") { Description = "Network sizes to measure decisions at (overrides the workload's).", AllowMultipleArgumentsPerToken = true, HelpName = "N" };
        var seconds = new Option<double?>("--seconds") { Description = "Measuring time per size and variant (overrides the workload's).", HelpName = "SECONDS" };
        var trace = new Option<string?>("--trace") { Description = "Also time 'simulate' with all six policies on this trace (whole, and on prefixes to show memory stays flat).", HelpName = "FILE" };
        var limits = new Option<int[]>("--trace-prefixes") { Description = "Trace prefixes (jobs) to time besides the whole trace.", DefaultValueFactory = _ => [10000, 40000], AllowMultipleArgumentsPerToken = true, HelpName = "N" };
        var network = CommonOptions.Network();
        var publicData = CommonOptions.PublicData();
        var command = new Command("bench", "Measure placement decisions per second and p50/p99 decision latency at several network sizes, with and without building the explanation, and (with --trace) the simulator's wall time and peak memory. Figures vary with the machine: compare ratios from one run.")
        {
            workload, centers, seconds, trace, limits, network, publicData.Option, publicData.DeprecatedOption,
        };
        command.Subcommands.Add(BenchSlurmCommand.Create(env));
        command.SetAction(result => CommandRunner.Run(env, () =>
        {
            var console = env.Console(colours: true);
            var w = result.GetValue(workload) is { } file ? PlacementWorkload.Read(file.FullName) : new PlacementWorkload();
            double perCase = result.GetValue(seconds) ?? w.SecondsPerCase;
            var sizes = result.GetValue(centers) is { Length: > 0 } given ? given : w.Centers.ToArray();
            console.MarkupLine($"[bold]Placement[/]: policy {TerminalText.Markup(w.Policy)}, synthetic networks (seed {w.Seed}), every pool with up to {Formats.Count(w.Load.MaxRunningPerPool, "running job")} holding up to {w.Load.MaxBusyShare:P0} each, a mix of {Formats.Count(w.Jobs.Count, "job")} ({string.Join("/", w.Jobs.AcceleratorCounts.Distinct())} {Formats.Noun(w.Jobs.AcceleratorCounts.Distinct().SequenceEqual([1]) ? 1 : 2, "accelerator")}, {w.Jobs.CpuOnlyShare:P0} CPU-only, {w.Jobs.WithInputShare:P0} with input data); each figure measured for {perCase} s after {Formats.Count(w.WarmupDecisions, "warm-up decision")}, {Formats.Count(Environment.ProcessorCount, "core")}, .NET {Environment.Version}.");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in new[] { "centers", "pools", "explanation", "decisions", "decisions/s", "p50 µs", "p99 µs" }) table.AddColumn(new TableColumn(column).RightAligned());
            foreach (int n in sizes)
                foreach (var row in PlacementBenchmark.Run(n, perCase, w))
                {
                    table.AddRow(row.Centers.ToString(), row.Pools.ToString(), row.Explained ? "yes" : "no", row.Decisions.ToString(),
                        Formats.Number(row.DecisionsPerSecond, "#,0"), Formats.Number(row.P50Microseconds, "0.0"), Formats.Number(row.P99Microseconds, "0.0"));
                    env.Out.Flush();
                }
            console.Write(table);
            if (result.GetValue(trace) is { } tracePath)
            {
                console.MarkupLine($"[bold]Simulator[/]: 'suanwang simulate' with all six policies on {TerminalText.Markup(Path.GetFileName(tracePath))} and {TerminalText.Markup(result.GetValue(network)!)}, each size in its own process (peak working set of that process).");
                var simTable = new Table().Border(TableBorder.Rounded);
                foreach (var column in new[] { "jobs", "policies", "wall s", "peak MiB" }) simTable.AddColumn(new TableColumn(column).RightAligned());
                var prefixes = result.GetValue(limits)!.Select(l => (int?)l).Append(null).ToList();
                foreach (var row in SimulationBenchmark.Run(tracePath, result.GetValue(network)!, prefixes, publicData.Given(result, env)))
                    simTable.AddRow(row.Jobs, row.Policies.ToString(), Formats.Number(row.WallSeconds, "0.0"), Formats.Number(row.PeakMemoryMiB, "0"));
                console.Write(simTable);
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
