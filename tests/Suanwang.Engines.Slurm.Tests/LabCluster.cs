using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// One Slurm 24.11 cluster of the lab, as <c>slurm-lab.sh up</c> prints it:
/// <c>NAME SLURM_CONF=… REST=unix:… VERSION=24.11.5 API=v0.0.42 SSH=127.0.0.1:PORT HOSTKEY=SHA256:… KNOWN_HOSTS=…
/// KEYS=DIR/keys USERS=swlab,swlab2,swt1,swt2 ACCOUNTING=slurmdbd|none</c>.
/// </summary>
/// <param name="SlurmConf">slurm.conf; the same path inside the root filesystem and on the host.</param>
/// <param name="Socket">slurmrestd as the REST user (swlab); <c>rest/swlab2.sock</c> beside it runs as swlab2.</param>
/// <param name="Version">Slurm's release, e.g. <c>24.11.5</c>.</param>
/// <param name="Api">The newest REST data parser slurmrestd serves, e.g. <c>v0.0.42</c>.</param>
/// <param name="HostKey">The login node's host key fingerprint, <c>SHA256:…</c> (what a center pins).</param>
/// <param name="KnownHostsFile">A known_hosts file with that host key for <c>[127.0.0.1]:PORT</c>.</param>
/// <param name="KeyDirectory">The users' private keys (<c>USER</c>, mode 0600) and public keys (<c>USER.pub</c>).</param>
/// <param name="Users">Users of the login node (and of the cluster's nodes): the REST users, then one per tenant.</param>
/// <param name="Accounting">Whether the cluster runs slurmdbd (sacct, <c>/slurmdb/…</c> REST endpoints).</param>
public sealed record LabCluster(
    string Name,
    string SlurmConf,
    string Socket,
    string Version,
    string Api,
    string SshHost,
    int SshPort,
    string HostKey,
    string KnownHostsFile,
    string KeyDirectory,
    IReadOnlyList<string> Users,
    bool Accounting)
{
    /// <summary>The users one per tenant (<c>swt1</c>, <c>swt2</c>), for centers with <c>ssh.&lt;tenant&gt;</c>.</summary>
    public IReadOnlyList<string> TenantUsers => [.. Users.Where(u => u.StartsWith("swt", StringComparison.Ordinal))];

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string SshEndpoint => $"{SshHost}:{SshPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The engine setting <c>ssh</c> / <c>ssh.&lt;tenant&gt;</c> for <paramref name="user"/>: <c>user@127.0.0.1:PORT</c>.</summary>
    public string SshTarget(string user) => $"{CheckUser(user)}@{SshEndpoint}";

    /// <summary>The private key of <paramref name="user"/> (engine setting <c>sshKey</c> / <c>sshKey.&lt;tenant&gt;</c>).</summary>
    public string KeyPath(string user) => Path.Combine(KeyDirectory, CheckUser(user));

    /// <summary>A folder every lab user may write, on the login node and the cluster's nodes (engine setting <c>workDir</c>).</summary>
    public string WorkDirectory => Path.Combine(Path.GetDirectoryName(SlurmConf)!, "out");

    public static bool TryParse(string line, [NotNullWhen(true)] out LabCluster? cluster)
    {
        cluster = null;
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2) return false;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in parts.Skip(1))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) return false;
            fields[part[..equals]] = part[(equals + 1)..];
        }
        string[] needed = ["SLURM_CONF", "REST", "VERSION", "API", "SSH", "HOSTKEY", "KNOWN_HOSTS", "KEYS", "USERS", "ACCOUNTING"];
        if (needed.Any(k => !fields.ContainsKey(k)) || !fields["REST"].StartsWith("unix:", StringComparison.Ordinal)) return false;
        string ssh = fields["SSH"];
        int colon = ssh.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(ssh[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)) return false;
        cluster = new LabCluster(
            parts[0], fields["SLURM_CONF"], fields["REST"]["unix:".Length..], fields["VERSION"], fields["API"], ssh[..colon], port,
            fields["HOSTKEY"], fields["KNOWN_HOSTS"], fields["KEYS"], fields["USERS"].Split(','), fields["ACCOUNTING"] == "slurmdbd");
        return true;
    }

    private string CheckUser(string user) =>
        Users.Contains(user) ? user : throw new ArgumentException($"{user} is not a user of lab cluster {Name} ({string.Join(", ", Users)})", nameof(user));
}
