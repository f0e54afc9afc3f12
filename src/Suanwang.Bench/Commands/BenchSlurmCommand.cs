using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Suanwang.Cli;
using Suanwang.Cli.Commands;
using Suanwang.Cli.Output;

namespace Suanwang.Bench.Commands;

/// <summary><c>suanwang bench slurm</c>: jobs per second and submit-to-start latency on real Slurm clusters, sbatch directly against the broker.</summary>
public static class BenchSlurmCommand
{
    private const int MaxJobs = 100_000;
    private const int MaxClients = 256;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var lab = new Option<string?>("--lab")
        {
            Description = $"An up Slurm lab ('bash {SlurmBenchLab.Script} up DIR'): its clusters are DIR/NAME/slurm.conf with slurmrestd at " +
                          "DIR/NAME/rest/slurmrestd.sock. Without it, a lab is brought up in a temporary folder with that script (found from the " +
                          "current folder up; ports from $SLURM_LAB_PORT_BASE) and taken down at the end, also after an error or Ctrl+C.",
            HelpName = "DIR",
        };
        var jobs = new Option<int>("--jobs") { Description = $"Measured jobs per path (1–{MaxJobs}).", DefaultValueFactory = _ => 300, HelpName = "N" };
        jobs.Validators.Add(result => InRange(result, "--jobs", 1, MaxJobs));
        var clients = new Option<int>("--clients") { Description = $"Concurrent submitters per path (1–{MaxClients}).", DefaultValueFactory = _ => 8, HelpName = "C" };
        clients.Validators.Add(result => InRange(result, "--clients", 1, MaxClients));
        var warmup = new Option<int>("--warmup")
        {
            Description = "Unmeasured jobs per path, submitted and finished just before its measured ones (the broker's first requests compile its hot paths).",
            DefaultValueFactory = _ => 30,
            HelpName = "N",
        };
        warmup.Validators.Add(result => InRange(result, "--warmup", 0, MaxJobs));
        var poll = new Option<double>("--poll")
        {
            Description = "Seconds between completion polls, the same for both paths: squeue on each cluster for sbatch's jobs, the broker's job list for Suanwang's.",
            DefaultValueFactory = _ => 0.25,
            HelpName = "SECONDS",
        };
        poll.Validators.Add(result => Seconds(result, "--poll", 0.01, 10));
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds a path's jobs may take to finish; what has not finished by then is reported as a failure.",
            DefaultValueFactory = _ => 900,
            HelpName = "SECONDS",
        };
        timeout.Validators.Add(result => Seconds(result, "--timeout", 1, 86_400));
        var suanwangFirst = new Option<bool>("--suanwang-first")
        {
            Description = "Measure Suanwang's path first (default: sbatch first). Slurm lists finished jobs for MinJobAge (300 s in the lab), so the second path " +
                          "finds the first one's jobs still in the clusters' lists, which the broker's Slurm engine reads on every call: run both orders to see the bias.",
        };
        var pause = new Option<double>("--pause")
        {
            Description = "Seconds to wait between the two paths, e.g. 330 for Slurm to forget the first path's finished jobs.",
            DefaultValueFactory = _ => 0,
            HelpName = "SECONDS",
        };
        pause.Validators.Add(result => Seconds(result, "--pause", 0, 3600));
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var path = new Option<string>("--path")
        {
            Description = "Which clusters and which way in, for both the baseline and the broker: 'rest-22.05' (the lab's 22.05 clusters: this machine's " +
                          "sbatch, the broker through slurmrestd, REST v0.0.38), 'rest-24.11' (the 24.11 clusters: their sbatch in the lab's root filesystem, " +
                          "the broker through slurmrestd, the newest REST version it serves), 'ssh-24.11' (the 24.11 clusters: 'ssh LOGIN sbatch' as the lab " +
                          "user with its key and known_hosts, StrictHostKeyChecking=yes, one connection per job; the broker through its SSH access as the same " +
                          "user; also counts the login nodes' SSH connections and commands).",
            DefaultValueFactory = _ => "rest-22.05",
            HelpName = "PATH",
        };
        path.AcceptOnlyFromAmong([.. SlurmBenchAccessNames.ByName.Keys]);

        var command = new Command("slurm",
            "Measure the broker's overhead on real Slurm clusters: the same N trivial jobs submitted directly with 'sbatch' (round-robin over " +
            "the clusters) and through the broker's API (a 'suanwang serve' child process with the clusters registered as Slurm centers), C at a " +
            "time. Prints per path jobs/s accepted and completed, submit→start p50/p99 (each job records its own start) and where the time went, " +
            "and Suanwang/sbatch against the targets: completed/s ≥ 0.9×, at most 1 s added to the p50 submit→start. Every job is checked to " +
            "have succeeded. Needs Slurm's tools (sbatch, squeue) and an up lab, or root and the lab script to bring one up.")
        {
            lab, jobs, clients, warmup, poll, timeout, suanwangFirst, pause, path, json,
        };
        command.WithExamples(
            $"SLURM_LAB_PORT_BASE=27000 bash {SlurmBenchLab.Script} up /tmp/bench-lab",
            "suanwang bench slurm --lab /tmp/bench-lab --jobs 300 --clients 8",
            "suanwang bench slurm --lab /tmp/bench-lab --path ssh-24.11 --jobs 300 --clients 8",
            "suanwang bench slurm --jobs 100 --json          (brings a lab up in a temporary folder and down again)");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(env, async () =>
        {
            var settings = new SlurmBenchSettings(parse.GetValue(jobs), parse.GetValue(clients), parse.GetValue(warmup),
                TimeSpan.FromSeconds(parse.GetValue(poll)), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(suanwangFirst),
                TimeSpan.FromSeconds(parse.GetValue(pause)), SlurmBenchAccessNames.ByName[parse.GetValue(path)!]);
            string? labDirectory = parse.GetValue(lab);
            string? script = SlurmBenchLab.FindScript(Environment.CurrentDirectory);
            if (labDirectory is null && script is null)
            {
                env.Error.WriteLine($"error: no --lab given and no {SlurmBenchLab.Script} in this folder or above it to bring one up: give --lab DIR, or run from the repository.");
                return ExitCodes.InvalidInput;
            }
            SlurmBenchLab? given = null;
            if (labDirectory is not null)
            {
                try
                {
                    given = SlurmBenchLab.Discover(labDirectory, settings.Access, script);
                }
                catch (SlurmBenchException e)
                {
                    env.Error.WriteLine($"error: --lab: {e.Message}");
                    return ExitCodes.InvalidInput;
                }
            }
            var report = new SlurmBenchReport();
            void Progress(string line) => env.Error.WriteLine(line);
            int exit = ExitCodes.Success;
            string? failure = null;
            try
            {
                await using var clusters = given ?? await SlurmBenchLab.StartAsync(script!, settings.Access, Progress, cancellationToken);
                try
                {
                    await SlurmBenchmark.RunAsync(settings, clusters, report, Progress, cancellationToken);
                }
                finally
                {
                    if (clusters.Owned) Progress($"taking the lab in {clusters.Directory} down…");
                }
            }
            catch (Exception e) when (e is SlurmBenchException or BrokerLoadException)
            {
                (exit, failure) = (ExitCodes.Failure, $"error: {e.Message}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                (exit, failure) = (ExitCodes.Failure, "interrupted: the broker (and a lab the benchmark brought up) were stopped.");
            }
            // What was measured before a failure is still worth showing.
            if (parse.GetValue(json)) WriteJson(env, settings, report);
            else if (report.Paths.Count > 0) WriteTable(env, settings, report);
            if (failure is not null) env.Error.WriteLine(failure);
            return exit;
        }));
        return command;
    }

    private static void InRange(OptionResult result, string name, int min, int max)
    {
        int value = result.GetValueOrDefault<int>();
        if (value < min || value > max) result.AddError($"{name} must be {min}–{max}, not {value}");
    }

    private static void Seconds(OptionResult result, string name, double min, double max)
    {
        double value = result.GetValueOrDefault<double>();
        if (double.IsNaN(value) || value < min || value > max) result.AddError($"{name} must be {min}–{max} seconds");
    }


    private static void WriteTable(CliEnvironment env, SlurmBenchSettings settings, SlurmBenchReport report)
    {
        var console = env.Console(colours: true);
        console.MarkupLine(TerminalText.Markup(
            $"Path {report.Access}. Slurm: {report.SlurmVersion}, lab {report.Lab}{(report.LabOwned ? " (brought up for this run)" : "")}: " +
            string.Join(", ", report.Clusters.Select(c => $"{c.Name} ({c.Nodes}×{c.CpusPerNode} CPUs, partition {c.Partition})")) + $". {BenchMachine.Description}."));
        console.MarkupLine(TerminalText.Markup(
            $"Jobs: {settings.Jobs} per path from {settings.Clients} concurrent submitters, after {settings.Warmup} unmeasured; each 1 CPU, " +
            $"{SlurmBenchSettings.MemoryMiB} MB, {SlurmBenchSettings.TimeLimitMinutes} min limit, running sh -c '{SlurmBenchmark.StartCommand}' FILE. " +
            $"sbatch: 'sbatch --parsable' round-robin over the clusters; suanwang: POST /v1/jobs to a fresh 'suanwang serve' (SQLite, default tick) with every " +
            $"cluster registered as a Slurm center (same size, price and region; the network's local centers drained); it runs only while its path is measured. " +
            $"Order: {string.Join(" then ", settings.Order)}{(settings.Pause > TimeSpan.Zero ? $", {settings.Pause.TotalSeconds:0} s apart" : "")}."));
        console.MarkupLine(TerminalText.Markup(
            $"Figures: accepted/s = jobs ÷ (first submission → last acknowledgement); completed/s = jobs ÷ (first submission → the poll that saw all finished, " +
            $"polled every {settings.Poll.TotalMilliseconds:0} ms); submit→start = the job's own 'date' less the submitter's clock before sending; 'listed before' = " +
            "jobs already in the clusters' lists (finished ones stay for MinJobAge)."));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "path", "jobs", "succeeded", "accepted/s", "completed/s", "ack p50 ms", "start p50 ms", "start p99 ms", "per cluster", "listed before" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var p in report.Paths)
            table.AddRow(p.Path, p.Jobs.ToString(), p.Succeeded.ToString(), Number(p.AcceptedPerSecond, "0.0"), Number(p.CompletedPerSecond, "0.0"),
                Number(p.AckP50Ms, "0"), Number(p.StartP50Ms, "0"), Number(p.StartP99Ms, "0"),
                TerminalText.Markup(string.Join(" ", p.PerCluster.Select(c => $"{c.Key}:{c.Value}"))), p.ListedBefore.ToString());
        console.Write(table);
        foreach (var p in report.Paths)
            console.MarkupLine(TerminalText.Markup($"  {p.Path}: " + string.Join("; ", p.Stages.Select(s => $"{s.Name} p50 {Number(s.P50Ms, "0")} / p99 {Number(s.P99Ms, "0")} ms"))));
        foreach (var p in report.Paths.Where(p => p.Ssh is not null))
        {
            var s = p.Ssh!;
            console.MarkupLine(TerminalText.Markup(
                $"  {p.Path} on the login nodes: {s.Connections} SSH connections opened, " +
                (s.Commands < 0 ? "commands not counted (the login user has its own ~/.ssh/rc)" :
                    $"{s.Commands} commands ({Number(s.CommandsPerMinute, "0.0")}/min; {Number(s.CommandsPerJob, "0.00")} per job), of which " +
                    $"{s.TrackingCommands} beyond one sbatch per job ({Number(s.TrackingPerJobMinute, "0.00")} per tracked job per minute)") +
                $" over {Number(s.Minutes * 60, "0")} s."));
        }
        if (Compare(report) is { } c)
        {
            console.MarkupLine(TerminalText.Markup(
                $"Suanwang / sbatch: completed/s {Number(c.CompletedRatio, "0.00")}× (target ≥ {SlurmBenchSettings.CompletedRatioTarget:0.0}×: {Met(c.CompletedMet)}), " +
                $"accepted/s {Number(c.AcceptedRatio, "0.00")}×; added submit→start p50 {Signed(c.AddedP50Ms)} ms (target ≤ {SlurmBenchSettings.AddedP50TargetMs:0} ms: " +
                $"{Met(c.AddedP50Met)}), p99 {Signed(c.AddedP99Ms)} ms."));
        }
        foreach (var p in report.Paths.Where(p => p.Failures.Count > 0))
        {
            console.MarkupLine(TerminalText.Markup($"{p.Path}: {p.Failures.Count} of {Formats.Count(p.Jobs, "job")} did not succeed:"));
            foreach (string f in p.Failures.Take(10)) console.MarkupLine(TerminalText.Markup($"  {f}"));
            if (p.Failures.Count > 10) console.MarkupLine(TerminalText.Markup($"  … and {p.Failures.Count - 10} more"));
        }
    }

    private sealed record Comparison(double CompletedRatio, double AcceptedRatio, double AddedP50Ms, double AddedP99Ms, bool? CompletedMet, bool? AddedP50Met);

    private static Comparison? Compare(SlurmBenchReport report)
    {
        var direct = report.Paths.FirstOrDefault(p => p.Path == SlurmBenchmark.Direct);
        var suanwang = report.Paths.FirstOrDefault(p => p.Path == SlurmBenchmark.Suanwang);
        if (direct is null || suanwang is null) return null;
        double completed = suanwang.CompletedPerSecond / direct.CompletedPerSecond, added = suanwang.StartP50Ms - direct.StartP50Ms;
        // A target is only judged on a run where every job of both paths succeeded.
        bool clean = direct.Failures.Count == 0 && suanwang.Failures.Count == 0;
        return new Comparison(completed, suanwang.AcceptedPerSecond / direct.AcceptedPerSecond, added, suanwang.StartP99Ms - direct.StartP99Ms,
            clean && !double.IsNaN(completed) ? completed >= SlurmBenchSettings.CompletedRatioTarget : null,
            clean && !double.IsNaN(added) ? added <= SlurmBenchSettings.AddedP50TargetMs : null);
    }

    private static string Met(bool? met) => met switch { true => "met", false => "NOT met", null => "not judged: some jobs failed" };

    private static string Number(double value, string format) => double.IsNaN(value) || double.IsInfinity(value) ? "–" : Formats.Number(value, format);

    private static string Signed(double ms) => double.IsNaN(ms) ? "–" : (ms >= 0 ? "+" : "") + Formats.Number(ms, "0");

    private static void WriteJson(CliEnvironment env, SlurmBenchSettings settings, SlurmBenchReport report)
    {
        var options = new JsonSerializerOptions(Formats.Json) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        var c = Compare(report);
        var document = new
        {
            machine = new { cores = Environment.ProcessorCount, dotnet = Environment.Version.ToString(), os = RuntimeInformation.OSDescription },
            access = report.Access,
            slurm = report.SlurmVersion,
            lab = new { directory = report.Lab, broughtUp = report.LabOwned, clusters = report.Clusters.Select(k => new { k.Name, k.Partition, k.Nodes, k.CpusPerNode, k.MemoryMiBPerNode }) },
            settings = new
            {
                settings.Jobs,
                settings.Clients,
                settings.Warmup,
                pollSeconds = settings.Poll.TotalSeconds,
                timeoutSeconds = settings.Timeout.TotalSeconds,
                order = settings.Order,
                pauseSeconds = settings.Pause.TotalSeconds,
                memoryMiB = SlurmBenchSettings.MemoryMiB,
                timeLimitMinutes = SlurmBenchSettings.TimeLimitMinutes,
                command = SlurmBenchmark.StartCommand,
            },
            paths = report.Paths.Select(p => new
            {
                p.Path,
                p.Jobs,
                p.Accepted,
                p.Succeeded,
                acceptSeconds = Math.Round(p.AcceptSeconds, 3),
                completeSeconds = Math.Round(p.CompleteSeconds, 3),
                acceptedPerSecond = Math.Round(p.AcceptedPerSecond, 2),
                completedPerSecond = Math.Round(p.CompletedPerSecond, 2),
                ackP50Ms = Math.Round(p.AckP50Ms, 1),
                ackP99Ms = Math.Round(p.AckP99Ms, 1),
                startP50Ms = Math.Round(p.StartP50Ms, 1),
                startP99Ms = Math.Round(p.StartP99Ms, 1),
                p.PerCluster,
                p.ListedBefore,
                stages = p.Stages.Select(s => new { s.Name, s.Count, p50Ms = Math.Round(s.P50Ms, 1), p99Ms = Math.Round(s.P99Ms, 1) }),
                p.Failures,
                ssh = p.Ssh is not { } s ? null : new
                {
                    connections = s.Connections,
                    commands = s.Commands,
                    seconds = Math.Round(s.Minutes * 60, 1),
                    commandsPerMinute = Math.Round(s.CommandsPerMinute, 2),
                    commandsPerJob = Math.Round(s.CommandsPerJob, 3),
                    trackingCommands = s.TrackingCommands,
                    trackingPerJobMinute = Math.Round(s.TrackingPerJobMinute, 3),
                },
            }),
            comparison = c is null ? null : new
            {
                completedRatio = Math.Round(c.CompletedRatio, 3),
                acceptedRatio = Math.Round(c.AcceptedRatio, 3),
                addedP50Ms = Math.Round(c.AddedP50Ms, 1),
                addedP99Ms = Math.Round(c.AddedP99Ms, 1),
                completedTarget = SlurmBenchSettings.CompletedRatioTarget,
                completedMet = c.CompletedMet,
                addedP50TargetMs = SlurmBenchSettings.AddedP50TargetMs,
                addedP50Met = c.AddedP50Met,
            },
        };
        env.Out.WriteLine(JsonSerializer.Serialize(document, options));
    }
}
