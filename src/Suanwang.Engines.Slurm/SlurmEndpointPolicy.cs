using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Suanwang.Engines.Slurm.Ssh;
using Suanwang.Model.Paths;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// Which slurmrestd endpoints a Slurm center may name: the folders its unix sockets may be in and the hosts its
/// <c>restUrl</c> may point at. Centers are registered through the broker's admin API, so without this an admin
/// token would be a way to make the broker call any local socket or any host its network reaches. Immutable;
/// the broker builds it from <c>serve --slurm-socket-dir</c> and <c>--slurm-rest-host</c>.
/// </summary>
public sealed record SlurmEndpointPolicy
{
    /// <summary>Where slurmrestd's sockets live on a usual installation (systemd's <c>RuntimeDirectory=slurmrestd</c>).</summary>
    public static IReadOnlyList<string> DefaultSocketDirectories { get; } = ["/run/slurmrestd", "/var/run/slurmrestd"];

    /// <summary>The defaults alone: sockets under <see cref="DefaultSocketDirectories"/>, URLs on loopback.</summary>
    public static SlurmEndpointPolicy Default { get; } = new();

    private readonly IReadOnlyList<string> _socketDirectories = DefaultSocketDirectories;
    private readonly IReadOnlyList<string> _restHosts = [];
    private readonly IReadOnlyList<string> _sshKeyDirectories = [];
    private IReadOnlyList<(IPAddress Network, int PrefixLength)> _blocks = [];
    private IReadOnlySet<string> _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Folders (absolute) a <c>socket</c> or <c>socket.&lt;tenant&gt;</c> must lie in, after every symbolic link in
    /// both is resolved. Default: <see cref="DefaultSocketDirectories"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A folder is not an absolute path.</exception>
    public IReadOnlyList<string> SocketDirectories
    {
        get => _socketDirectories;
        init
        {
            var bad = value.Where(d => string.IsNullOrWhiteSpace(d) || !Path.IsPathFullyQualified(d)).ToList();
            if (bad.Count > 0) throw new ArgumentException($"slurmrestd socket folders must be absolute paths, not {string.Join(", ", bad.Select(b => $"'{b}'"))}");
            _socketDirectories = [.. value.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Hosts a <c>restUrl</c> may name besides loopback (<c>127.0.0.0/8</c>, <c>::1</c>, <c>localhost</c>, always
    /// allowed): host names (matched exactly, any case), IP addresses and CIDR blocks (<c>10.20.0.0/16</c>). A URL
    /// whose host is an address must fall in a block or be listed; a host name must be listed by name.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is none of those.</exception>
    public IReadOnlyList<string> RestHosts
    {
        get => _restHosts;
        init
        {
            var blocks = new List<(IPAddress, int)>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var bad = new List<string>();
            foreach (string entry in value)
            {
                string host = entry.Trim();
                if (TryParseBlock(host, out var block)) blocks.Add(block);
                else if (Uri.CheckHostName(host.TrimEnd('.')) == UriHostNameType.Dns) names.Add(host.TrimEnd('.'));
                else bad.Add(entry);
            }
            if (bad.Count > 0)
                throw new ArgumentException($"Slurm REST hosts are host names, IP addresses or CIDR blocks (10.20.0.0/16), not {string.Join(", ", bad.Select(b => $"'{b}'"))}");
            _restHosts = [.. value.Select(v => v.Trim())];
            _blocks = blocks;
            _names = names;
        }
    }

    /// <summary>
    /// Folders (absolute) the private key files of SSH centers (<c>sshKey</c>, <c>sshKey.&lt;tenant&gt;</c>) must lie in,
    /// after every symbolic link is resolved; the broker reads those files, so an admin must not be able to name any
    /// other. Default: none (no SSH center can be registered until an operator names one with
    /// <c>suanwang serve --slurm-ssh-key-dir DIR</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A folder is not an absolute path.</exception>
    public IReadOnlyList<string> SshKeyDirectories
    {
        get => _sshKeyDirectories;
        init
        {
            var bad = value.Where(d => string.IsNullOrWhiteSpace(d) || !Path.IsPathFullyQualified(d)).ToList();
            if (bad.Count > 0) throw new ArgumentException($"SSH key folders must be absolute paths, not {string.Join(", ", bad.Select(b => $"'{b}'"))}");
            _sshKeyDirectories = [.. value.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Every problem with what an SSH center's settings name, by setting: key files outside <see cref="SshKeyDirectories"/>
    /// (or not regular files), and login nodes on hosts the broker may not connect to (the same hosts as <see cref="RestHosts"/>).
    /// Key files are checked where they lie, never read; the messages never quote them.
    /// </summary>
    internal IReadOnlyList<EngineSettingError> Check(SshSettings ssh)
    {
        ArgumentNullException.ThrowIfNull(ssh);
        var errors = new List<EngineSettingError>();
        foreach ((string setting, string path) in ssh.KeyFiles)
            if (KeyFileProblem(path) is { } problem) errors.Add(new(setting, $"engine setting '{setting}': {problem}"));
        var logins = new[] { ("ssh", ssh.Login) }.Concat(ssh.TenantLogins.Select(t => ($"ssh.{t.Key}", t.Value)));
        foreach ((string setting, SshLogin login) in logins)
        {
            var url = new UriBuilder("ssh", login.Host, login.Port).Uri;
            if (!AllowsHost(url))
                errors.Add(new(setting, $"engine setting '{setting}': host '{login.Host}' is not one the broker may connect to: loopback{(_restHosts.Count == 0 ? "" : ", " + string.Join(", ", _restHosts))} " +
                    "(an operator allows more with 'suanwang serve --slurm-rest-host HOST|CIDR')"));
        }
        return errors;
    }

    private string? KeyFileProblem(string path)
    {
        const string Hint = "(an operator allows key folders with 'suanwang serve --slurm-ssh-key-dir DIR')";
        if (_sshKeyDirectories.Count == 0) return $"'{path}' cannot be used: no folder for SSH keys is allowed {Hint}";
        string real;
        try
        {
            real = RealPath.Resolve(path);
        }
        catch (IOException)
        {
            return $"'{path}' is a loop of symbolic links";
        }
        bool inside = _sshKeyDirectories.Any(folder => RealPath.Resolve(folder) is var allowed && real != allowed && RealPath.IsInside(real, allowed));
        if (!inside) return $"'{path}' is not in a folder SSH keys may be in: {string.Join(", ", _sshKeyDirectories)} {Hint}";
        if (!File.Exists(real)) return $"'{path}' is not a file";
        return null;
    }

    /// <summary>Every problem with the endpoints <paramref name="options"/> name, by setting.</summary>
    public IReadOnlyList<EngineSettingError> Check(SlurmEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<EngineSettingError>();
        if (options.SocketPath is { } socket && SocketProblem(socket) is { } problem) errors.Add(new("socket", problem));
        foreach ((string tenant, string path) in options.TenantSockets)
            if (SocketProblem(path) is { } tenantProblem) errors.Add(new($"socket.{tenant}", tenantProblem));
        if (options.Ssh is { } ssh) errors.AddRange(Check(ssh));
        if (options.RestUrl is { } url && !AllowsHost(url))
            errors.Add(new("restUrl", $"host '{url.Host}' is not one the broker may call: loopback{(_restHosts.Count == 0 ? "" : ", " + string.Join(", ", _restHosts))} " +
                "(an operator allows more with 'suanwang serve --slurm-rest-host HOST|CIDR')"));
        return errors;
    }

    /// <summary>True when <paramref name="url"/>'s host is loopback, listed by name, or an address in a listed block.</summary>
    public bool AllowsHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && AllowsAddress(address);
        string host = url.IdnHost.TrimEnd('.');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || _names.Contains(host);
    }

    private bool AllowsAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return IPAddress.IsLoopback(address) || _blocks.Any(b => InBlock(address, b.Network, b.PrefixLength));
    }

    private string? SocketProblem(string path)
    {
        try
        {
            // Both resolved: a link in an allowed folder that leads out of it, or an allowed folder that is itself a
            // link (/var/run → /run), is judged by where it leads.
            string real = RealPath.Resolve(path);
            foreach (string folder in _socketDirectories)
            {
                string allowed = RealPath.Resolve(folder);
                if (real != allowed && RealPath.IsInside(real, allowed)) return null;
            }
        }
        catch (IOException)
        {
            return $"'{path}' is a loop of symbolic links";
        }
        return $"'{path}' is not in a folder slurmrestd sockets may be in: {string.Join(", ", _socketDirectories)} " +
               "(an operator allows more with 'suanwang serve --slurm-socket-dir DIR')";
    }

    private static bool TryParseBlock(string text, out (IPAddress Network, int PrefixLength) block)
    {
        block = default;
        string[] parts = text.Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        int bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = bits;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits)) return false;
        block = (address, prefix);
        return true;
    }

    private static bool InBlock(IPAddress address, IPAddress network, int prefixLength)
    {
        if (address.AddressFamily != network.AddressFamily) return false;
        byte[] a = address.GetAddressBytes(), n = network.GetAddressBytes();
        for (int bit = 0; bit < prefixLength; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) return false;
        }
        return true;
    }
}
