using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Lifecycle;

namespace Suanwang.Bench;

/// <summary>What <c>suanwang bench slurm</c> measures.</summary>
/// <param name="Jobs">Measured jobs per path.</param>
/// <param name="Clients">Concurrent submitters per path.</param>
/// <param name="Warmup">Unmeasured jobs per path, submitted and finished just before its measured ones.</param>
/// <param name="Poll">How often completion is polled (Slurm for the direct path, the broker for Suanwang's).</param>
/// <param name="Timeout">The longest a path's jobs may take to finish before the run gives up on them.</param>
/// <param name="SuanwangFirst">Measure Suanwang's path first (default: direct <c>sbatch</c> first).</param>
/// <param name="Pause">Wait between the two paths (e.g. for Slurm to forget the first path's finished jobs).</param>
/// <param name="Access">Which clusters and which way in: the baseline and the broker's centers both use it.</param>
public sealed record SlurmBenchSettings(int Jobs, int Clients, int Warmup, TimeSpan Poll, TimeSpan Timeout, bool SuanwangFirst, TimeSpan Pause,
    SlurmBenchAccess Access = SlurmBenchAccess.Rest2205)
{
    /// <summary>Memory each job asks for, MiB (the broker's spec says 1 GiB, which its Slurm engine sends as 1024 MB).</summary>
    public const int MemoryMiB = 1024;

    /// <summary>Each job's time limit, minutes (the spec's 0.05 h, rounded up to whole minutes as the engine does).</summary>
    public const int TimeLimitMinutes = 3;

    /// <summary>The target of issue 4: Suanwang's completed jobs per second at least this share of direct sbatch's.</summary>
    public const double CompletedRatioTarget = 0.9;

    /// <summary>The target of issue 4: Suanwang adds at most this to the median submit-to-start latency, ms.</summary>
    public const double AddedP50TargetMs = 1000;

    /// <summary>The paths in the order they are measured.</summary>
    public IReadOnlyList<string> Order => SuanwangFirst ? [SlurmBenchmark.Suanwang, SlurmBenchmark.Direct] : [SlurmBenchmark.Direct, SlurmBenchmark.Suanwang];
}

/// <summary>A latency between two moments of a job's life, over a path's jobs.</summary>
/// <param name="Name">From → to.</param>
/// <param name="Count">Jobs that had both moments.</param>
/// <param name="P50Ms">Median, ms.</param>
/// <param name="P99Ms">99th percentile (nearest rank), ms.</param>
public sealed record SlurmBenchStage(string Name, int Count, double P50Ms, double P99Ms);

/// <summary>One path's figures.</summary>
/// <param name="Path"><see cref="SlurmBenchmark.Direct"/> or <see cref="SlurmBenchmark.Suanwang"/>.</param>
/// <param name="Jobs">Jobs submitted.</param>
/// <param name="Accepted">Submissions acknowledged (sbatch printed a job id; the broker answered 201).</param>
/// <param name="Succeeded">Jobs that ended successfully (Slurm COMPLETED, i.e. exit 0; the broker's Succeeded with exit code 0) and wrote their start instant.</param>
/// <param name="AcceptSeconds">From the first submission to the last acknowledgement.</param>
/// <param name="CompleteSeconds">From the first submission to the poll that saw every accepted job finished; NaN when they did not within the timeout.</param>
/// <param name="AckP50Ms">Submit → acknowledged, median, ms.</param>
/// <param name="AckP99Ms">Submit → acknowledged, p99, ms.</param>
/// <param name="StartP50Ms">Submit → the job's own recorded start in Slurm, median, ms.</param>
/// <param name="StartP99Ms">Submit → start, p99, ms.</param>
/// <param name="PerCluster">Jobs that ran on each cluster.</param>
/// <param name="ListedBefore">Jobs already in the clusters' lists (squeue -t all) when the measured jobs began, summed: finished jobs stay listed for MinJobAge.</param>
/// <param name="Stages">Where the time went between submission and start (and, for Suanwang, until the broker recorded the end).</param>
/// <param name="Failures">What went wrong, one line per job (empty when every job succeeded).</param>
/// <param name="Ssh">On the SSH access path: what the measured jobs cost the login nodes; else null.</param>
public sealed record SlurmBenchPath(
    string Path,
    int Jobs,
    int Accepted,
    int Succeeded,
    double AcceptSeconds,
    double CompleteSeconds,
    double AckP50Ms,
    double AckP99Ms,
    double StartP50Ms,
    double StartP99Ms,
    IReadOnlyDictionary<string, int> PerCluster,
    int ListedBefore,
    IReadOnlyList<SlurmBenchStage> Stages,
    IReadOnlyList<string> Failures,
    SlurmBenchSsh? Ssh = null)
{
    /// <summary>Jobs acknowledged per second.</summary>
    public double AcceptedPerSecond => Accepted / AcceptSeconds;

    /// <summary>Jobs finished per second, first submission to last finish seen; NaN when not all finished.</summary>
    public double CompletedPerSecond => Jobs / CompleteSeconds;
}

