using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Renci.SshNet.Common;

namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>
/// A Slurm cluster reached through its login node over SSH, as one user: Slurm's own commands run there
/// (<c>sbatch --parsable</c>, <c>squeue --json</c>, <c>sacct</c>, <c>sinfo</c>/<c>scontrol</c>, <c>scancel</c>) and output
/// is read over SFTP, on pooled connections (<see cref="SshConnectionPool"/>). Every value goes to the remote shell
/// quoted (<see cref="ShellQuote"/>); the script and the job's environment go on standard input, never on a command line.
/// </summary>
/// <remarks>
/// Listings are read with <c>--json</c>: the document names its own data version (<c>openapi/v0.0.38</c> on 22.05,
/// <c>data_parser/v0.0.42</c> on 24.11), which is read with the REST dialect of that version, so the SSH and REST paths read
/// jobs the same way. Jobs gone from the controller are looked up in accounting (<c>sacct</c>) where the cluster has it.
/// </remarks>
internal sealed class SshSlurmAccess : ISlurmAccess
{
    private static readonly TimeSpan AccountingRecheck = TimeSpan.FromMinutes(10);

    // The unit separator: never in a job id, state, time or TRES, and refused by sacct's own fields in practice.
    private const string Separator = "\u001f";

    private static readonly string[] AccountingFields =
        ["JobIDRaw", "JobName", "Comment", "State", "ExitCode", "Submit", "Start", "End", "ElapsedRaw", "Partition",
         "AllocCPUS", "NNodes", "Account", "User", "AllocTRES", "TotalCPU", "ConsumedEnergyRaw", "TimelimitRaw"];

    private readonly SshConnectionPool _pool;
    private readonly string _centerId;
    private readonly TimeProvider _time;
    // The comment of each job seen in the controller: accounting keeps comments only where the site stores them.
    private readonly ConcurrentDictionary<long, string> _comments = new();
    private string? _dialect;
    private DateTimeOffset? _noAccountingSince;

    public SshSlurmAccess(SshIdentity identity, string centerId, TimeProvider? time = null)
    {
        _pool = new SshConnectionPool(identity, centerId);
        _centerId = centerId;
        _time = time ?? TimeProvider.System;
        UserName = identity.Login.User;
    }

    /// <inheritdoc />
    public string Where => _pool.Where;

    /// <inheritdoc />
    public string? UserName { get; }

    /// <inheritdoc />
    public string? Dialect => _dialect;

    /// <summary>The connections behind this access (handshakes, open connections), for reports and tests.</summary>
    internal SshConnectionPool Pool => _pool;

