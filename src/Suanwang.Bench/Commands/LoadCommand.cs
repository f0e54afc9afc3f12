using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Suanwang.Cli;
using Suanwang.Cli.Commands;
using Suanwang.Cli.Output;
using Suanwang.Store.Connection;

namespace Suanwang.Bench.Commands;

/// <summary><c>suanwang load</c>: the broker's submission throughput and latency under concurrent clients, per store.</summary>
public static class LoadCommand
{
    private const int MaxClients = 1024;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var clients = new Option<int[]>("--clients")
        {
            Description = $"Concurrent clients, each a closed loop with its own tenant and token; several numbers give a row each, measured in order (1–{MaxClients}).",
            DefaultValueFactory = _ => [32],
            AllowMultipleArgumentsPerToken = true,
            HelpName = "N",
        };
        clients.Validators.Add(result =>
        {
            int[] levels = result.GetValueOrDefault<int[]>() ?? [];
            if (levels.Length == 0) result.AddError("--clients needs at least one number");
            foreach (int n in levels.Where(n => n is < 1 or > MaxClients).Distinct())
                result.AddError($"--clients must be 1–{MaxClients} for every level, not {n}");
        });
        var seconds = new Option<double>("--seconds")
        {
            Description = "Measured time per store and number of clients.",
            DefaultValueFactory = _ => 10,
            HelpName = "SECONDS",
        };
        seconds.Validators.Add(result => SecondsInRange(result, "--seconds", allowZero: false));
        var warmup = new Option<double>("--warmup")
        {
            Description = "Unmeasured load on each new broker before its first row, with the most clients: a fresh broker recompiles its hot " +
                          "paths as they get hot and on 2 cores takes some 20–30 s to reach full speed. Each row also starts with 1 s unmeasured.",
            DefaultValueFactory = _ => 20,
            HelpName = "SECONDS",
        };
        warmup.Validators.Add(result => SecondsInRange(result, "--warmup", allowZero: true));
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Also measure PostgreSQL: the URL of an empty database the broker may migrate and fill (the jobs stay there). " +
                          "'bash scripts/postgres.sh start DIR' starts a throw-away server and prints such a URL.",
            HelpName = "URL",
        };
        postgres.Validators.Add(result =>
        {
            string? text = result.GetValueOrDefault<string?>();
            if (text is null) return;
            try
            {
                if (StoreLocation.Parse(text).Provider == StoreProvider.Postgres) return;
            }
            catch (FormatException)
            {
            }
            result.AddError("--postgres must be a PostgreSQL URL: postgres://user:password@host:port/database");
        });
        var runJobs = new Option<bool>("--run-jobs")
        {
            Description = "Keep the centers up, so accepted jobs are placed and run as processes on this machine while measuring " +
                          "(default: drain every center first, so the figures are the broker's own work: API, validation, store, scheduler).",
        };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };

        var command = new Command("load",
            "Measure the broker under load: for SQLite (and PostgreSQL with --postgres) start 'suanwang serve' as a child process on a fresh " +
            "data folder, drain its centers, then have concurrent clients on loopback submit small jobs in closed loops. Prints accepted " +
            "submissions per second, p50/p90/p99/max submit latency, errors by status, and the broker's peak memory and CPU time, " +
            "with how they were obtained. The broker is stopped and its data folder deleted afterwards. Figures vary with the machine.")
        {
            clients, seconds, warmup, postgres, runJobs, json,
        };
        command.WithExamples(
            "suanwang load --clients 1 8 32",
            "suanwang load --postgres \"$(bash scripts/postgres.sh start /tmp/sw-pg)\" --clients 32");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(env, async () =>
        {
            var settings = new BrokerLoadSettings(parse.GetValue(clients)!, TimeSpan.FromSeconds(parse.GetValue(seconds)),
                TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(postgres), parse.GetValue(runJobs));
            var report = new BrokerLoadReport();
            int exit = ExitCodes.Success;
            string? failure = null;
            try
            {
                await BrokerLoadBenchmark.RunAsync(settings, report, line => env.Error.WriteLine(line), cancellationToken);
            }
            catch (BrokerLoadException e)
            {
                (exit, failure) = (ExitCodes.Failure, $"error: {e.Message}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                (exit, failure) = (ExitCodes.Failure, "interrupted: the broker was stopped and its data folder deleted.");
            }
            // What was measured before a failure is still worth showing.
            if (parse.GetValue(json)) WriteJson(env, settings, report);
            else if (report.Results.Count > 0) WriteTable(env, settings, report);
            if (failure is not null) env.Error.WriteLine(failure);
            return exit;
        }));
        return command;
    }

    private static void SecondsInRange(OptionResult result, string name, bool allowZero)
    {
        double value = result.GetValueOrDefault<double>();
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0 || (!allowZero && value == 0) || value > 3600)
            result.AddError(allowZero ? $"{name} must be 0–3600 seconds" : $"{name} must be more than 0 and at most 3600 seconds");
    }

    private static string Spec => string.Format(System.Globalization.CultureInfo.InvariantCulture, BrokerLoadClients.SpecTemplate, "C", "I")
        .TrimEnd('\n').Replace("\n", "; ", StringComparison.Ordinal);


    private static void WriteTable(CliEnvironment env, BrokerLoadSettings settings, BrokerLoadReport report)
    {
        var (brokers, results) = (report.Brokers, report.Results);
        var console = env.Console(colours: true);
        console.MarkupLine($"[bold]Broker load[/]: each store on a fresh 'suanwang serve' child process (default network, --submit-rate 100000 and no cap on unfinished jobs, so the per-tenant limits never bind); " +
            (settings.RunJobs
                ? "centers up (--run-jobs): accepted jobs are placed and run as processes on this machine while measuring."
                : "every center drained first, so no job runs: the figures are the broker's own work (API, validation, store, scheduler)."));
        foreach (var b in brokers)
            console.MarkupLine(TerminalText.Markup($"  {b.Store}: {b.Location}; {Formats.Count(b.Centers, "center")}, {b.Drained} drained."));
        console.MarkupLine(TerminalText.Markup(
            $"Clients: closed loops on loopback in this process, one tenant (tier {BrokerLoadSettings.Tier}) and token each, one HttpClient (SocketsHttpHandler, " +
            $"a keep-alive HTTP/1.1 connection per client), each POSTing the YAML spec '{Spec}' (C the client, I its request number) with a unique Idempotency-Key. " +
            $"Each broker is first warmed up for {settings.Warmup.TotalSeconds:0.##} s with {Formats.Count(settings.Clients.Max(), "client")}; each row then runs {BrokerLoadSettings.LevelRamp.TotalSeconds:0.##} s unmeasured " +
            $"and {settings.Measure.TotalSeconds:0.##} s measured. Rows run in order on one broker per store, which keeps every earlier job ('jobs before')."));
        console.MarkupLine(TerminalText.Markup(
            "Figures: accepted = 2xx answers; latency = send to complete answer, accepted only; broker peak = VmHWM (/proc/PID/status) " +
            $"{(brokers.All(b => b.PeakReset) ? "reset before each row" : "since the broker started (the kernel refused a reset)")}; broker CPU = utime + stime (/proc/PID/stat); " +
            $"client CPU = this process; other CPU = all cores' busy time (/proc/stat) less those two: the PostgreSQL server when measuring it, else anything else running " +
            $"(interference). {BenchMachine.Description}."));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "store", "clients", "jobs before", "accepted", "accepted/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "broker peak MiB", "broker CPU s", "client CPU s", "other CPU s" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var r in results)
            table.AddRow(r.Store, r.Clients.ToString(), r.JobsBefore.ToString(), r.Accepted.ToString(), Formats.Number(r.AcceptedPerSecond, "#,0"),
                Ms(r.P50Ms), Ms(r.P90Ms), Ms(r.P99Ms), Ms(r.MaxMs), TerminalText.Markup(Errors(r)),
                r.BrokerPeakMiB is { } peak ? Formats.Number(peak, "0") : "?", Formats.Number(r.BrokerCpuSeconds, "0.0"),
                Formats.Number(r.LoadCpuSeconds, "0.0"), double.IsNaN(r.OtherCpuSeconds) ? "?" : Formats.Number(r.OtherCpuSeconds, "0.0"));
        console.Write(table);
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : Formats.Number(ms, ms < 10 ? "0.00" : "0.0");

    private static string Errors(BrokerLoadResult r) =>
        r.ErrorCount == 0 ? "0" : $"{r.ErrorCount} ({string.Join(", ", r.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value}"))})";

    private static void WriteJson(CliEnvironment env, BrokerLoadSettings settings, BrokerLoadReport report)
    {
        var (brokers, results) = (report.Brokers, report.Results);
        var options = new JsonSerializerOptions(Formats.Json) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        var document = new
        {
            machine = new { cores = Environment.ProcessorCount, dotnet = Environment.Version.ToString(), os = RuntimeInformation.OSDescription },
            settings = new
            {
                clients = settings.Clients,
                seconds = settings.Measure.TotalSeconds,
                warmupSeconds = settings.Warmup.TotalSeconds,
                centersDrained = !settings.RunJobs,
                tier = BrokerLoadSettings.Tier,
                spec = BrokerLoadClients.SpecTemplate.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal)
                    .Replace("{0}", "{client}", StringComparison.Ordinal).Replace("{1}", "{i}", StringComparison.Ordinal),
            },
            brokers,
            results = results.Select(r => new
            {
                r.Store,
                r.Clients,
                seconds = Math.Round(r.Seconds, 3),
                r.JobsBefore,
                r.Accepted,
                acceptedPerSecond = Math.Round(r.AcceptedPerSecond, 1),
                p50Ms = Math.Round(r.P50Ms, 3),
                p90Ms = Math.Round(r.P90Ms, 3),
                p99Ms = Math.Round(r.P99Ms, 3),
                maxMs = Math.Round(r.MaxMs, 3),
                errors = r.ErrorCount,
                errorsByStatus = r.Errors,
                brokerPeakMiB = r.BrokerPeakMiB is { } peak ? Math.Round(peak, 1) : (double?)null,
                brokerCpuSeconds = Math.Round(r.BrokerCpuSeconds, 2),
                clientCpuSeconds = Math.Round(r.LoadCpuSeconds, 2),
                otherCpuSeconds = Math.Round(r.OtherCpuSeconds, 2),
                machineBusyPercent = Math.Round(r.MachineBusyPercent, 1),
            }),
        };
        env.Out.WriteLine(JsonSerializer.Serialize(document, options));
    }
}