/// <summary>What a path's measured jobs cost the login nodes, from the first submission to the poll that saw all finished.</summary>
/// <param name="Connections">SSH connections opened (sshd's "Accepted publickey" lines for the login user).</param>
/// <param name="Commands">Commands run (sessions: each runs the user's <c>~/.ssh/rc</c>, which the benchmark makes count them); -1 when not counted.</param>
/// <param name="Minutes">The measured span, minutes.</param>
/// <param name="Jobs">The jobs tracked.</param>
public sealed record SlurmBenchSsh(int Connections, long Commands, double Minutes, int Jobs)
{
    /// <summary>Commands per minute over the measured span.</summary>
    public double CommandsPerMinute => Commands < 0 ? double.NaN : Commands / Minutes;

    /// <summary>Commands per job over the span (submission, tracking, output).</summary>
    public double CommandsPerJob => Commands < 0 ? double.NaN : (double)Commands / Jobs;

    /// <summary>Commands beyond one submission per job: tracking (listings, look-ups of one job, accounting) and output.</summary>
    public long TrackingCommands => Commands < 0 ? -1 : Math.Max(0, Commands - Jobs);

    /// <summary>Tracking commands per tracked job per minute (what polling costs a login node per job).</summary>
    public double TrackingPerJobMinute => Commands < 0 ? double.NaN : TrackingCommands / Minutes / Jobs;
}

/// <summary>The run as far as it went: the lab, the broker and each measured path, filled in as the run goes.</summary>
public sealed class SlurmBenchReport
{
    /// <summary>The lab folder.</summary>
    public string Lab { get; set; } = "";

    /// <summary>True when the benchmark brought the lab up itself.</summary>
    public bool LabOwned { get; set; }

    /// <summary>The clusters measured on.</summary>
    public List<SlurmBenchCluster> Clusters { get; } = [];

    /// <summary>The access path measured (its command-line name).</summary>
    public string Access { get; set; } = "";

    /// <summary>The Slurm version (<c>sbatch --version</c>).</summary>
    public string SlurmVersion { get; set; } = "";

    /// <summary>The paths measured so far, in order.</summary>
    public List<SlurmBenchPath> Paths { get; } = [];
}

/// <summary>
/// Issue 4's benchmark: the same trivial jobs submitted to the same Slurm clusters directly with <c>sbatch</c>
/// (round-robin over the clusters) and through the broker's API (which places them), each path with the same
/// number of concurrent submitters. Every job writes its own start instant (<c>date +%s.%N</c>) into a file, so
/// submit-to-start latency is that instant less the submitter's, on this machine's one clock.
/// </summary>
public static class SlurmBenchmark
{
    /// <summary>The direct path's name.</summary>
    public const string Direct = "sbatch";

    /// <summary>Suanwang's path's name.</summary>
    public const string Suanwang = "suanwang";

    /// <summary>The tier of the benchmark's tenants (one of the default network's).</summary>
    public const string Tier = "sme";

    /// <summary>What each job runs: writes its start instant (seconds since the epoch, nanosecond digits) to the file it is given.</summary>
    public const string StartCommand = "date +%s.%N > \"$0\"";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly JobState[] NotFinal = [.. Enum.GetValues<JobState>().Where(s => !JobLifecycle.IsFinal(s))];

    /// <summary>The spec the broker is sent for job <paramref name="name"/> writing its start to <paramref name="startFile"/>.</summary>
    public static string Spec(string name, string startFile) =>
        $"name: {name}\ncommand: [\"sh\", \"-c\", {Quoted(StartCommand)}, {Quoted(startFile)}]\n" +
        "resources: {cpus: 1, memoryGiB: 1}\nwork: {referenceHours: 0.001, timeLimitHours: 0.05}\n";