    // ---- listings ----------------------------------------------------------------------------------

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlurmJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        // Every user's jobs, hidden partitions too: the load snapshot counts the cluster's other users. Every state:
        // from 23.02 squeue --json applies its filters, whose default keeps only pending and running jobs, so a job that
        // has just ended would be missing until accounting (if any) has it.
        JsonElement root = await JsonAsync(["squeue", "--all", "--states=all", "--json"], "jobs", cancellationToken).ConfigureAwait(false);
        RestDialect dialect = DialectOf(root, "squeue");
        var jobs = new List<SlurmJob>();
        foreach (JsonElement element in root.GetProperty("jobs").EnumerateArray())
        {
            SlurmJob job = dialect.ReadJob(element);
            if (job.Comment.Length > 0) _comments[job.JobId] = job.Comment;
            jobs.Add(job);
        }
        return jobs;
    }

    /// <inheritdoc />
    public async Task<SlurmJob?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        // --jobs keeps a poll of one job small where squeue filters JSON (23.02 and later); 22.05 ignores it and lists
        // every job, so the job is picked here either way.
        string id = jobId.ToString(CultureInfo.InvariantCulture);
        SshCommandResult result = await RunAsync(["squeue", "--all", "--states=all", "--json", "--jobs=" + id], null, retry: true, cancellationToken).ConfigureAwait(false);
        if (result.ExitStatus != 0 && result.Error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            return await AccountedJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        JsonElement root = Json("squeue", result, null);
        if (SaysInvalidJobId(root)) return await AccountedJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (!root.TryGetProperty("jobs", out JsonElement listed) || listed.ValueKind != JsonValueKind.Array)
            throw new EngineUnavailableException($"squeue --json on the login node of center '{_centerId}' at {Where} answered JSON without a 'jobs' list");
        RestDialect dialect = DialectOf(root, "squeue");
        foreach (JsonElement element in root.GetProperty("jobs").EnumerateArray())
        {
            SlurmJob job = dialect.ReadJob(element);
            if (job.JobId != jobId) continue;
            if (job.Comment.Length > 0) _comments[job.JobId] = job.Comment;
            return job;
        }
        return await AccountedJobAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlurmNode>> GetNodesAsync(CancellationToken cancellationToken)
    {
        // sinfo --json lists nodes up to 23.11; from 24.05 it lists partitions, and scontrol --json show nodes the nodes.
        JsonElement root = await JsonAsync(["sinfo", "--json"], null, cancellationToken).ConfigureAwait(false);
        if (!root.TryGetProperty("nodes", out JsonElement nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            root = await JsonAsync(["scontrol", "--json", "show", "nodes"], "nodes", cancellationToken).ConfigureAwait(false);
            nodes = root.GetProperty("nodes");
        }
        RestDialect dialect = DialectOf(root, "sinfo");
        return [.. nodes.EnumerateArray().Select(dialect.ReadNode)];
    }

    // ---- accounting --------------------------------------------------------------------------------

    // The job as accounting recorded it; null where the cluster has no accounting, or accounting does not know it.
    internal async Task<SlurmJob?> AccountedJobAsync(long jobId, CancellationToken cancellationToken)
    {
        string id = jobId.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<SlurmJob>? jobs = await AccountingAsync(["-j", id], cancellationToken).ConfigureAwait(false);
        return jobs?.FirstOrDefault(j => j.JobId == jobId);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>sacct -a -S now-N -s</c> with the states a job ends in: the jobs that ended in the window, one line each
    /// (<c>-X</c>, no steps), every user's where the site lets its users see them (no <c>PrivateData=jobs</c>).
    /// </remarks>
    public async Task<IReadOnlyList<SlurmJob>> GetAccountedJobsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        long seconds = Math.Max(1, (long)Math.Ceiling((_time.GetUtcNow() - since).TotalSeconds));
        return await AccountingAsync(
            ["-a", "-S", "now-" + seconds.ToString(CultureInfo.InvariantCulture), "-E", "now", "-s", "BF,CA,CD,DL,F,NF,OOM,PR,TO"],
            cancellationToken).ConfigureAwait(false) ?? [];
    }

    // sacct's lines for a selection; null where the cluster has no accounting (asked again after AccountingRecheck).
    private async Task<IReadOnlyList<SlurmJob>?> AccountingAsync(IReadOnlyList<string> selection, CancellationToken cancellationToken)
    {
        if (_noAccountingSince is { } since && _time.GetUtcNow() - since < AccountingRecheck) return null;
        // SLURM_TIME_FORMAT=%s: times as Unix seconds, whatever the login node's time zone.
        SshCommandResult result = await RunAsync(
            ["env", "SLURM_TIME_FORMAT=%s", "sacct", .. selection, "-X", "-n", "-P", "--delimiter=" + Separator, "-o", string.Join(',', AccountingFields)],
            null, retry: true, cancellationToken).ConfigureAwait(false);
        if (result.ExitStatus != 0)
        {
            if (result.Error.Contains("accounting storage is disabled", StringComparison.OrdinalIgnoreCase))
            {
                _noAccountingSince = _time.GetUtcNow();
                return null;
            }
            throw Failed("sacct", result);
        }
        _noAccountingSince = null;
        var jobs = new List<SlurmJob>();
        foreach (string line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ParseAccounting(line) is not { } found) continue;
            jobs.Add(found.Comment.Length > 0 || !_comments.TryGetValue(found.JobId, out string? comment) ? found : found with { Comment = comment });
        }
        return jobs;
    }

    /// <summary>One line of <c>sacct -P -n --delimiter=US -o</c> with <see cref="AccountingFields"/>; null when it is not one.</summary>
    internal static SlurmJob? ParseAccounting(string line)
    {
        string[] f = line.TrimEnd('\r').Split(Separator);
        if (f.Length != AccountingFields.Length || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long jobId)) return null;
        // "CANCELLED by 1000" → CANCELLED; "0:15" → exit 0, signal 15.
        string state = f[3].Split(' ', 2)[0];
        string[] exit = f[4].Split(':');
        long raw = exit.Length == 2 && int.TryParse(exit[0], NumberStyles.None, CultureInfo.InvariantCulture, out int code)
            && int.TryParse(exit[1], NumberStyles.None, CultureInfo.InvariantCulture, out int signal)
            ? signal != 0 ? signal & 0x7f : (code & 0xff) << 8
            : 0;
        long elapsed = Number(f[8]);
        double? energy = double.TryParse(f[16], NumberStyles.Float, CultureInfo.InvariantCulture, out double joules) && joules > 0 ? joules : null;
        var usage = new AccountedUsage(elapsed, f[14], CpuSeconds(f[15]), energy);
        return new SlurmJob(jobId, f[1], f[2], state, null, raw, Number(f[5]), Number(f[6]), Number(f[7]), null, null,
            f[9], (int)Number(f[10]), (int)Number(f[11]), TimeLimitMinutes: Number(f[17]), Account: NullIfEmpty(f[12]),
            UserName: NullIfEmpty(f[13]), Accounted: usage);
    }

    // TotalCPU: [D-][HH:]MM:SS[.mmm].
    private static double? CpuSeconds(string text)
    {
        if (text.Length == 0) return null;
        double days = 0;
        int dash = text.IndexOf('-');
        if (dash > 0)
        {
            days = Number(text[..dash]);
            text = text[(dash + 1)..];
        }
        double seconds = 0;
        foreach (string part in text.Split(':'))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return null;
            seconds = seconds * 60 + value;
        }
        return days * 86400 + seconds;
    }

    private static long Number(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    // A shell's variable name: what every Slurm version passes as it is, and never holds ',' or '='.
    private static bool IsPortableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // ---- submit and cancel -------------------------------------------------------------------------

    /// <summary>
    /// The remote program that submits: it copies the first <c>$1</c> bytes of its standard input (the job's
    /// environment, NUL-separated <c>NAME=value</c> as <c>--export-file</c> reads it) into a private temporary file,
    /// then runs sbatch on the rest (the script), and removes the file whatever happens. The values never appear on a
    /// command line (where any user of the login node could read them in the process list); <c>--export=NAMES</c>, given
    /// with the other options, says which variables the job gets: those, and Slurm's own <c>SLURM_*</c>. (Slurm 24.11
    /// ignores <c>--export-file</c> under <c>--export=NIL</c> or <c>NONE</c>; a list of names works on 22.05 and 24.11.)
    /// </summary>
    internal const string SubmitProgram =
        "umask 077; f=$(mktemp) || exit 70; trap 'rm -f \"$f\"' EXIT; trap 'exit 129' HUP INT TERM; " +
        "dd bs=1 count=\"$1\" of=\"$f\" 2>/dev/null || exit 71; shift; sbatch --export-file=\"$f\" \"$@\"";

    /// <summary>sbatch's options for <paramref name="s"/>: each one argument, values never split or interpreted.</summary>
    internal static List<string> SbatchArguments(SlurmSubmission s)
    {
        string I(long n) => n.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--parsable",
            "--job-name=" + s.Name,
            "--comment=" + s.Comment,
            "--partition=" + s.Partition,
            "--nodes=" + I(s.Nodes),
            "--ntasks=" + I(s.Tasks),
            "--cpus-per-task=" + I(s.CpusPerTask),
            "--chdir=" + s.WorkDirectory,
            "--output=" + s.StandardOutput,
            "--error=" + s.StandardError,
        };
        if (s.TasksPerNode is { } perNode) args.Add("--ntasks-per-node=" + I(perNode));
        if (s.Account is { } account) args.Add("--account=" + account);
        if (s.Qos is { } qos) args.Add("--qos=" + qos);
        if (s.MemoryPerNodeMB is { } memory) args.Add("--mem=" + I(memory) + "M");
        if (s.MemoryPerCpuMB is { } perCpu) args.Add("--mem-per-cpu=" + I(perCpu) + "M");
        if (s.GresPerNode is { } gres) args.Add("--gres=" + gres);
        if (s.Constraint is { } constraint) args.Add("--constraint=" + constraint);
        if (s.TimeLimitMinutes is { } minutes) args.Add("--time=" + I(minutes));
        if (s.Exclusive) args.Add("--exclusive");
        return args;
    }

    /// <summary>The <c>--export</c> option naming exactly the job's variables (<c>NONE</c> when there are none).</summary>
    internal static string ExportNames(IReadOnlyDictionary<string, string> environment) =>
        "--export=" + (environment.Count == 0 ? "NONE" : string.Join(',', environment.Keys));

    /// <summary>The environment as <c>--export-file</c> reads it: <c>NAME=value</c>, each ended by a NUL.</summary>
    internal static string ExportFile(IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder();
        foreach ((string name, string value) in environment)
        {
            if (value.Contains('\0') || !IsPortableName(name)) throw new EngineRejectedException($"environment variable '{EngineText.Bounded(name)}' cannot be passed");
            text.Append(name).Append('=').Append(value).Append('\0');
        }
        return text.ToString();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Not retried on a dropped connection (the job may have been queued): the engine looks for the token before it
    /// submits again. The script goes to sbatch as it is; options are given on the command line, so, as with slurmrestd,
    /// the script's own <c>#SBATCH</c> lines do not change what is asked (command-line options win over them).
    /// </remarks>
    public async Task<SubmitOutcome> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        string environment = ExportFile(submission.Environment);
        int environmentBytes = Encoding.UTF8.GetByteCount(environment);
        List<string> arguments = ["sh", "-c", SubmitProgram, "sh", environmentBytes.ToString(CultureInfo.InvariantCulture), .. SbatchArguments(submission), ExportNames(submission.Environment)];
        SshCommandResult result = await RunAsync(arguments, environment + submission.Script, retry: false, cancellationToken).ConfigureAwait(false);
        if (result.ExitStatus == 0)
        {
            // "123", or "123;cluster" on a federation or a multi-cluster login node.
            string first = result.Output.Trim().Split('\n')[^1].Split(';')[0].Trim();
            if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long jobId) && jobId > 0)
            {
                _comments[jobId] = submission.Comment;
                IReadOnlyList<SlurmError> warnings = [.. Lines(result.Error).Select(l => new SlurmError(0, EngineText.Bounded(l, 200)))];
                return new SubmitOutcome(jobId, warnings);
            }
            throw new EngineUnavailableException($"sbatch on the login node of center '{_centerId}' at {Where} answered without a job id ({EngineText.Bounded(result.Output, 100)})");
        }
        if (IsTransient(result)) throw Failed("sbatch", result);
        throw new EngineRejectedException($"Slurm at center '{_centerId}' refused the job: {Said(result)}");
    }

    /// <inheritdoc />
    public async Task<CancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken)
    {
        SshCommandResult result = await RunAsync(["scancel", jobId.ToString(CultureInfo.InvariantCulture)], null, retry: true, cancellationToken).ConfigureAwait(false);
        string said = result.Error;
        if (said.Contains("Access/permission denied", StringComparison.OrdinalIgnoreCase)) return CancelOutcome.NotThisUsersJob;
        if (said.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) || said.Contains("already completing or completed", StringComparison.OrdinalIgnoreCase))
            return CancelOutcome.NothingToCancel;
        if (result.ExitStatus == 0) return CancelOutcome.Cancelled;
        throw Failed("scancel", result);
    }

    // ---- output ------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>
    /// Over SFTP as the login user, who is the job's user: the file is read only when its resolved path is the work
    /// directory's own entry (no link on the way or at the end) and it is a regular file, so a link or FIFO the job put in
    /// its place is refused unread. (What the job could plant there is what its own user can read anyway; the check keeps the broker
    /// from serving, or hanging on, something that is not the run's output.)
    /// </remarks>
    public async Task<OutputChunk> ReadOutputAsync(string directory, string fileName, long offset, int maxBytes, bool finished, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, OutputFileReader.MinBytes);
        if (fileName.Length == 0 || fileName.Contains('/') || fileName is "." or "..")
            throw new ArgumentException($"'{fileName}' is not a plain file name", nameof(fileName));
        maxBytes = Math.Min(maxBytes, OutputFileReader.MaxBytes);
        string path = directory.TrimEnd('/') + "/" + fileName;
        return await _pool.SftpAsync("read output", async (sftp, token) =>
        {
            Renci.SshNet.Sftp.ISftpFile folder, file;
            try
            {
                // SFTP clients resolve a path (REALPATH) before they look at it, which follows links: a path whose
                // resolved form is not the folder's plus the name goes through a link, and is refused.
                folder = await sftp.GetAsync(directory, token).ConfigureAwait(false);
                file = await sftp.GetAsync(path, token).ConfigureAwait(false);
            }
            catch (SftpPathNotFoundException)
            {
                return new OutputChunk("", offset, finished);
            }
            if (!string.Equals(file.FullName, folder.FullName.TrimEnd('/') + "/" + fileName, StringComparison.Ordinal) || !file.IsRegularFile)
                throw new OutputUnavailableException(OutputFileReader.NotARegularFile);
            var attributes = file.Attributes;
            long length = attributes.Size;
            if (offset >= length) return new OutputChunk("", offset, finished);
            var buffer = new byte[(int)Math.Min(maxBytes, length - offset)];
            int read = 0;
            using (var stream = await sftp.OpenAsync(path, FileMode.Open, FileAccess.Read, token).ConfigureAwait(false))
            {
                stream.Seek(offset, SeekOrigin.Begin);
                while (read < buffer.Length)
                {
                    int n = await stream.ReadAsync(buffer.AsMemory(read), token).ConfigureAwait(false);
                    if (n == 0) break;
                    read += n;
                }
            }
            bool atEnd = offset + read >= length;
            int usable = OutputFileReader.CompleteLength(buffer.AsSpan(0, read));
            if (usable < read && atEnd && finished) usable = read;
            long next = offset + usable;
            return new OutputChunk(Encoding.UTF8.GetString(buffer, 0, usable), next, finished && next >= length);
        }, cancellationToken).ConfigureAwait(false);
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private Task<SshCommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, bool retry, CancellationToken cancellationToken) =>
        _pool.RunAsync(arguments, input, retry, cancellationToken);

    // A JSON answer whose errors say the job is unknown to the controller (some versions answer so, with status 0).
    private static bool SaysInvalidJobId(JsonElement root) =>
        root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array
        && errors.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object
            && ((SlurmJson.Text(e, "error") ?? "") + (SlurmJson.Text(e, "description") ?? "")).Contains("Invalid job id", StringComparison.OrdinalIgnoreCase));

    // A command's JSON document, which must hold an array named arrayName (when given).
    private async Task<JsonElement> JsonAsync(IReadOnlyList<string> arguments, string? arrayName, CancellationToken cancellationToken) =>
        Json(arguments[0], await RunAsync(arguments, null, retry: true, cancellationToken).ConfigureAwait(false), arrayName);

    private JsonElement Json(string command, SshCommandResult result, string? arrayName)
    {
        if (result.ExitStatus != 0) throw Failed(command, result);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(result.Output).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new EngineUnavailableException($"{command} --json on the login node of center '{_centerId}' at {Where} answered {result.Output.Length} characters that are not JSON");
        }
        if (root.ValueKind != JsonValueKind.Object || (arrayName is not null && (!root.TryGetProperty(arrayName, out JsonElement array) || array.ValueKind != JsonValueKind.Array)))
            throw new EngineUnavailableException($"{command} --json on the login node of center '{_centerId}' at {Where} answered JSON without a '{arrayName}' list");
        return root;
    }

    // The data version a --json document names: data_parser/v0.0.42 (23.02 and later), openapi/v0.0.38 (before).
    private RestDialect DialectOf(JsonElement root, string command)
    {
        string? version = null, release = null;
        if (root.TryGetProperty("meta", out JsonElement meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("plugin", out JsonElement plugin) && plugin.ValueKind == JsonValueKind.Object)
            {
                string? parser = SlurmJson.Text(plugin, "data_parser") is { Length: > 0 } p ? p : SlurmJson.Text(plugin, "type");
                if (parser is not null && parser.LastIndexOf('/') is var slash and >= 0) version = parser[(slash + 1)..];
            }
            if (meta.TryGetProperty("slurm", out JsonElement slurm) || meta.TryGetProperty("Slurm", out slurm))
                release = SlurmJson.Text(slurm, "release");
        }
        if (version is null || !RestDialect.Known.Contains(version))
            throw new EngineUnavailableException($"{command} --json on the login node of center '{_centerId}' at {Where} writes data version " +
                $"'{EngineText.Bounded(version ?? "(none)", 40)}', which this broker does not read ({string.Join(", ", RestDialect.Known)})");
        _dialect = $"SSH, Slurm {EngineText.Bounded(release ?? "?", 20)} ({version})";
        return RestDialect.For(version);
    }

    // Slurm's client errors that say nothing about the job: the controller cannot be reached or is busy.
    private static bool IsTransient(SshCommandResult result) =>
        result.ExitStatus is 126 or 127 or 70 or 71 or -1 ||
        new[] { "Unable to contact slurm controller", "Socket timed out", "temporarily unable", "Connection refused", "Zero Bytes were transmitted", "Communication connection failure" }
            .Any(s => result.Error.Contains(s, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Said(SshCommandResult result) =>
        EngineText.Bounded(string.Join("; ", Lines(result.Error).Take(3)) is { Length: > 0 } said ? said : $"exit status {result.ExitStatus}", 300);

    private EngineUnavailableException Failed(string command, SshCommandResult result) =>
        new($"{command} on the login node of center '{_centerId}' at {Where} failed (exit status {result.ExitStatus}): {Said(result)}");

    public void Dispose() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
