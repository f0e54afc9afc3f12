using Suanwang.Engines.Slurm.Ssh;
using System.Globalization;
using System.Text.RegularExpressions;
using Suanwang.Model.Network;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// How to reach one Slurm center's slurmrestd and how to map Suanwang's pools onto it. Immutable;
/// built from the center's engine settings by <see cref="FromCenter"/>, which lists every problem at once.
/// </summary>
public sealed partial record SlurmEngineOptions
{
    /// <summary>The <c>apiVersion</c> that makes the engine ask slurmrestd which versions it serves and speak the newest it knows.</summary>
    public const string AutoApiVersion = "auto";

    /// <summary>The REST API version used when a center sets none: discovered (<see cref="AutoApiVersion"/>).</summary>
    public const string DefaultApiVersion = AutoApiVersion;

    /// <summary>The folder for job output when a center sets none: one the job's user can write on any Linux node.</summary>
    public const string DefaultWorkDirectory = "/tmp";

    /// <summary>PATH given to every job (the job's own <c>PATH</c>, if it sets one, wins).</summary>
    public const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>The center's id, as in the network definition.</summary>
    public required string CenterId { get; init; }

    /// <summary>slurmrestd's unix socket (setting <c>socket</c>); exactly one of this, <see cref="RestUrl"/> and <see cref="Ssh"/> is set.</summary>
    public string? SocketPath { get; init; }

    /// <summary>slurmrestd's base URL (setting <c>restUrl</c>), e.g. <c>http://slurm.example:6820/</c>.</summary>
    public Uri? RestUrl { get; init; }

    /// <summary>
    /// The login node the center is reached through, over SSH (settings <c>ssh</c>, <c>ssh.&lt;tenant&gt;</c>, <c>sshKey</c>,
    /// <c>hostKey</c>…): Slurm's own commands run there as the login's user, and output is read over the same connection.
    /// </summary>
    internal SshSettings? Ssh { get; init; }

    /// <summary>
    /// The REST API version in the path, <c>/slurm/&lt;version&gt;/</c> (setting <c>apiVersion</c>): one Suanwang speaks
    /// (<c>v0.0.38</c>, <c>v0.0.40</c>–<c>v0.0.42</c>) to pin it, or <see cref="AutoApiVersion"/> (the default) to discover it.
    /// </summary>
    public string ApiVersion { get; init; } = DefaultApiVersion;

    /// <summary>Slurm partition per pool id (settings <c>partition.&lt;pool&gt;</c>); a pool not listed uses its id.</summary>
    public IReadOnlyDictionary<string, string> Partitions { get; init; } = new Dictionary<string, string>();

    /// <summary>The Slurm account jobs are charged to (setting <c>account</c>); null for the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// The Slurm accounts each tenant's jobs may be charged to (settings <c>account.&lt;tenant&gt;</c>, comma-separated,
    /// the first the default), so a center's own accounting, limits and fair share see the tenant; a tenant not listed
    /// is charged to <see cref="Account"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TenantAccounts { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The QOS names each tenant's jobs may ask for (settings <c>qos.&lt;tenant&gt;</c>, comma-separated; <c>qos</c> for
    /// every tenant). A QOS a script names is passed on only when listed; otherwise Slurm applies the association's default.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TenantQos { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The QOS names any tenant's jobs may ask for (setting <c>qos</c>, comma-separated).</summary>
    public IReadOnlyList<string> Qos { get; init; } = [];

    /// <summary>
    /// A slurmrestd socket per tenant (settings <c>socket.&lt;tenant&gt;</c>): with <c>rest_auth/local</c> a job runs as the
    /// user of the slurmrestd it was submitted through, so a socket served by a tenant's own Unix user runs that
    /// tenant's jobs as that user. Tenants not listed use <see cref="SocketPath"/> or <see cref="RestUrl"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> TenantSockets { get; init; } = new Dictionary<string, string>();

    /// <summary>The center's pools in definition order: each maps to a partition (<see cref="PartitionFor"/>).</summary>
    public IReadOnlyList<string> PoolIds { get; init; } = [];

