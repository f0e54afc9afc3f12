using System.Globalization;
using System.Text.RegularExpressions;

namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>A login: the user and the login node (<c>user@host[:port]</c>).</summary>
internal sealed record SshLogin(string User, string Host, int Port)
{
    /// <summary>The default SSH port.</summary>
    public const int DefaultPort = 22;

    /// <summary>As the setting is written (the port only when not 22; an IPv6 address in brackets).</summary>
    public override string ToString() =>
        $"{User}@{(Host.Contains(':') ? $"[{Host}]" : Host)}{(Port == DefaultPort ? "" : $":{Port.ToString(CultureInfo.InvariantCulture)}")}";
}

/// <summary>One identity's way onto the login node: who, where, with which key, and the pinned host key.</summary>
internal sealed record SshIdentity(SshLogin Login, string KeyPath, HostKeyPin HostKey, TimeSpan Timeout, int MaxConnections)
{
    /// <summary>For messages: <c>ssh user@host:port</c>.</summary>
    public string Where => "ssh " + Login;
}

/// <summary>
/// A Slurm center reached through a login node over SSH, read from the center's engine settings:
/// <c>ssh: user@host[:port]</c>, <c>ssh.&lt;tenant&gt;</c> (a tenant with its own account there), <c>sshKey</c> and
/// <c>sshKey.&lt;tenant&gt;</c> (private key files), <c>hostKey</c> (the pinned host key, required),
/// <c>sshTimeoutSeconds</c> and <c>sshConnections</c>. Immutable. Which key folders and hosts may be named is
/// <see cref="SlurmEndpointPolicy"/>'s to say.
/// </summary>
internal sealed partial record SshSettings
{
    /// <summary>How long one command, transfer or handshake may take when a center sets none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Connections per identity when a center sets none.</summary>
    public const int DefaultMaxConnections = 4;

    /// <summary>The settings read here (<c>&lt;tenant&gt;</c> stands for one per tenant).</summary>
    public static IReadOnlyList<string> SettingNames { get; } =
        ["ssh", "ssh.<tenant>", "sshKey", "sshKey.<tenant>", "hostKey", "sshTimeoutSeconds", "sshConnections"];

    /// <summary>The login most tenants use (setting <c>ssh</c>).</summary>
    public required SshLogin Login { get; init; }

    /// <summary>The private key file of <see cref="Login"/> (setting <c>sshKey</c>).</summary>
    public required string KeyPath { get; init; }

    /// <summary>Tenants with their own account on the login node (settings <c>ssh.&lt;tenant&gt;</c>).</summary>
    public IReadOnlyDictionary<string, SshLogin> TenantLogins { get; init; } = new Dictionary<string, SshLogin>();

    /// <summary>Their key files (settings <c>sshKey.&lt;tenant&gt;</c>); a tenant not listed uses <see cref="KeyPath"/>.</summary>
    public IReadOnlyDictionary<string, string> TenantKeyPaths { get; init; } = new Dictionary<string, string>();

    /// <summary>The login node's pinned host key (setting <c>hostKey</c>).</summary>
    public required HostKeyPin HostKey { get; init; }

    /// <summary>How long a handshake, a command or a transfer may take (setting <c>sshTimeoutSeconds</c>, default 20).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Most connections (each running one command or transfer at a time) per identity (setting <c>sshConnections</c>, default 4).</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>Every key file named, with the setting that names it.</summary>
    public IEnumerable<(string Setting, string Path)> KeyFiles =>
        new[] { ("sshKey", KeyPath) }.Concat(TenantKeyPaths.Select(t => ($"sshKey.{t.Key}", t.Value)));

    /// <summary>The identity <paramref name="tenant"/>'s jobs are submitted with.</summary>
    public SshIdentity IdentityFor(string? tenant)
    {
        if (tenant is not null && TenantLogins.TryGetValue(tenant, out SshLogin? login))
            return new(login, TenantKeyPaths.TryGetValue(tenant, out string? key) ? key : KeyPath, HostKey, Timeout, MaxConnections);
        return new(Login, KeyPath, HostKey, Timeout, MaxConnections);
    }

    /// <summary>Every distinct identity (the center's own first), e.g. to look for a job under each.</summary>
    public IReadOnlyList<SshIdentity> Identities =>
        [.. new[] { IdentityFor(null) }.Concat(TenantLogins.Keys.Order(StringComparer.Ordinal).Select(IdentityFor)).Distinct()];

    /// <summary>True when <paramref name="key"/> is one of <see cref="SettingNames"/>.</summary>
    public static bool IsSshSetting(string key) =>
        key is "ssh" or "sshKey" or "hostKey" or "sshTimeoutSeconds" or "sshConnections"
        || key.StartsWith("ssh.", StringComparison.Ordinal) || key.StartsWith("sshKey.", StringComparison.Ordinal);

    /// <summary>
    /// The SSH settings among <paramref name="engine"/>'s, or null when there are none (the center is reached some
    /// other way). Settings that are not SSH's are ignored; every problem with SSH's is added to <paramref name="errors"/>
    /// (then null is returned), all at once, each naming its setting.
    /// </summary>
    public static SshSettings? Read(IReadOnlyDictionary<string, string> engine, List<EngineSettingError> errors)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(errors);
        if (!engine.Keys.Any(IsSshSetting)) return null;
        int before = errors.Count;
        void Error(string setting, string message) => errors.Add(new EngineSettingError(setting, message));

