using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Engines.Slurm;
using Suanwang.Engines.Local;
using Suanwang.Model.Errors;
using Suanwang.Placement.Policies;
using Suanwang.Store.Connection;

namespace Suanwang.Cli.Commands;

/// <summary><c>suanwang serve</c>: runs the broker.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Address(es) to listen on, ';'-separated. Loopback by default: expose the broker deliberately, behind TLS.",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var data = new Option<string?>("--data")
        {
            Description = "Data folder: the SQLite store, the local centers' run folders and the first start's tokens. " +
                          "Default: $SUANWANG_DATA, else $XDG_DATA_HOME/suanwang, else ~/.local/share/suanwang. Not the public data sets (--public-data).",
            HelpName = "DIR",
        };
        var store = new Option<string?>("--store")
        {
            Description = "Store: postgres://user@host:port/database for PostgreSQL, or a SQLite file path. Default: $SUANWANG_STORE, else " +
                          "SQLite at DATA/suanwang.db. Keep a PostgreSQL password out of the command line (any local user sees it in ps): " +
                          "PGPASSWORD, a password file (PGPASSFILE, else ~/.pgpass), or --store-file.",
        };
        var storeFile = new Option<FileInfo?>("--store-file")
        {
            Description = "Read the store location (its first line, e.g. a postgres:// URL with its password) from this file, kept mode 0600.",
            HelpName = "FILE",
        };
        var network = new Option<string?>("--network", "-n")
        {
            Description = "Network file or bundled name to run. First start: default china-hubs. Later starts keep the stored network " +
                          "(with centers registered through the API) unless this names a different one.",
        };
        var publicData = CommonOptions.PublicData();
        var policy = new Option<string>("--policy")
        {
            Description = $"Placement policy: {string.Join(", ", PolicyCatalog.Names)}.",
            DefaultValueFactory = _ => "suanwang",
        };
        policy.AcceptOnlyFromAmong([.. PolicyCatalog.Names]);
        var lease = new Option<double>("--lease")
        {
            Description = "Seconds a center may be unreachable before its running jobs are presumed lost and requeued.",
            DefaultValueFactory = _ => 60,
        };
        var defaults = BrokerOptions.For(".");
        var rate = new Option<int>("--submit-rate")
        {
            Description = "Jobs per second one tenant may submit (a job array counts each task), in bursts of twice that or of --max-array, " +
                          "whichever is more; beyond it the API answers 429 with Retry-After.",
            DefaultValueFactory = _ => defaults.SubmitsPerSecondPerTenant,
            HelpName = "JOBS",
        };
        var maxArray = new Option<int>("--max-array")
        {
            Description = $"Most jobs one submission (a job array) may create, 1–{Suanwang.Specs.SpecLimits.MaxArrayTasks}; more is refused as invalid (400).",
            DefaultValueFactory = _ => defaults.MaxArrayTasks,
            HelpName = "JOBS",
        };
        var maxUnfinished = new Option<int>("--max-unfinished-jobs")
        {
            Description = "Most unfinished jobs (not yet succeeded, failed or cancelled) one tenant may have; a submission beyond it " +
                          "is answered 429 until some have ended.",
            DefaultValueFactory = _ => defaults.MaxUnfinishedJobsPerTenant,
            HelpName = "JOBS",
        };
        var dryRunRate = new Option<int>("--dry-run-rate")
        {
            Description = "Dry runs per second one tenant may ask for (bursts of twice that; a job array counts one per 100 tasks); beyond it 429.",
            DefaultValueFactory = _ => defaults.DryRunsPerSecondPerTenant,
            HelpName = "N",
        };
        var streamsPerTenant = new Option<int>("--max-streams-per-tenant")
        {
            Description = "Live streams (GET /v1/live; a dashboard tab holds one) one tenant, or one admin token, may hold open; beyond it 429.",
            DefaultValueFactory = _ => defaults.MaxLiveStreamsPerTenant,
            HelpName = "N",
        };
        var streams = new Option<int>("--max-streams")
        {
            Description = "Live streams open at once, all callers together (at most half of --max-connections).",
            DefaultValueFactory = _ => defaults.MaxLiveStreams,
            HelpName = "N",
        };
        var connections = new Option<int>("--max-connections")
        {
            Description = "HTTP connections open at once; more are closed as they arrive. Lowered to half the process's open-file limit " +
                          "(ulimit -n) when that is smaller.",
            DefaultValueFactory = _ => defaults.MaxConnections,
            HelpName = "N",
        };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines (one object per event) instead of text." };
        var seriesDirs = new Option<string[]>("--series-dir")
        {
            Description = "A further folder centers' series files (energy.carbon.file, energy.renewable.file) may be read from, besides the " +
                          "network file's own folder and --public-data. Repeatable. Any other file, or a link leading out of these folders, is refused.",
            HelpName = "DIR",
        };
        var socketDirs = new Option<string[]>("--slurm-socket-dir")
        {
            Description = $"A further folder Slurm centers' slurmrestd sockets (engine setting socket, socket.<tenant>) may be in, besides " +
                          $"{string.Join(" and ", SlurmEndpointPolicy.DefaultSocketDirectories)}. Repeatable.",
            HelpName = "DIR",
        };
        var restHosts = new Option<string[]>("--slurm-rest-host")
        {
            Description = "A host Slurm centers' restUrl or ssh login node may name besides loopback: a host name (exact), an IP address or a " +
                          "CIDR block (10.20.0.0/16). Repeatable.",
            HelpName = "HOST|CIDR",
        };
        var sshKeyDirs = new Option<string[]>("--slurm-ssh-key-dir")
        {
            Description = "A folder the private keys of Slurm centers reached over SSH (engine settings sshKey, sshKey.<tenant>) may be in. " +
                          "None by default: without it no SSH center can be registered. Repeatable.",
            HelpName = "DIR",
        };
        var jobUids = new Option<string?>("--job-uids")
        {
            Description = "User ids local centers run tenants' jobs as when the broker runs as root, one per tenant, e.g. 1900000000-1999999999 " +
                          "(the default; or $SUANWANG_JOB_UIDS). No account is needed; pick ids no account uses. Jobs never run as root, and " +
                          "always in a bubblewrap sandbox that shows them only their own run folder and what their center exposes.",
            HelpName = "FIRST-LAST",
        };

        var command = new Command("serve",
            "Run the broker: the REST API, the scheduler and the centers' engines. Defaults: 127.0.0.1:8080, SQLite in the data " +
            "folder, the china-hubs network, whose centers run jobs as processes on this machine; the first start writes an admin " +
            "and a 'default' tenant token into DATA/tokens/. Ctrl+C stops it; running local jobs carry on and are picked up again.")
        {
            urls, data, store, storeFile, network, publicData.Option, publicData.DeprecatedOption, policy, lease,
            rate, maxArray, maxUnfinished, dryRunRate, streamsPerTenant, streams, connections, jobUids, jsonLogs, seriesDirs, socketDirs, restHosts, sshKeyDirs,
        };
        command.WithExamples(
            "suanwang serve",
            "suanwang submit examples/jobs/hello.yaml --wait          (in another terminal)",
            "suanwang serve --store postgres://suanwang@127.0.0.1:5432/suanwang   (password from ~/.pgpass, PGPASSFILE or PGPASSWORD)");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(env, async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data) ?? SuanwangPaths.DefaultDataDirectory(env.GetEnvironmentVariable));
            string? typed = parse.GetValue(store);
            string? fromFile = parse.GetValue(storeFile) is { } file ? ReadStoreFile(file, typed) : null;
            string? storeText = typed ?? fromFile ?? env.GetEnvironmentVariable("SUANWANG_STORE");
            string storeOption = typed is not null ? "--store" : fromFile is not null ? "--store-file" : "SUANWANG_STORE";
            StoreLocation location;
            try
            {
                location = storeText is null ? StoreLocation.Sqlite(Path.Combine(dataDirectory, "suanwang.db")) : StoreLocation.Parse(storeText);
            }
            catch (FormatException e)
            {
                throw new SpecException(storeOption, [new SpecError(storeOption, e.Message)]);
            }
            if (typed is not null && location.HasPassword)
                env.Error.WriteLine("warning: the store's password is on the command line, where every local user can read it (ps); " +
                                    "give it through PGPASSWORD, a password file (PGPASSFILE, else ~/.pgpass), SUANWANG_STORE or --store-file instead");
            if (parse.GetValue(lease) is var seconds && (seconds <= 0 || double.IsNaN(seconds)))
                throw new SpecException("--lease", [new SpecError("--lease", "must be a positive number of seconds")]);
            var errors = new List<SpecError>();
            foreach (var positive in new[] { rate, maxUnfinished, dryRunRate, streamsPerTenant, streams, connections })
                if (parse.GetValue(positive) <= 0) errors.Add(new SpecError(positive.Name, "must be at least 1"));
            if (parse.GetValue(maxArray) is < 1 or > Suanwang.Specs.SpecLimits.MaxArrayTasks)
                errors.Add(new SpecError("--max-array", $"must be 1–{Suanwang.Specs.SpecLimits.MaxArrayTasks}"));
            if (errors.Count > 0) throw new SpecException("serve", errors);
            var endpoints = SlurmEndpoints(parse.GetValue(socketDirs) ?? [], parse.GetValue(restHosts) ?? [], parse.GetValue(sshKeyDirs) ?? []);
            var uids = JobUidRange.Default;
            if ((parse.GetValue(jobUids) ?? env.GetEnvironmentVariable("SUANWANG_JOB_UIDS")) is { } uidText)
            {
                try
                {
                    uids = JobUidRange.Parse(uidText);
                }
                catch (FormatException e)
                {
                    throw new SpecException("--job-uids", [new SpecError("--job-uids", e.Message)]);
                }
            }
            var options = new BrokerOptions(parse.GetValue(urls)!, dataDirectory, location, parse.GetValue(network),
                publicData.Resolve(parse, env), parse.GetValue(policy)!)
            {
                CenterLease = TimeSpan.FromSeconds(parse.GetValue(lease)),
                SubmitsPerSecondPerTenant = parse.GetValue(rate),
                // The bucket holds at least the largest array, so no array is refused for ever.
                SubmitBurst = (int)Math.Min(int.MaxValue, Math.Max(2L * parse.GetValue(rate), parse.GetValue(maxArray))),
                MaxArrayTasks = parse.GetValue(maxArray),
                MaxUnfinishedJobsPerTenant = parse.GetValue(maxUnfinished),
                DryRunsPerSecondPerTenant = parse.GetValue(dryRunRate),
                DryRunBurst = (int)Math.Min(int.MaxValue, 2L * parse.GetValue(dryRunRate)),
                MaxLiveStreamsPerTenant = parse.GetValue(streamsPerTenant),
                MaxLiveStreams = parse.GetValue(streams),
                MaxConnections = parse.GetValue(connections),
                SeriesDirectories = [.. (parse.GetValue(seriesDirs) ?? []).Select(Path.GetFullPath)],
                SlurmEndpoints = endpoints,
                JobUids = uids,
            };
            bool json = parse.GetValue(jsonLogs);
            Microsoft.AspNetCore.Builder.WebApplication app;
            BrokerStartup startup;
            try
            {
                // The engines centers may name as their backend: another engine is one more Add…Engine() here.
                (app, startup) = await BrokerHost.BuildAsync(options, logging => Logging(logging, json), env.Clock, cancellationToken,
                    engines: services => services.AddStandardEngines(options));
            }
            catch (BrokerAlreadyRunningException e)
            {
                env.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException or System.Net.Sockets.SocketException)
            {
                env.Error.WriteLine($"error: cannot open the store at {location.Display}: {(e.InnerException ?? e).Message}");
                return ExitCodes.Failure;
            }
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                var o = env.Out;
                o.WriteLine($"Suanwang broker listening on {string.Join(", ", app.Urls)}");
                o.WriteLine($"  store:    {location.Display}");
                o.WriteLine($"  network:  {startup.NetworkId} (revision {startup.NetworkRevision}), {Output.Formats.Count(startup.Centers, "center")}, {startup.CentersWithEngine} with an engine");
                o.WriteLine($"  data:     {dataDirectory}");
                o.WriteLine($"  API:      {app.Urls.First()}/openapi/v1.json   metrics: {app.Urls.First()}/metrics");
                o.WriteLine($"  dashboard: {app.Urls.First()}{Suanwang.Api.ApiRoutes.Dashboard}   (sign in with a token from DATA/tokens/)");
                if (startup.DefaultTokenFile is not null)
                {
                    o.WriteLine($"  first start: tenant 'default' token in {startup.DefaultTokenFile}");
                    o.WriteLine($"               admin token in {startup.AdminTokenFile}");
                }
                o.WriteLine($"Try: {TryCommand(app.Urls.First(), dataDirectory, env.GetEnvironmentVariable)}");
                o.WriteLine("Press Ctrl+C to stop.");
                o.Flush();
                await app.WaitForShutdownAsync(cancellationToken);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    // The defaults plus what the operator added; a bad entry is refused with the option's name.
    private static SlurmEndpointPolicy SlurmEndpoints(string[] socketDirectories, string[] restHosts, string[] sshKeyDirectories)
    {
        var errors = new List<SpecError>();
        var policy = SlurmEndpointPolicy.Default;
        try
        {
            policy = policy with { SocketDirectories = [.. SlurmEndpointPolicy.DefaultSocketDirectories, .. socketDirectories] };
        }
        catch (ArgumentException e)
        {
            errors.Add(new SpecError("--slurm-socket-dir", e.Message));
        }
        try
        {
            policy = policy with { RestHosts = restHosts };
        }
        catch (ArgumentException e)
        {
            errors.Add(new SpecError("--slurm-rest-host", e.Message));
        }
        try
        {
            policy = policy with { SshKeyDirectories = sshKeyDirectories };
        }
        catch (ArgumentException e)
        {
            errors.Add(new SpecError("--slurm-ssh-key-dir", e.Message));
        }
        if (errors.Count > 0) throw new SpecException("serve options", errors);
        return policy;
    }

    // The first non-empty line of --store-file; refused beside --store (two answers to one question).
    private static string ReadStoreFile(FileInfo file, string? typed)
    {
        if (typed is not null)
            throw new SpecException("--store-file", [new SpecError("--store-file", "give either --store or --store-file, not both")]);
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException("--store-file", [new SpecError("--store-file", $"cannot read {file.FullName}: {e.Message}")]);
        }
        return text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0)
               ?? throw new SpecException("--store-file", [new SpecError("--store-file", $"{file.FullName} is empty; write the store's location on its first line")]);
    }

    /// <summary>
    /// The command the start-up hint suggests, with what a client in a fresh terminal needs to reach this broker as its
    /// 'default' tenant: <c>--broker</c> unless it is the default address, <c>--data DIR</c> unless the data folder is the
    /// one a client finds by itself (without <c>$SUANWANG_DATA</c>, which a fresh terminal may not have), and for an
    /// address that is not loopback (where the client never reads the token file) the token from the file. The program
    /// is named as the user ran it when the launcher says so (<c>./suanwang</c>).
    /// </summary>
    /// <param name="listeningUrl">The first address the broker listens on.</param>
    /// <param name="dataDirectory">The broker's data folder (full path).</param>
    /// <param name="environment">The broker's environment.</param>
    public static string TryCommand(string listeningUrl, string dataDirectory, Func<string, string?> environment)
    {
        string broker = ClientUrl(listeningUrl);
        string program = SuanwangPaths.Value(environment, SuanwangPaths.CommandNameVariable) is { } typed ? ShellWord(typed) : "suanwang";
        var command = new System.Text.StringBuilder(program).Append(" submit examples/jobs/hello.yaml --wait");
        if (broker != Client.BrokerConnection.DefaultBroker) command.Append(" --broker ").Append(broker);
        string usual = Path.GetFullPath(SuanwangPaths.DefaultDataDirectory(name => name == SuanwangPaths.DataVariable ? null : environment(name)));
        bool loopback = Uri.TryCreate(broker, UriKind.Absolute, out var uri) && uri.IsLoopback;
        if (!loopback)
            return $"{Client.BrokerConnection.TokenVariable}=$(cat {ShellWord(SuanwangPaths.DefaultTokenFileIn(dataDirectory))}) {command}";
        if (!string.Equals(usual.TrimEnd('/'), dataDirectory.TrimEnd('/'), StringComparison.Ordinal)) command.Append(" --data ").Append(ShellWord(dataDirectory));
        return command.ToString();
    }

    // A listening address as a client dials it: a wildcard host (0.0.0.0, [::], *, +) is this machine's loopback.
    private static string ClientUrl(string listeningUrl)
    {
        string url = listeningUrl.TrimEnd('/');
        foreach (var (wildcard, loopback) in new[] { ("0.0.0.0", "127.0.0.1"), ("[::]", "[::1]"), ("*", "127.0.0.1"), ("+", "127.0.0.1") })
        {
            string host = "://" + wildcard + ":";
            int at = url.IndexOf(host, StringComparison.Ordinal);
            if (at >= 0) return url[..at] + "://" + loopback + ":" + url[(at + host.Length)..];
        }
        return url;
    }

    // A word a POSIX shell reads back unchanged: bare when it holds nothing special, else single-quoted.
    private static string ShellWord(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "_./:@%+=,-".Contains(c)) ? text : "'" + text.Replace("'", "'\\''") + "'";

    private static void Logging(ILoggingBuilder logging, bool json)
    {
        if (json) logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        else logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.SetMinimumLevel(LogLevel.Information);
    }
}