    /// <summary>
    /// Where jobs run and write <c>&lt;token&gt;.out</c> / <c>&lt;token&gt;.err</c> (setting <c>workDir</c>). Must be
    /// writable by the user jobs run as and readable from the broker's machine (see README).
    /// </summary>
    public string WorkDirectory { get; init; } = DefaultWorkDirectory;

    /// <summary>How long one REST call may take before the center counts as unavailable (setting <c>timeoutSeconds</c>, default 10).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The engine settings a Slurm center understands (<c>partition.&lt;pool&gt;</c> stands for one per pool).</summary>
    public static IReadOnlyList<string> SettingNames { get; } =
        ["socket", "socket.<tenant>", "restUrl", "apiVersion", .. SshSettings.SettingNames, "partition.<pool>", "account", "account.<tenant>", "qos", "qos.<tenant>", "workDir", "timeoutSeconds"];

    /// <summary>The partition <paramref name="poolId"/> maps to.</summary>
    public string PartitionFor(string poolId) => Partitions.TryGetValue(poolId, out string? partition) ? partition : poolId;

    /// <summary>
    /// The account <paramref name="tenant"/>'s job is charged to: the one its script asked for (<paramref name="requested"/>)
    /// when the center allows the tenant that account, else the tenant's first (or the center's <c>account</c>); null for
    /// the submitting user's default. A tenant is never charged to an account the center did not give it.
    /// </summary>
    public string? AccountFor(string tenant, string? requested = null)
    {
        IReadOnlyList<string> allowed = TenantAccounts.TryGetValue(tenant, out var listed) ? listed : Account is { } shared ? [shared] : [];
        return requested is not null && allowed.Contains(requested, StringComparer.Ordinal) ? requested : allowed.FirstOrDefault();
    }

    /// <summary>The QOS <paramref name="tenant"/>'s job asks for: <paramref name="requested"/> when allowed (<see cref="TenantQos"/>, <see cref="Qos"/>), else none.</summary>
    public string? QosFor(string tenant, string? requested)
    {
        if (requested is null) return null;
        IReadOnlyList<string> allowed = TenantQos.TryGetValue(tenant, out var listed) ? listed : Qos;
        return allowed.Contains(requested, StringComparer.Ordinal) ? requested : null;
    }

    /// <summary>
    /// The options for <paramref name="center"/>, read from its engine settings (<see cref="SettingNames"/>).
    /// Checks each setting's form; which sockets and hosts may be used is <see cref="SlurmEndpointPolicy"/>'s to say.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is unknown, missing or invalid; the message names every one and the center.</exception>
    public static SlurmEngineOptions FromCenter(Center center)
    {
        var options = Read(center, out var errors);
        if (errors.Count > 0) throw Invalid(center.Id, errors);
        return options!;
    }

    /// <summary>Every problem with the form of <paramref name="center"/>'s engine settings, by setting (what <see cref="FromCenter"/> would throw for).</summary>
    public static IReadOnlyList<EngineSettingError> Check(Center center)
    {
        Read(center, out var errors);
        return errors;
    }

    /// <summary>The <see cref="ArgumentException"/> that names every error and the center.</summary>
    internal static ArgumentException Invalid(string centerId, IEnumerable<EngineSettingError> errors) =>
        new($"Slurm engine of center '{centerId}': {string.Join("; ", errors.Select(e => e.Message))}", "center");

