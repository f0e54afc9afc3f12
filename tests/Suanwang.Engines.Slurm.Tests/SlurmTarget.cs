namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// One way the engine reaches one Slurm version, for tests run on every path: a lab cluster and the engine settings a
/// center on it has (<see cref="Settings"/>). The same behaviour is expected of each (see <see cref="Names"/>).
/// </summary>
/// <param name="Name">What the tests show, e.g. <c>24.11 SSH</c>.</param>
/// <param name="Cluster">The lab cluster it runs on.</param>
/// <param name="Ssh">Reached through the cluster's login node (else through slurmrestd).</param>
/// <param name="PerTenant">Over SSH, tenant <c>tenant-a</c> logs in as its own user (<c>ssh.tenant-a</c>: swt1).</param>
public sealed record SlurmTarget(string Name, string Cluster, bool Ssh = false, bool PerTenant = false)
{
    /// <summary>Slurm 22.05 through slurmrestd (REST v0.0.38), on gpu-a (GPUs, partitions gpu and debug).</summary>
    public static readonly SlurmTarget Rest2205 = new("22.05 REST", "gpu-a");

    /// <summary>Slurm 24.11 through slurmrestd (REST v0.0.42, discovered), on hpc-b (no accounting).</summary>
    public static readonly SlurmTarget Rest2411 = new("24.11 REST", "hpc-b");

    /// <summary>Slurm 24.11 through slurmrestd on hpc-a, which also serves slurmdbd's records (<c>openapi/slurmdbd</c>).</summary>
    public static readonly SlurmTarget Rest2411Accounting = new("24.11 REST with accounting", "hpc-a");

    /// <summary>Slurm 24.11 through its login node as the center's user (swlab), on hpc-a (slurmdbd accounting).</summary>
    public static readonly SlurmTarget Ssh2411 = new("24.11 SSH", "hpc-a", Ssh: true);

    /// <summary>As <see cref="Ssh2411"/>, tenant <c>tenant-a</c> logging in as its own user (swt1).</summary>
    public static readonly SlurmTarget Ssh2411PerTenant = new("24.11 SSH per tenant", "hpc-a", Ssh: true, PerTenant: true);

    /// <summary>Slurm 24.11 through its login node, on hpc-b (no accounting: finished jobs are known until the controller forgets them).</summary>
    public static readonly SlurmTarget Ssh2411NoAccounting = new("24.11 SSH without accounting", "hpc-b", Ssh: true);

    /// <summary>Every target, by name.</summary>
    public static readonly IReadOnlyList<SlurmTarget> All = [Rest2205, Rest2411, Rest2411Accounting, Ssh2411, Ssh2411PerTenant, Ssh2411NoAccounting];

    /// <summary>The main paths (one per access and version): what behaviour that differs by path runs on.</summary>
    public static TheoryData<string> Names => [Rest2205.Name, Rest2411.Name, Ssh2411.Name];

    /// <summary>The main paths and the per-tenant SSH login.</summary>
    public static TheoryData<string> NamesWithTenantLogin => [Rest2205.Name, Rest2411.Name, Ssh2411.Name, Ssh2411PerTenant.Name];

    /// <summary>The main paths and SSH to a cluster without accounting.</summary>
    public static TheoryData<string> NamesWithoutAccounting => [Rest2205.Name, Rest2411.Name, Ssh2411.Name, Ssh2411NoAccounting.Name];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <remarks><c>22.05 REST on CLUSTER</c> names slurmrestd on another 22.05 cluster (gpu-b, cpu).</remarks>
    public static SlurmTarget Named(string name)
    {
        const string OtherRest2205 = "22.05 REST on ";
        if (name.StartsWith(OtherRest2205, StringComparison.Ordinal) && SlurmLab.ClusterNames.Contains(name[OtherRest2205.Length..]))
            return new SlurmTarget(name, name[OtherRest2205.Length..]);
        return All.SingleOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no Slurm target '{name}' ({string.Join(", ", All.Select(t => t.Name))})", nameof(name));
    }

    /// <summary>The pool the target's tests use and the partition it maps to.</summary>
    public (string Pool, string Partition) Pool => Lab.PoolOf(Cluster);

    /// <summary>The Slurm user jobs of tenant <c>tenant-a</c> run as.</summary>
    public string JobUser => PerTenant ? "swt1" : "swlab";

    /// <summary>A folder the target's jobs can write and the tests can read (and where the engine's output is).</summary>
    public string WorkDirectory(SlurmLab lab) => Ssh ? lab.Current(Cluster).WorkDirectory : lab.OutDirectory(Cluster);

    /// <summary>
    /// The engine settings of a center on the target, as the broker reads them: slurmrestd's socket, or the login node
    /// (<c>ssh</c>, <c>sshKey</c>, the pinned <c>hostKey</c>), then <c>workDir</c> and <c>partition.&lt;pool&gt;</c>.
    /// </summary>
    public Dictionary<string, string> Settings(SlurmLab lab)
    {
        var settings = new Dictionary<string, string>
        {
            [$"partition.{Pool.Pool}"] = Pool.Partition,
            ["workDir"] = WorkDirectory(lab),
        };
        if (!Ssh)
        {
            settings["socket"] = lab.Socket(Cluster);
            return settings;
        }
        LabCluster c = lab.Current(Cluster);
        settings["ssh"] = c.SshTarget("swlab");
        settings["sshKey"] = c.KeyPath("swlab");
        settings["hostKey"] = c.HostKey;
        if (PerTenant)
        {
            settings["ssh.tenant-a"] = c.SshTarget("swt1");
            settings["sshKey.tenant-a"] = c.KeyPath("swt1");
        }
        return settings;
    }

    public override string ToString() => Name;
}
