using System.Globalization;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Store.Connection;

namespace Suanwang.Bench;

/// <summary>What <c>suanwang load</c> measures.</summary>
/// <param name="Clients">Concurrency levels, measured in this order on one broker per store.</param>
/// <param name="Measure">Measured time per level.</param>
/// <param name="Warmup">Unmeasured load once per broker, before its first level, at the largest concurrency.</param>
/// <param name="Postgres">A PostgreSQL URL to measure besides SQLite (an empty database), or null.</param>
/// <param name="RunJobs">Keep the centers up so accepted jobs really run (default: drain them all first).</param>
public sealed record BrokerLoadSettings(IReadOnlyList<int> Clients, TimeSpan Measure, TimeSpan Warmup, string? Postgres, bool RunJobs)
{
    /// <summary>The tier of every load tenant: a tier of the default network.</summary>
    public const string Tier = "sme";

    /// <summary>Unmeasured time at the start of each level, at that level's concurrency (new clients connect, the queue settles).</summary>
    public static readonly TimeSpan LevelRamp = TimeSpan.FromSeconds(1);
}

/// <summary>One store's broker, as the benchmark set it up.</summary>
/// <param name="Store">sqlite or postgresql.</param>
/// <param name="Location">Where the store was (password masked).</param>
/// <param name="Centers">The broker's centers.</param>
/// <param name="Drained">Centers drained before measuring.</param>
/// <param name="PeakReset">Whether the kernel let the broker's peak memory be reset before each level (else the peak is since start-up).</param>
public sealed record BrokerLoadBroker(string Store, string Location, int Centers, int Drained, bool PeakReset);

/// <summary>What a load run found so far: the brokers it set up and the levels it measured, in order.</summary>
public sealed class BrokerLoadReport
{
    /// <summary>The brokers, one per store.</summary>
    public List<BrokerLoadBroker> Brokers { get; } = [];

    /// <summary>The measured levels.</summary>
    public List<BrokerLoadResult> Results { get; } = [];
}

