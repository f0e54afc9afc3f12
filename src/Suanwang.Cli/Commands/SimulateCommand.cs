using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Suanwang.Cli.Output;
using Suanwang.Model.Errors;
using Suanwang.Placement.Policies;
using Suanwang.Scheduling;
using Suanwang.Simulation;
using Suanwang.Simulation.Reporting;
using Suanwang.Simulation.Summary;
using Suanwang.Traces;
using Suanwang.Traces.Workload;

namespace Suanwang.Cli.Commands;

/// <summary><c>suanwang simulate</c>: replay a real trace through the placement core, once per policy.</summary>
public static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var network = CommonOptions.Network();
        var trace = new Option<FileInfo>("--trace", "-t") { Description = "The job trace: the Philly job table (.csv[.gz]), Alibaba GPU pods (openb_pod_list_*.csv[.gz]) or a Standard Workload Format log (.swf[.gz]); the format is read from the file's first line.", Required = true, HelpName = "FILE" };
        var format = new Option<TraceFormat?>("--format") { Description = "Trace format, to override what the first line suggests.", HelpName = "Philly|AlibabaOpenb|Swf" };
        var policies = new Option<string[]>("--policy", "-p")
        {
            Description = $"Policy to replay (repeat for several): {string.Join(", ", PolicyCatalog.Names)}; suanwang takes weights by objective name, e.g. suanwang:cost=1,carbon=0.5. Default: all of them.",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "NAME",
        };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write summary.json and report.html into (created if missing).", Required = true, HelpName = "DIR" };
        var seed = new Option<int>("--seed") { Description = "Seed of the workload model that fills in what traces lack (tenants, tiers, data sizes and places, deadlines).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var limit = new Option<int?>("--limit") { Description = "Replay only the first N jobs of the trace.", HelpName = "N" };
        var scale = new Option<double>("--capacity-scale") { Description = "Multiply every pool's node count (what-if: 2 doubles the network, 0.1 makes queues form).", DefaultValueFactory = _ => 1.0, HelpName = "FACTOR" };
        var parallelism = new Option<int?>("--parallelism") { Description = "Policies replayed at once (default: the number of processors).", HelpName = "N" };
        var binding = new Option<BindingRule>("--binding")
        {
            Description = "When a placeable job is committed to a center: late (only once it can start there without waiting for capacity; the broker's rule) or early (at once, waiting in that center's queue), to measure one against the other.",
            DefaultValueFactory = _ => BindingRule.Late, HelpName = "late|early",
        };
        var publicData = CommonOptions.PublicData();
        var command = new Command("simulate", "Replay a real job trace through the placement core with each policy and write DIR/summary.json (per policy: completion and wait times, utilisation, cost, energy, carbon, renewable and western shares, fairness across tiers, ratios to lower bounds) and DIR/report.html (plots, readable offline). The same inputs and seed give a byte-identical summary.json.")
        {
            network, trace, format, policies, output, seed, limit, scale, parallelism, binding, publicData.Option, publicData.DeprecatedOption,
        };
        command.SetAction(result => CommandRunner.Run(env, () =>
        {
            var watch = Stopwatch.StartNew();
            string networkArgument = result.GetValue(network)!;
            var definition = NetworkResolver.Load(networkArgument, publicData, result, env);
            var names = result.GetValue(policies) is { Length: > 0 } chosen ? chosen : PolicyCatalog.Names.ToArray();
            foreach (var name in names) PolicyCatalog.Create(name); // unknown names fail before any work
            var traceFile = result.GetValue(trace)!;
            if (!traceFile.Exists) throw new SpecException("--trace", [new SpecError("--trace", $"no such file: {traceFile.FullName}")]);
            // Know the format (or fail on a file that is not a trace) before any replay starts.
            var traceFormat = result.GetValue(format) ?? TraceReaders.DetectFormat(traceFile.FullName);
            var readOptions = TraceReadOptions.Default with { Limit = result.GetValue(limit) };
            double capacityScale = result.GetValue(scale);
            if (!(capacityScale > 0)) throw new SpecException("--capacity-scale", [new SpecError("--capacity-scale", "must be a positive number")]);
            var model = new WorkloadModel(definition, WorkloadModelOptions.Default with { Seed = result.GetValue(seed) });
            TraceReader? lastReader = null;
            IEnumerable<SimulationArrival> Open()
            {
                var reader = TraceReaders.Open(traceFile.FullName, traceFormat, readOptions);
                lastReader = reader;
                return model.Enrich(reader).Select(job => new SimulationArrival(job.Request, job.SubmitTime, job.ActualReferenceHours));
            }
            TraceInput Describe()
            {
                var reader = lastReader!;
                var stats = reader.Stats!;
                return new TraceInput(
                    new InputFile(reader.Source.FileName, stats.Sha256),
                    reader.Source.Format.ToString(),
                    stats.DataRows,
                    0,
                    stats.Skipped.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
            }
            var request = new SimulationRequest(definition, NetworkResolver.DisplayName(networkArgument), Open, Describe, names, result.GetValue(seed), capacityScale,
                model.Describe(), SimulationOptions.Default with { Binding = result.GetValue(binding) }, Math.Max(1, result.GetValue(parallelism) ?? Environment.ProcessorCount));
            var data = SimulationRunner.Run(request);

            var outDir = result.GetValue(output)!;
            Directory.CreateDirectory(outDir.FullName);
            File.WriteAllText(Path.Combine(outDir.FullName, "summary.json"), SummaryJson.Serialize(data.Summary));
            SimulationReportWriter.Write(data, Path.Combine(outDir.FullName, "report.html"));
            watch.Stop();
            PrintSummary(env.Console(colours: true), data.Summary);
            env.Out.WriteLine($"wrote {Path.Combine(outDir.FullName, "summary.json")} and report.html");
            env.Out.WriteLine($"wall time {watch.Elapsed.TotalSeconds:0.0} s, peak memory {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MiB, {Formats.Count(data.Summary.Inputs.Trace.JobsUsed, "job")} × {Formats.Count(names.Length, "policy", "policies")}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void PrintSummary(IAnsiConsole console, SimulationSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(TerminalText.Markup($"{summary.Inputs.Trace.File.Name} on {summary.Inputs.Network.Name}"));
        foreach (var column in new[] { "policy", "completed", "mean JCT", "p99 JCT", "mean wait", "p99 wait", "util", "cost ¥", "energy MWh", "CO₂ t", "water m³", "green", "west", "fairness", "JCT ÷ bound" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var p in summary.Policies)
            table.AddRow(
                TerminalText.Markup(p.Name),
                $"{p.Completed}/{p.Jobs}",
                Formats.Duration(p.CompletionSeconds.Mean),
                Formats.Duration(p.CompletionSeconds.P99),
                Formats.Duration(p.WaitSeconds.Mean),
                Formats.Duration(p.WaitSeconds.P99),
                $"{p.AcceleratorUtilisation:P0}",
                Formats.Number(p.CostYuan, "#,0"),
                Formats.Number(p.EnergyKwh / 1000, "#,0.#"),
                Formats.Number(p.CarbonKg / 1000, "#,0.#"),
                Formats.Number(p.WaterLitres / 1000, "#,0.#"),
                $"{p.RenewableShare:P0}",
                $"{p.WesternShare:P0}",
                Formats.Number(p.Fairness.JainIndexOfTierSlowdowns, "0.00"),
                Formats.Number(p.VersusBounds.CompletionVsNoQueue, "0.00"));
        console.Write(table);
        console.MarkupLine($"[grey]bounds: mean JCT ≥ {Formats.Duration(summary.Bounds.MeanCompletionNoQueueSeconds)} (no queueing), {Formats.Duration(summary.Bounds.MeanCompletionPooledSeconds)} (capacity pooled); carbon ≥ {Formats.Number(summary.Bounds.CarbonGreenestKg / 1000, "#,0.#")} t[/]");
    }
}