    /// <summary>
    /// Measures both paths on <paramref name="lab"/> in the order of <paramref name="settings"/>, adding each to
    /// <paramref name="report"/> when done (a later failure keeps the earlier figures). The broker runs only while
    /// Suanwang's path is measured, so it adds no load to Slurm while sbatch is measured.
    /// </summary>
    /// <exception cref="SlurmBenchException">Slurm's tools failed, or the broker did not start or refused the set-up.</exception>
    public static async Task RunAsync(SlurmBenchSettings settings, SlurmBenchLab lab, SlurmBenchReport report, Action<string> progress, CancellationToken cancellationToken)
    {
        report.Lab = lab.Directory;
        report.LabOwned = lab.Owned;
        report.Clusters.AddRange(lab.Clusters);
        report.Access = SlurmBenchAccessNames.Name(settings.Access);
        report.SlurmVersion = (await SlurmTool.RunAsync(lab.Clusters[0], ["sbatch", "--version"], cancellationToken)).Output.Trim();
        string run = $"{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}";
        // Jobs submitted over slurmrestd run as its user, sbatch's as ours: the start files go where both may write.
        string starts = Path.Combine(lab.Directory, $"bench-{run}");
        Directory.CreateDirectory(starts);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(starts, (UnixFileMode)Convert.ToInt32("1777", 8));
        using var sessions = settings.Access == SlurmBenchAccess.Ssh2411 ? LoginCounters.Install(lab.Clusters) : null;
        try
        {
            bool first = true;
            foreach (string path in settings.Order)
            {
                if (!first && settings.Pause > TimeSpan.Zero)
                {
                    progress($"pausing {settings.Pause.TotalSeconds:0} s between the paths…");
                    await Task.Delay(settings.Pause, cancellationToken);
                }
                first = false;
                var runner = new PathRun(settings, lab, starts, run, progress, sessions);
                report.Paths.Add(path == Direct
                    ? await runner.DirectAsync(cancellationToken)
                    : await runner.SuanwangAsync(cancellationToken));
            }
        }
        finally
        {
            try { Directory.Delete(starts, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>One job's moments, as its submitter and the job itself saw them.</summary>
    private sealed class JobRecord(int index)
    {
        public int Index { get; } = index;
        public string Cluster { get; set; } = "";
        public string? Id { get; set; }
        public DateTimeOffset Submitted { get; set; }
        public DateTimeOffset? Acknowledged { get; set; }
        public DateTimeOffset? Started { get; set; }
        public string? Error { get; set; }
    }

    /// <summary>One path's run: warm-up, then the measured jobs, then the figures.</summary>
    private sealed class PathRun(SlurmBenchSettings settings, SlurmBenchLab lab, string starts, string run, Action<string> progress, LoginCounters? sessions)
    {
        private static readonly HashSet<string> FinalSlurmStates = new(StringComparer.Ordinal)
        {
            "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "PREEMPTED", "SPECIAL_EXIT", "REVOKED",
        };

        public async Task<SlurmBenchPath> DirectAsync(CancellationToken cancellationToken)
        {
            if (settings.Warmup > 0)
            {
                progress($"{Direct}: warming up with {Formats.Count(settings.Warmup, "job")}…");
                await DirectPhaseAsync("warmup", settings.Warmup, cancellationToken);
            }
            int listed = await ListedAsync(cancellationToken);
            progress($"{Direct}: {Formats.Count(settings.Jobs, "job")} from {Formats.Count(settings.Clients, "submitter")}, round-robin over {string.Join(", ", lab.Clusters.Select(c => c.Name))}…");
            var before = sessions?.Read();
            var (jobs, states, completed) = await DirectPhaseAsync("measured", settings.Jobs, cancellationToken);
            var ssh = sessions?.Since(before!, completed, settings.Jobs);
            var failures = new List<string>();
            foreach (var job in jobs)
            {
                if (job.Error is not null) failures.Add($"job {job.Index} ({job.Cluster}): {job.Error}");
                else if (!states.TryGetValue((job.Cluster, job.Id!), out string? state)) failures.Add($"job {job.Index} ({job.Cluster} {job.Id}): not finished");
                else if (state != "COMPLETED") failures.Add($"job {job.Index} ({job.Cluster} {job.Id}): {state}");
                else if (job.Started is null) failures.Add($"job {job.Index} ({job.Cluster} {job.Id}): COMPLETED but wrote no start instant");
            }
            var ok = jobs.Where(j => j.Error is null && j.Started is not null && states.GetValueOrDefault((j.Cluster, j.Id!)) == "COMPLETED").ToList();
            var stages = new List<SlurmBenchStage>
            {
                Stage("submit → sbatch returned", jobs.Select(j => Ms(j.Submitted, j.Acknowledged))),
                Stage("sbatch returned → started", jobs.Select(j => Ms(j.Acknowledged, j.Started))),
            };
            return Figures(Direct, jobs, ok.Count, completed, listed, ok.GroupBy(j => j.Cluster), stages, failures) with { Ssh = ssh };
        }

        public async Task<SlurmBenchPath> SuanwangAsync(CancellationToken cancellationToken)
        {
            progress($"{Suanwang}: starting a broker and registering {Formats.Count(lab.Clusters.Count, "Slurm center")}…");
            // The lab's sockets are in its own folder, not where slurmrestd's usually are: the broker is told to allow them.
            string[] socketFolders = [.. lab.Clusters.Select(c => Path.GetDirectoryName(c.Socket)!).Distinct(StringComparer.Ordinal)
                .SelectMany(folder => new[] { "--slurm-socket-dir", folder })];
            // SSH centers' keys must lie in a folder the broker is told to read keys from.
            string[] keyFolders = [.. lab.Clusters.Where(c => c.Login is not null).Select(c => Path.GetDirectoryName(c.Login!.KeyFile)!).Distinct(StringComparer.Ordinal)
                .SelectMany(folder => new[] { "--slurm-ssh-key-dir", folder })];
            await using var broker = await BrokerLoadProcess.StartAsync("slurm", store: null, ReadyTimeout, cancellationToken, [.. socketFolders, .. keyFolders]);
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = settings.Clients + 2,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
            };
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = broker.Url, Timeout = TimeSpan.FromSeconds(60) };
            var admin = new SuanwangClient(http, broker.AdminToken);
            SuanwangClient warmupTenant, measuredTenant;
            try
            {
                foreach (var center in await admin.ListCentersAsync(cancellationToken)) await admin.DrainCenterAsync(center.Id, cancellationToken);
                foreach (var cluster in lab.Clusters) await admin.PutCenterAsync(CenterId(cluster), CenterDefinition(cluster, settings.Access), cancellationToken);
                warmupTenant = await TenantAsync(admin, http, $"bench-warmup", cancellationToken);
                measuredTenant = await TenantAsync(admin, http, $"bench", cancellationToken);
            }
            catch (SuanwangApiException e)
            {
                throw new SlurmBenchException($"setting up the broker failed: {e.Message}{(e.Detail is { } d ? $": {d}" : "")}; its last output:\n{broker.LogTail()}", e);
            }
            if (settings.Warmup > 0)
            {
                progress($"{Suanwang}: warming up with {Formats.Count(settings.Warmup, "job")}…");
                await SuanwangPhaseAsync(broker, admin, warmupTenant, "bench-warmup", "warmup", settings.Warmup, cancellationToken);
            }
            int listed = await ListedAsync(cancellationToken);
            progress($"{Suanwang}: {Formats.Count(settings.Jobs, "job")} from {Formats.Count(settings.Clients, "submitter")}, placed by the broker…");
            string metricsBefore = await MetricsAsync(http, broker.AdminToken, cancellationToken);
            var before = sessions?.Read();
            var (jobs, views, completed) = await SuanwangPhaseAsync(broker, admin, measuredTenant, "bench", "measured", settings.Jobs, cancellationToken);
            var ssh = sessions?.Since(before!, completed, settings.Jobs);
            string metricsAfter = await MetricsAsync(http, broker.AdminToken, cancellationToken);

            var failures = new List<string>();
            foreach (var job in jobs)
            {
                if (job.Error is not null) failures.Add($"job {job.Index}: {job.Error}");
                else if (!views.TryGetValue(job.Id!, out var view)) failures.Add($"job {job.Index} ({job.Id}): not listed by the broker");
                else if (view.State != JobState.Succeeded || view.ExitCode is not 0)
                    failures.Add($"job {job.Index} ({job.Id} at {view.CenterId ?? "no center"}): {view.State}{(view.ExitCode is { } code ? $", exit {code}" : "")}{(view.Reason.Length > 0 ? $": {view.Reason}" : "")}");
                else if (job.Started is null) failures.Add($"job {job.Index} ({job.Id} at {view.CenterId}): Succeeded but wrote no start instant");
            }
            var ok = jobs.Where(j => j.Error is null && j.Started is not null && views.TryGetValue(j.Id!, out var v) && v.State == JobState.Succeeded && v.ExitCode == 0).ToList();
            // Jobs that did not succeed: the broker's own words say why.
            if (failures.Count > 0) progress($"{Suanwang}: {Formats.Count(failures.Count, "job")} did not succeed; the broker's last output:\n{broker.LogTail()}");
            foreach (var job in jobs.Where(j => j.Id is not null && views.ContainsKey(j.Id)))
                job.Cluster = lab.Clusters.FirstOrDefault(c => CenterId(c) == views[job.Id!].CenterId)?.Name ?? views[job.Id!].CenterId ?? "";

            progress($"{Suanwang}: reading each job's events, to see where the time went…");
            var events = await EventsAsync(measuredTenant, ok, cancellationToken);
            DateTimeOffset? At(JobRecord j, JobState state) =>
                events.TryGetValue(j.Id!, out var list) ? list.FirstOrDefault(e => e.To == state)?.At : null;
            var stages = new List<SlurmBenchStage>
            {
                Stage("submit → 201 answered", jobs.Select(j => Ms(j.Submitted, j.Acknowledged))),
                Stage("submit → Placed committed", ok.Select(j => Ms(j.Submitted, At(j, JobState.Placed)))),
                Stage("Placed → started in Slurm", ok.Select(j => Ms(At(j, JobState.Placed), j.Started))),
                // The broker records Dispatched for a whole dispatch round at once, after its last submission to Slurm.
                Stage("submit → Dispatched committed", ok.Select(j => Ms(j.Submitted, At(j, JobState.Dispatched)))),
                Stage("started → Succeeded recorded", ok.Select(j => Ms(j.Started, At(j, JobState.Succeeded)))),
                // The broker's own histograms over the measured phase (bucket bounds: each figure is at most that).
                HistogramStage("Placed → accepted by Slurm (broker, ≤ bucket)", metricsBefore, metricsAfter, "suanwang_dispatch_latency_seconds"),
                HistogramStage("scheduling cycle (broker, ≤ bucket)", metricsBefore, metricsAfter, "suanwang_scheduler_cycle_seconds"),
            };
            progress($"{Suanwang}: stopping the broker…");
            return Figures(Suanwang, jobs, ok.Count, completed, listed, ok.GroupBy(j => j.Cluster), stages, failures) with { Ssh = ssh };
        }

        private SlurmBenchPath Figures(string path, IReadOnlyList<JobRecord> jobs, int succeeded, double? completedSeconds, int listed,
            IEnumerable<IGrouping<string, JobRecord>> perCluster, IReadOnlyList<SlurmBenchStage> stages, IReadOnlyList<string> failures)
        {
            var accepted = jobs.Where(j => j.Acknowledged is not null).ToList();
            var first = jobs.Min(j => j.Submitted);
            double acceptSeconds = accepted.Count == 0 ? double.NaN : (accepted.Max(j => j.Acknowledged!.Value) - first).TotalSeconds;
            var ack = Sorted(jobs.Select(j => Ms(j.Submitted, j.Acknowledged)));
            var start = Sorted(jobs.Select(j => Ms(j.Submitted, j.Started)));
            return new SlurmBenchPath(path, jobs.Count, accepted.Count, succeeded, acceptSeconds, completedSeconds ?? double.NaN,
                Percentile(ack, 0.5), Percentile(ack, 0.99), Percentile(start, 0.5), Percentile(start, 0.99),
                perCluster.OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), listed, stages, failures);
        }

        // ---- direct

        private async Task<(IReadOnlyList<JobRecord> Jobs, IReadOnlyDictionary<(string, string), string> States, double? CompletedSeconds)> DirectPhaseAsync(
            string phase, int count, CancellationToken cancellationToken)
        {
            // One job name per phase: squeue asks for it, and nobody else's jobs are counted.
            string name = $"swbench-{run}-{phase}";
            var jobs = Enumerable.Range(0, count).Select(i => new JobRecord(i) { Cluster = lab.Clusters[i % lab.Clusters.Count].Name }).ToArray();
            var clusters = lab.Clusters.ToDictionary(c => c.Name);
            var states = new ConcurrentDictionary<(string, string), string>();
            using var submitting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var begun = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var submitters = Submitters(jobs, begun, async job =>
            {
                var cluster = clusters[job.Cluster];
                string file = Path.Combine(starts, $"{Direct}-{phase}-{job.Index}");
                string[] sbatch = ["sbatch", "--parsable", "-J", name, "-n", "1", "-c", "1", $"--mem={SlurmBenchSettings.MemoryMiB}", "-t", SlurmBenchSettings.TimeLimitMinutes.ToString(CultureInfo.InvariantCulture),
                     "-D", cluster.OutDirectory, "-o", Path.Combine(cluster.OutDirectory, $"{name}-%j.out"),
                     "--wrap", $"exec 'sh' '-c' '{StartCommand.Replace("'", "'\\''", StringComparison.Ordinal)}' '{file}'"];
                var (code, output) = settings.Access == SlurmBenchAccess.Ssh2411
                    ? await SlurmTool.SshAsync(cluster, sbatch, cancellationToken)
                    : await SlurmTool.RunAsync(cluster, sbatch, cancellationToken);
                string id = output.Trim().Split(';')[0];
                if (code != 0 || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return (null, $"sbatch exit {code}: {output.Trim()}");
                return (id, null);
            }, cancellationToken);

            double? completed = null;
            var first = await begun.Task.WaitAsync(cancellationToken);
            var deadline = first + settings.Timeout;
            Task submitted = Task.WhenAll(submitters);
            while (true)
            {
                await Task.Delay(settings.Poll, cancellationToken);
                foreach (var (cluster, lines) in await Task.WhenAll(lab.Clusters.Select(async c =>
                             (c.Name, (await SlurmTool.RunAsync(c, ["squeue", "-h", "-t", "all", "-n", name, "-o", "%i %T"], cancellationToken)).Output))))
                    foreach (string line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        if (line.Split(' ') is [var id, var state]) states[(cluster, id)] = state;
                // Where accounting runs, finished jobs may leave squeue within seconds (MinJobAge): sacct still has them.
                foreach (var (cluster, lines) in await Task.WhenAll(lab.Clusters.Where(c => c.Accounting).Select(async c =>
                             (c.Name, (await SlurmTool.RunAsync(c, ["sacct", "-n", "-P", "-X", "--name", name, "-o", "JobID,State"], cancellationToken)).Output))))
                    foreach (string line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        if (line.Split('|') is [var id, var state] && FinalSlurmStates.Contains(state.Split(' ')[0])) states[(cluster, id)] = state.Split(' ')[0];
                var now = DateTimeOffset.UtcNow;
                if (submitted.IsCompleted && jobs.All(j => j.Id is null || states.TryGetValue((j.Cluster, j.Id), out string? s) && FinalSlurmStates.Contains(s)))
                {
                    completed = (now - first).TotalSeconds;
                    break;
                }
                if (now > deadline) break;
            }
            await submitted;
            ReadStarts(jobs, phase, Direct);
            DeleteOutputs(lab.Clusters.Select(c => c.OutDirectory), $"{name}-*.out");
            return (jobs, states, completed);
        }

        // ---- through the broker

        private async Task<(IReadOnlyList<JobRecord> Jobs, IReadOnlyDictionary<string, JobView> Views, double? CompletedSeconds)> SuanwangPhaseAsync(
            BrokerLoadProcess broker, SuanwangClient admin, SuanwangClient tenant, string tenantId, string phase, int count, CancellationToken cancellationToken)
        {
            var jobs = Enumerable.Range(0, count).Select(i => new JobRecord(i)).ToArray();
            var begun = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var submitters = Submitters(jobs, begun, async job =>
            {
                string file = Path.Combine(starts, $"{Suanwang}-{phase}-{job.Index}");
                try
                {
                    var result = await tenant.SubmitAsync(Spec($"swbench-{phase}-{job.Index}", file), idempotencyKey: $"swbench-{run}-{phase}-{job.Index}", cancellationToken: cancellationToken);
                    return (result.Jobs.Single().Id, null);
                }
                catch (SuanwangApiException e)
                {
                    return (null, $"{(e.Status == 0 ? "unreachable" : e.Status.ToString(CultureInfo.InvariantCulture))} {e.Message}");
                }
            }, cancellationToken);

            double? completed = null;
            var first = await begun.Task.WaitAsync(cancellationToken);
            var deadline = first + settings.Timeout;
            Task submitted = Task.WhenAll(submitters);
            var unfinished = new JobQuery(States: NotFinal, Tenant: tenantId, Limit: 1);
            while (true)
            {
                await Task.Delay(settings.Poll, cancellationToken);
                // One cheap question per poll: is any of this tenant's jobs not final yet?
                var page = await admin.ListJobsAsync(unfinished, cancellationToken);
                var now = DateTimeOffset.UtcNow;
                if (submitted.IsCompleted && page.Items.Count == 0)
                {
                    completed = (now - first).TotalSeconds;
                    break;
                }
                if (now > deadline || broker.HasExited) break;
            }
            await submitted;
            if (broker.HasExited) throw new SlurmBenchException($"the broker exited during the run; its last output:\n{broker.LogTail()}");
            var views = new Dictionary<string, JobView>(StringComparer.Ordinal);
            string? cursor = null;
            do
            {
                var page = await admin.ListJobsAsync(new JobQuery(Tenant: tenantId, Limit: 500, Cursor: cursor), cancellationToken);
                foreach (var view in page.Items) views[view.Id] = view;
                cursor = page.NextCursor;
            } while (cursor is not null);
            ReadStarts(jobs, phase, Suanwang);
            // The engine names output files after the dispatch token: sw-JOB-aATTEMPT.out/.err.
            foreach (string id in views.Keys) DeleteOutputs(lab.Clusters.Select(c => c.OutDirectory), $"sw-{id}-a*");
            return (jobs, views, completed);
        }

        // The broker's metrics page (its histograms say where its own time went).
        private static async Task<string> MetricsAsync(HttpClient http, string token, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Metrics);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : "";
        }

        private static SlurmBenchStage HistogramStage(string name, string before, string after, string histogram)
        {
            var phase = BrokerHistogram.Parse(after, histogram).Since(BrokerHistogram.Parse(before, histogram));
            return new SlurmBenchStage(name, (int)phase.Count, phase.QuantileBound(0.5) * 1000, phase.QuantileBound(0.99) * 1000);
        }

        private static async Task<SuanwangClient> TenantAsync(SuanwangClient admin, HttpClient http, string id, CancellationToken cancellationToken)
        {
            await admin.CreateTenantAsync(new CreateTenantRequest(id, null, Tier, null, null), cancellationToken);
            return new SuanwangClient(http, (await admin.IssueTokenAsync(new IssueTokenRequest("tenant", id, "suanwang bench slurm"), cancellationToken)).Secret);
        }

        private async Task<IReadOnlyDictionary<string, IReadOnlyList<JobEventView>>> EventsAsync(SuanwangClient tenant, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
        {
            var events = new ConcurrentDictionary<string, IReadOnlyList<JobEventView>>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = settings.Clients, CancellationToken = cancellationToken },
                async (job, ct) => events[job.Id!] = await tenant.GetEventsAsync(job.Id!, ct));
            return events;
        }

        /// <summary>The center id a cluster is registered under.</summary>
        public static string CenterId(SlurmBenchCluster cluster) => $"lab-{cluster.Name}";

        // Every cluster as a CPU pool of the same size, price, energy and region, so the placement has no reason
        // to prefer one, and jobs go to the default partition, as sbatch's do.
        private static string CenterDefinition(SlurmBenchCluster c, SlurmBenchAccess access) =>
            $$"""
            id: {{CenterId(c)}}
            name: Slurm lab {{c.Name}}
            region: guizhou
            backend: slurm
            pools:
              - { id: cpu, accelerator: x86-core, cpusPerNode: {{c.CpusPerNode}}, memoryGiBPerNode: {{c.MemoryMiBPerNode / 1024}}, nodes: {{c.Nodes}} }
            pricing: { perCpuHourYuan: 0.1 }
            energy: { pue: 1.2, carbon: { annualGramsPerKwh: 500, source: bench }, renewable: { annualShare: 0.3, source: bench } }
            engine: {{Engine(c, access)}}
            """;

        // Over SSH: the login node as the lab's first user, with its key and the host key pinned (the lab's SSH center files say the same).
        private static string Engine(SlurmBenchCluster c, SlurmBenchAccess access) => access == SlurmBenchAccess.Ssh2411 && c.Login is { } l
            ? $"{{ ssh: \"{l.User}@127.0.0.1:{l.Port}\", sshKey: \"{l.KeyFile}\", hostKey: \"{l.HostKey}\", workDir: \"{c.OutDirectory}\", partition.cpu: {c.Partition} }}"
            : $"{{ socket: \"{c.Socket}\", workDir: \"{c.OutDirectory}\", partition.cpu: {c.Partition} }}";

        // ---- shared

        // C submitters take the next job in turn until none is left; each job's submit instant is taken just before
        // its request and its acknowledgement just after the answer.
        private Task[] Submitters(JobRecord[] jobs, TaskCompletionSource<DateTimeOffset> begun,
            Func<JobRecord, Task<(string? Id, string? Error)>> submit, CancellationToken cancellationToken)
        {
            int next = -1;
            return Enumerable.Range(0, Math.Min(settings.Clients, jobs.Length)).Select(_ => Task.Run(async () =>
            {
                for (int i = Interlocked.Increment(ref next); i < jobs.Length; i = Interlocked.Increment(ref next))
                {
                    var job = jobs[i];
                    job.Submitted = DateTimeOffset.UtcNow;
                    begun.TrySetResult(job.Submitted);
                    var (id, error) = await submit(job);
                    if (id is not null) (job.Id, job.Acknowledged) = (id, DateTimeOffset.UtcNow);
                    else job.Error = error;
                }
            }, cancellationToken)).ToArray();
        }

        private void ReadStarts(JobRecord[] jobs, string phase, string path)
        {
            foreach (var job in jobs)
            {
                string file = Path.Combine(starts, $"{path}-{phase}-{job.Index}");
                string? text = null;
                try { text = File.ReadAllText(file).Trim(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                if (text is not null && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds))
                    job.Started = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            }
        }

        private async Task<int> ListedAsync(CancellationToken cancellationToken)
        {
            var outputs = await Task.WhenAll(lab.Clusters.Select(c => SlurmTool.RunAsync(c, ["squeue", "-h", "-t", "all", "-o", "%i"], cancellationToken)));
            return outputs.Sum(o => o.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        private static void DeleteOutputs(IEnumerable<string> folders, string pattern)
        {
            foreach (string folder in folders)
                foreach (string file in Directory.EnumerateFiles(folder, pattern))
                    try { File.Delete(file); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }

        private static double? Ms(DateTimeOffset? from, DateTimeOffset? to) => from is { } a && to is { } b ? (b - a).TotalMilliseconds : null;

        private static List<double> Sorted(IEnumerable<double?> values) => values.OfType<double>().Order().ToList();

        private static SlurmBenchStage Stage(string name, IEnumerable<double?> values)
        {
            var sorted = Sorted(values);
            return new SlurmBenchStage(name, sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.99));
        }
    }

    /// <summary>Slurm's command-line tools, run against one cluster (its <c>SLURM_CONF</c>).</summary>
    private static class SlurmTool
    {
        public static Task<(int Code, string Output)> RunAsync(SlurmBenchCluster cluster, string[] argv, CancellationToken cancellationToken) =>
            // A 24.11 cluster's clients live in the lab's root filesystem: the lab script's 'run' runs them there.
            cluster.LabScript is { } script
                ? StartAsync(cluster, ["bash", script, "run", Path.GetDirectoryName(Path.GetDirectoryName(cluster.ConfigFile))!, cluster.Name, .. argv], cancellationToken)
                : StartAsync(cluster, argv, cancellationToken);

        /// <summary>
        /// Runs <paramref name="argv"/> on the cluster's login node as its lab user, one ssh connection per call (as a user's loop
        /// of 'ssh login sbatch …' does), the host key checked against the lab's known_hosts.
        /// </summary>
        public static Task<(int Code, string Output)> SshAsync(SlurmBenchCluster cluster, string[] argv, CancellationToken cancellationToken)
        {
            var login = cluster.Login ?? throw new SlurmBenchException($"{cluster.Name} has no login node");
            string remote = string.Join(' ', argv.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            return StartAsync(cluster, ["ssh", "-i", login.KeyFile, "-p", login.Port.ToString(CultureInfo.InvariantCulture),
                "-o", "UserKnownHostsFile=" + login.KnownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "LogLevel=ERROR", $"{login.User}@127.0.0.1", remote], cancellationToken);
        }

        private static async Task<(int Code, string Output)> StartAsync(SlurmBenchCluster cluster, string[] argv, CancellationToken cancellationToken)
        {
            var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in argv.Skip(1)) info.ArgumentList.Add(a);
            info.Environment["SLURM_CONF"] = cluster.ConfigFile;
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new SlurmBenchException($"could not start {argv[0]}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new SlurmBenchException($"could not start {argv[0]} ({e.Message}): is Slurm installed ('bash {SlurmBenchLab.Script} install')?", e);
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                string text = await output, err = await error;
                return (process.ExitCode, process.ExitCode == 0 ? text : (text + err));
            }
        }
    }
}