/// <summary>One measured level: one store, one number of clients.</summary>
/// <param name="Store">sqlite or postgresql.</param>
/// <param name="Clients">Concurrent closed-loop clients.</param>
/// <param name="Seconds">Measured wall time (until the last answer).</param>
/// <param name="JobsBefore">Jobs the broker had accepted before this level (warm-up, earlier levels): they stay in its store, queued when the centers are drained.</param>
/// <param name="Accepted">Submissions answered 2xx.</param>
/// <param name="AcceptedPerSecond">Accepted per second of <paramref name="Seconds"/>.</param>
/// <param name="P50Ms">Median submit latency of accepted submissions, ms (send to complete answer).</param>
/// <param name="P90Ms">90th percentile, ms.</param>
/// <param name="P99Ms">99th percentile, ms.</param>
/// <param name="MaxMs">Slowest, ms.</param>
/// <param name="Errors">Submissions not accepted, by status (or connection / timeout).</param>
/// <param name="BrokerPeakMiB">The broker's peak resident memory during the level (VmHWM), MiB.</param>
/// <param name="BrokerCpuSeconds">The broker's CPU time during the level (utime + stime), s.</param>
/// <param name="LoadCpuSeconds">This process's CPU time during the level (the clients), s.</param>
/// <param name="OtherCpuSeconds">CPU time the rest of the machine used during the level (all cores' busy time in /proc/stat less the broker and the clients), s: the PostgreSQL server when measuring it, else whatever else ran (a sign of interference).</param>
/// <param name="MachineBusyPercent">Share of all cores' time the machine was busy during the level (/proc/stat), %.</param>
public sealed record BrokerLoadResult(
    string Store,
    int Clients,
    double Seconds,
    long JobsBefore,
    long Accepted,
    double AcceptedPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, long> Errors,
    double? BrokerPeakMiB,
    double BrokerCpuSeconds,
    double LoadCpuSeconds,
    double OtherCpuSeconds,
    double MachineBusyPercent)
{
    /// <summary>All submissions not accepted.</summary>
    public long ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// The broker load benchmark: per store, a fresh broker as a child process (<see cref="BrokerLoadProcess"/>), a
/// tenant and token per client, centers drained (unless asked to run the jobs), a warm-up, then each concurrency
/// level measured with closed-loop clients (<see cref="BrokerLoadClients"/>) while the broker's CPU time
/// and peak memory are read from <c>/proc</c>. The broker is stopped and its folder deleted however it ends.
/// </summary>
public static class BrokerLoadBenchmark
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Measures SQLite, then PostgreSQL when <see cref="BrokerLoadSettings.Postgres"/> is set, adding each broker and
    /// each measured level to <paramref name="report"/> as soon as it is done (so a later failure keeps the earlier figures).
    /// </summary>
    /// <param name="settings">What to measure.</param>
    /// <param name="report">Filled in as the run goes.</param>
    /// <param name="progress">Told what is being measured, before each level (e.g. a line on standard error).</param>
    /// <param name="cancellationToken">Stops the run; the brokers are stopped and cleaned up.</param>
    /// <exception cref="BrokerLoadException">A broker did not start, refused the set-up or exited while measured.</exception>
    public static async Task RunAsync(BrokerLoadSettings settings, BrokerLoadReport report, Action<string> progress, CancellationToken cancellationToken)
    {
        var stores = new List<(string Name, string? Store)> { ("sqlite", null) };
        if (settings.Postgres is not null) stores.Add(("postgresql", settings.Postgres));
        foreach (var (name, store) in stores) await RunStoreAsync(name, store, settings, report, progress, cancellationToken);
    }

    private static async Task RunStoreAsync(string name, string? store, BrokerLoadSettings settings, BrokerLoadReport report,
        Action<string> progress, CancellationToken cancellationToken)
    {
        int most = settings.Clients.Max();
        progress($"{name}: starting a broker…");
        await using var broker = await BrokerLoadProcess.StartAsync(name, store, ReadyTimeout, cancellationToken);
        string location = store is null ? "SQLite in a fresh temporary data folder" : StoreLocation.Parse(store).Display;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = most + 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = broker.Url, Timeout = TimeSpan.FromSeconds(30) };

        IReadOnlyList<string> tokens;
        int centers, drained = 0;
        try
        {
            var admin = new SuanwangClient(http, broker.AdminToken);
            var all = await admin.ListCentersAsync(cancellationToken);
            centers = all.Count;
            if (!settings.RunJobs)
                foreach (var center in all)
                {
                    await admin.DrainCenterAsync(center.Id, cancellationToken);
                    drained++;
                }
            progress($"{name}: creating {Formats.Count(most, "tenant")} and tokens…");
            var issued = new List<string>(most);
            for (int c = 1; c <= most; c++)
            {
                string tenant = $"load-{c}";
                await admin.CreateTenantAsync(new CreateTenantRequest(tenant, null, BrokerLoadSettings.Tier, null, null), cancellationToken);
                issued.Add((await admin.IssueTokenAsync(new IssueTokenRequest("tenant", tenant, "suanwang load"), cancellationToken)).Secret);
            }
            tokens = issued;
        }
        catch (SuanwangApiException e)
        {
            throw new BrokerLoadException($"setting up the broker ({name}) failed: {e.Message}{(e.Detail is { } d ? $": {d}" : "")}; its last output:\n{broker.LogTail()}", e);
        }

        var clients = new BrokerLoadClients(http, broker.Url, tokens);
        bool peakReset = broker.ResetPeakMemory();
        report.Brokers.Add(new BrokerLoadBroker(name, location, centers, drained, peakReset));
        long jobs = 0;
        if (settings.Warmup > TimeSpan.Zero)
        {
            // A fresh broker runs its hot paths as quickly jitted code at first and recompiles them, with profile
            // data, in the background as they get hot: on a small machine under load that takes tens of seconds.
            progress($"{name}: warming up for {Seconds(settings.Warmup)} s with {Formats.Count(most, "client")}…");
            jobs += (await clients.RunAsync(most, settings.Warmup, cancellationToken)).Accepted;
        }
        foreach (int level in settings.Clients)
        {
            progress($"{name}: measuring {Formats.Count(level, "client")} for {Seconds(settings.Measure)} s…");
            jobs += (await clients.RunAsync(level, BrokerLoadSettings.LevelRamp, cancellationToken)).Accepted;
            if (peakReset) broker.ResetPeakMemory();
            var (brokerCpu, loadCpu, machine) = (broker.CpuTime, BrokerLoadProcess.CpuTimeOf(Environment.ProcessId), MachineCpu.Read());
            var phase = await clients.RunAsync(level, settings.Measure, cancellationToken);
            var (brokerCpuAfter, loadCpuAfter, machineAfter) = (broker.CpuTime, BrokerLoadProcess.CpuTimeOf(Environment.ProcessId), MachineCpu.Read());
            if (broker.HasExited)
                throw new BrokerLoadException($"the broker ({name}) exited during the run; its last output:\n{broker.LogTail()}");
            double seconds = phase.Elapsed.TotalSeconds;
            double brokerSeconds = (brokerCpuAfter - brokerCpu).TotalSeconds, loadSeconds = (loadCpuAfter - loadCpu).TotalSeconds;
            report.Results.Add(new BrokerLoadResult(name, level, seconds, jobs, phase.Accepted, phase.Accepted / seconds,
                phase.Percentile(0.50), phase.Percentile(0.90), phase.Percentile(0.99), phase.Percentile(1.0), phase.Errors,
                broker.PeakMemoryMiB, brokerSeconds, loadSeconds,
                Math.Max(0, MachineCpu.BusySeconds(machine, machineAfter) - brokerSeconds - loadSeconds),
                MachineCpu.BusyPercent(machine, machineAfter)));
            jobs += phase.Accepted;
        }
        progress($"{name}: stopping the broker…");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The machine's CPU time from the first line of <c>/proc/stat</c> (all cores, in clock ticks, the same USER_HZ ticks as /proc/PID/stat).</summary>
    private readonly record struct MachineCpu(long Busy, long Total)
    {
        public static MachineCpu Read()
        {
            try
            {
                string line = File.ReadLines("/proc/stat").First();
                long[] ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                    .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                // user nice system idle iowait irq softirq steal: busy is what this machine's processes and
                // interrupts used; idle, iowait and steal (time the hypervisor gave elsewhere) are not.
                return new MachineCpu(ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], ticks.Sum());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
            {
                return default;
            }
        }

        public static double BusySeconds(MachineCpu before, MachineCpu after) =>
            after.Total > before.Total ? (double)(after.Busy - before.Busy) / BrokerLoadProcess.ClockTicksPerSecond : double.NaN;

        public static double BusyPercent(MachineCpu before, MachineCpu after) =>
            after.Total > before.Total ? 100.0 * (after.Busy - before.Busy) / (after.Total - before.Total) : double.NaN;
    }
}