    private static SlurmEngineOptions? Read(Center center, out List<EngineSettingError> errors)
    {
        ArgumentNullException.ThrowIfNull(center);
        var found = new List<EngineSettingError>();
        errors = found;
        void Error(string setting, string message) => found.Add(new EngineSettingError(setting, message));
        string? socket = null, apiVersion = null, account = null, workDir = null;
        Uri? restUrl = null;
        TimeSpan timeout = TimeSpan.FromSeconds(10);
        var partitions = new Dictionary<string, string>(StringComparer.Ordinal);
        var accounts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var qosOfTenant = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        IReadOnlyList<string> qos = [];
        var sockets = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach ((string key, string value) in center.Engine)
        {
            if (SshSettings.IsSshSetting(key)) continue; // read together below
            if (key.StartsWith("partition.", StringComparison.Ordinal))
            {
                string pool = key["partition.".Length..];
                if (pool.Length == 0) Error(key, $"engine setting '{key}' must name a pool after 'partition.'");
                else if (!IsSlurmName(value)) Error(key, $"engine setting '{key}' must be a partition name (letters, digits, '.', '_', '-'), not '{value}'");
                else partitions[pool] = value;
                continue;
            }
            if (key.StartsWith("socket.", StringComparison.Ordinal))
            {
                string tenant = key["socket.".Length..];
                if (tenant.Length == 0) Error(key, $"engine setting '{key}' must name a tenant after 'socket.'");
                else if (string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value))
                    Error(key, $"engine setting '{key}' must be an absolute path to a slurmrestd unix socket, not '{value}'");
                else sockets[tenant] = value;
                continue;
            }
            if (key.StartsWith("account.", StringComparison.Ordinal) || key.StartsWith("qos.", StringComparison.Ordinal))
            {
                string prefix = key[..(key.IndexOf('.') + 1)], tenant = key[prefix.Length..];
                string what = prefix == "qos." ? "QOS" : "account";
                if (tenant.Length == 0) Error(key, $"engine setting '{key}' must name a tenant after '{prefix}'");
                else if (NameList(value) is not { } names) Error(key, $"engine setting '{key}' must be {what} names (letters, digits, '.', '_', '-') separated by commas, not '{value}'");
                else (prefix == "qos." ? qosOfTenant : accounts)[tenant] = names;
                continue;
            }
            switch (key)
            {
                case "socket":
                    if (string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value))
                        Error(key, $"engine setting 'socket' must be an absolute path to slurmrestd's unix socket, not '{value}'");
                    else socket = value;
                    break;
                case "restUrl":
                    if (RestUrlProblem(value) is { } problem) Error(key, $"engine setting 'restUrl' {problem}");
                    else restUrl = new Uri(value, UriKind.Absolute);
                    break;
                case "apiVersion":
                    if (ApiVersionProblem(value) is { } versionProblem) Error(key, $"engine setting 'apiVersion' {versionProblem}");
                    else apiVersion = value;
                    break;
                case "account":
                    if (!IsSlurmName(value)) Error(key, $"engine setting 'account' must be an account name (letters, digits, '.', '_', '-'), not '{value}'");
                    else account = value;
                    break;
                case "qos":
                    if (NameList(value) is not { } allowedQos) Error(key, $"engine setting 'qos' must be QOS names (letters, digits, '.', '_', '-') separated by commas, not '{value}'");
                    else qos = allowedQos;
                    break;
                case "workDir":
                    // '%' and '\' are Slurm's filename-pattern characters (%j, %x…): they would change the output paths.
                    if (string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value) || value.Contains('%') || value.Contains('\\'))
                        Error(key, $"engine setting 'workDir' must be an absolute path without '%' or '\\', not '{value}'");
                    else workDir = value;
                    break;
                case "timeoutSeconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
                        Error(key, $"engine setting 'timeoutSeconds' must be a number of seconds in (0, 3600], not '{value}'");
                    else timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    Error(key, $"engine setting '{key}' is not one a Slurm center understands ({string.Join(", ", SettingNames)})");
                    break;
            }
        }
        foreach (string pool in partitions.Keys.Where(pool => !center.Pools.Any(p => p.Id == pool)))
            Error($"partition.{pool}", $"engine setting 'partition.{pool}' names no pool of the center ({string.Join(", ", center.Pools.Select(p => p.Id))})");
        var ssh = SshSettings.Read(center.Engine, found);
        bool bySsh = center.Engine.Keys.Any(SshSettings.IsSshSetting);
        bool byRest = center.Engine.ContainsKey("socket") || center.Engine.ContainsKey("restUrl");
        if (!bySsh && !byRest)
            Error("", "engine setting 'socket' (slurmrestd's unix socket), 'restUrl' (slurmrestd's URL) or 'ssh' (a login node, user@host[:port]) is required");
        if (socket is not null && restUrl is not null)
            Error("restUrl", "engine settings 'socket' and 'restUrl' exclude each other: set one");
        if (bySsh && byRest)
            Error("ssh", "engine setting 'ssh' excludes 'socket' and 'restUrl': a center is reached through slurmrestd or through a login node, not both");
        if (bySsh && sockets.Count > 0)
            Error(sockets.Keys.Select(t => $"socket.{t}").First(), "engine settings 'socket.<tenant>' are for slurmrestd; over SSH a tenant has its own login with 'ssh.<tenant>' and 'sshKey.<tenant>'");
        if (bySsh && workDir is null && !center.Engine.ContainsKey("workDir"))
            Error("workDir", "engine setting 'workDir' is required for a center reached over SSH: a folder on the cluster's shared filesystem that every login can write, e.g. /scratch/suanwang (output is written there by the compute nodes and read from the login node)");
        if (found.Count > 0) return null;

        return new SlurmEngineOptions
        {
            CenterId = center.Id,
            SocketPath = socket,
            RestUrl = restUrl,
            Ssh = ssh,
            ApiVersion = apiVersion ?? DefaultApiVersion,
            Partitions = partitions,
            Account = account,
            TenantAccounts = accounts,
            TenantQos = qosOfTenant,
            Qos = qos,
            TenantSockets = sockets,
            PoolIds = [.. center.Pools.Select(p => p.Id)],
            WorkDirectory = workDir ?? DefaultWorkDirectory,
            CallTimeout = timeout,
        };
    }

    // slurmrestd's base URL: plain http(s) to a host, nothing that would send credentials or be dropped silently.
    private static string? RestUrlProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return $"must be an absolute http or https URL, not '{value}'";
        if (url.UserInfo.Length > 0) return "must not carry a user name or password (user@host): slurmrestd authenticates with its own tokens";
        if (url.Query.Length > 0 || url.Fragment.Length > 0) return "must not have a query or fragment (?…, #…): it is the base the API's paths are added to";
        if (url.Host.Length == 0) return $"must name a host, not '{value}'";
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid option (the engine's constructor calls it).</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(CenterId)) errors.Add("CenterId must not be empty");
        if ((SocketPath is null ? 0 : 1) + (RestUrl is null ? 0 : 1) + (Ssh is null ? 0 : 1) != 1) errors.Add("exactly one of SocketPath, RestUrl and Ssh must be set");
        if (ApiVersionProblem(ApiVersion ?? "") is { } versionProblem) errors.Add($"ApiVersion {versionProblem}");
        if (string.IsNullOrWhiteSpace(WorkDirectory) || !Path.IsPathFullyQualified(WorkDirectory) || WorkDirectory.Contains('%') || WorkDirectory.Contains('\\'))
            errors.Add($"WorkDirectory must be an absolute path without '%' or '\\', not '{WorkDirectory}'");
        if (CallTimeout <= TimeSpan.Zero) errors.Add($"CallTimeout must be positive, not {CallTimeout}");
        if (errors.Count > 0)
            throw new ArgumentException($"Slurm engine of center '{CenterId}': {string.Join("; ", errors)}");
    }

    // "auto", or a version a dialect speaks.
    private static string? ApiVersionProblem(string value) =>
        value == AutoApiVersion || RestDialect.TryFor(value) is not null
            ? null
            : ApiVersionPattern().IsMatch(value)
                ? $"'{value}' is not a version Suanwang speaks: use one of {string.Join(", ", RestDialect.Known)}, or '{AutoApiVersion}' to use the newest the daemon serves"
                : $"must be '{AutoApiVersion}' or a version such as '{RestDialect.Known[0]}', not '{value}'";

    internal static bool IsSlurmName(string value) => SlurmNamePattern().IsMatch(value);

    // "a,b,c": one or more Slurm names; null when any is not one.
    private static string[]? NameList(string value)
    {
        string[] names = value.Split(',', StringSplitOptions.TrimEntries);
        return names.Length > 0 && names.All(IsSlurmName) ? names : null;
    }

    [GeneratedRegex(@"^v\d+\.\d+\.\d+$")]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SlurmNamePattern();
}