        SshLogin? login = null;
        string? keyPath = null;
        HostKeyPin? pin = null;
        TimeSpan timeout = DefaultTimeout;
        int connections = DefaultMaxConnections;
        var tenantLogins = new Dictionary<string, SshLogin>(StringComparer.Ordinal);
        var tenantKeys = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach ((string key, string value) in engine.Where(e => IsSshSetting(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith("ssh.", StringComparison.Ordinal))
            {
                string tenant = key["ssh.".Length..];
                if (tenant.Length == 0) Error(key, $"engine setting '{key}' must name a tenant after 'ssh.'");
                else if (ParseLogin(value, out string? problem) is { } tenantLogin) tenantLogins[tenant] = tenantLogin;
                else Error(key, $"engine setting '{key}' {problem}");
                continue;
            }
            if (key.StartsWith("sshKey.", StringComparison.Ordinal))
            {
                string tenant = key["sshKey.".Length..];
                if (tenant.Length == 0) Error(key, $"engine setting '{key}' must name a tenant after 'sshKey.'");
                else if (KeyPathProblem(value) is { } problem) Error(key, $"engine setting '{key}' {problem}");
                else tenantKeys[tenant] = value;
                continue;
            }
            switch (key)
            {
                case "ssh":
                    login = ParseLogin(value, out string? loginProblem);
                    if (login is null) Error(key, $"engine setting 'ssh' {loginProblem}");
                    break;
                case "sshKey":
                    if (KeyPathProblem(value) is { } keyProblem) Error(key, $"engine setting 'sshKey' {keyProblem}");
                    else keyPath = value;
                    break;
                case "hostKey":
                    pin = HostKeyPin.Parse(value, out string? pinProblem);
                    if (pin is null) Error(key, $"engine setting 'hostKey' {pinProblem}");
                    break;
                case "sshTimeoutSeconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
                        Error(key, $"engine setting 'sshTimeoutSeconds' must be a number of seconds in (0, 3600], not '{value}'");
                    else timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "sshConnections":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out connections) || connections < 1 || connections > 64)
                        Error(key, $"engine setting 'sshConnections' must be a whole number from 1 to 64, not '{value}'");
                    break;
            }
        }

        if (!engine.ContainsKey("ssh"))
            Error("ssh", "engine setting 'ssh' (user@host[:port] of the login node) is required with the other SSH settings");
        if (!engine.ContainsKey("sshKey"))
            Error("sshKey", "engine setting 'sshKey' (the path of the login's private key file) is required with 'ssh'");
        if (!engine.ContainsKey("hostKey"))
            Error("hostKey", "engine setting 'hostKey' is required with 'ssh': the login node's host key fingerprint as " +
                "'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' prints it there (SHA256:…), or that public key line; host keys are never accepted unseen");
        foreach (string tenant in tenantKeys.Keys.Where(t => !tenantLogins.ContainsKey(t) && !engine.ContainsKey($"ssh.{t}")))
            Error($"sshKey.{tenant}", $"engine setting 'sshKey.{tenant}' needs 'ssh.{tenant}' (the tenant's own login) beside it");
        if (login is not null)
        {
            foreach ((string tenant, SshLogin tenantLogin) in tenantLogins.Where(t => !SameNode(t.Value, login)))
                Error($"ssh.{tenant}", $"engine setting 'ssh.{tenant}' must name the login node of 'ssh' ({login.Host}:{login.Port}), " +
                    $"not {tenantLogin.Host}:{tenantLogin.Port}: 'hostKey' pins that one node");
        }
        if (errors.Count > before) return null;

        return new SshSettings
        {
            Login = login!,
            KeyPath = keyPath!,
            TenantLogins = tenantLogins,
            TenantKeyPaths = tenantKeys,
            HostKey = pin!,
            Timeout = timeout,
            MaxConnections = connections,
        };
    }

    private static bool SameNode(SshLogin a, SshLogin b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>Reads <c>user@host[:port]</c> (an IPv6 address in brackets); null with a reason otherwise.</summary>
    internal static SshLogin? ParseLogin(string value, out string? problem)
    {
        problem = null;
        Match m = LoginPattern().Match(value ?? "");
        if (!m.Success)
        {
            problem = $"must be user@host or user@host:port, not '{value}'";
            return null;
        }
        string user = m.Groups["user"].Value;
        string host = m.Groups["v6"].Success ? m.Groups["v6"].Value : m.Groups["host"].Value;
        if (!UserPattern().IsMatch(user))
        {
            problem = $"names user '{user}', which is not a login name (letters, digits, '.', '_', '-'; not starting with '-')";
            return null;
        }
        bool address = System.Net.IPAddress.TryParse(host, out _);
        if (m.Groups["v6"].Success ? !address : !address && Uri.CheckHostName(host.TrimEnd('.')) != UriHostNameType.Dns)
        {
            problem = $"names host '{host}', which is neither a host name nor an IP address";
            return null;
        }
        int port = SshLogin.DefaultPort;
        if (m.Groups["port"].Success && (!int.TryParse(m.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"names port '{m.Groups["port"].Value}', which is not a port (1 to 65535)";
            return null;
        }
        return new SshLogin(user, host.TrimEnd('.'), port);
    }

    private static string? KeyPathProblem(string value) =>
        string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value) || value.Contains('\0')
            ? $"must be the absolute path of a private key file, not '{value}'"
            : null;

    [GeneratedRegex(@"^(?<user>[^@\s]+)@(?:\[(?<v6>[0-9A-Fa-f:.]+)\]|(?<host>[^@\s:\[\]]+))(?::(?<port>\d{1,5}))?$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*\$?$")]
    private static partial Regex UserPattern();
}
