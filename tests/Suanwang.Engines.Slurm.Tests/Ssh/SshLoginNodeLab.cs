namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>
/// The host's Slurm lab (22.05) with a real OpenSSH login node in front of its <c>cpu</c> cluster: the server's
/// <c>SetEnv SLURM_CONF=…</c> points the login sessions' Slurm commands at that cluster, as a login node's
/// <c>/etc/slurm/slurm.conf</c> would. Both are started for the test class and stopped after it.
/// </summary>
public sealed class SshLoginNodeLab : IAsyncLifetime
{
    public const string Cluster = "cpu";

    public SlurmLab Slurm { get; } = new();

    public TestSshd Sshd { get; } = new();

    public async Task InitializeAsync()
    {
        await Slurm.InitializeAsync();
        Sshd.ExtraConfig.Add($"SetEnv SLURM_CONF={Slurm.SlurmConf(Cluster)}");
        await Sshd.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Sshd.DisposeAsync();
        await Slurm.DisposeAsync();
    }
}
