using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>The lab's Slurm 24.11 clusters are what the engine tests take them for: real REST, login nodes, accounting.</summary>
[Collection(SlurmLabCollection.Name)]
public sealed class LabTests(SlurmLab lab)
{
    public static TheoryData<string> CurrentClusters => [.. SlurmLab.CurrentClusterNames];

    [Theory]
    [MemberData(nameof(CurrentClusters))]
    public async Task Slurmrestd_of_a_24_11_cluster_answers_ping_in_the_v0_0_42_dialect_over_its_socket(string cluster)
    {
        LabCluster current = lab.Current(cluster);
        using HttpClient client = UnixSocketClient(current.Socket);

        using HttpResponseMessage response = await client.GetAsync($"http://localhost/slurm/{current.Api}/ping");

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("v0.0.42", current.Api);
        Assert.StartsWith("24.11.", current.Version, StringComparison.Ordinal);
        Assert.Equal("data_parser/v0.0.42", json.RootElement.GetProperty("meta").GetProperty("plugin").GetProperty("data_parser").GetString());
        JsonElement ping = Assert.Single(json.RootElement.GetProperty("pings").EnumerateArray());
        Assert.True(ping.GetProperty("responding").GetBoolean(), body);
    }

    [Theory]
    [MemberData(nameof(CurrentClusters))]
    public async Task A_tenant_user_submits_over_ssh_with_the_host_key_pinned_and_the_job_is_theirs(string cluster)
    {
        LabCluster current = lab.Current(cluster);
        string user = current.TenantUsers[0];
        Assert.Equal(current.HostKey, FingerprintOf(await File.ReadAllTextAsync(current.KnownHostsFile)));

        (int code, string output) = await lab.SshAsync(cluster, user, $"cd {current.WorkDirectory} && sbatch --parsable --hold --job-name=lab-smoke --wrap true");

        Assert.True(code == 0, output);
        string jobId = output.Trim().Split('\n')[0].Split(';')[0];
        Assert.Matches("^[0-9]+$", jobId);
        (code, output) = await lab.SlurmAsync(cluster, "scontrol", "show", "job", jobId);
        Assert.True(code == 0, output);
        Assert.Contains($"UserId={user}(", output, StringComparison.Ordinal);
        Assert.Contains("JobState=PENDING", output, StringComparison.Ordinal);
        (code, output) = await lab.SlurmAsUserAsync(cluster, user, "scancel", jobId);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task The_login_node_refuses_a_key_that_is_not_the_users()
    {
        LabCluster current = lab.Current("hpc-b");
        string[] tenants = [.. current.TenantUsers];

        (int code, string output) = await lab.SshWithKeyAsync("hpc-b", tenants[0], current.KeyPath(tenants[1]), "true");

        Assert.NotEqual(0, code);
        Assert.Contains("Permission denied", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sacct_answers_on_the_accounting_cluster_and_says_accounting_is_off_on_the_other()
    {
        LabCluster accounted = lab.Current("hpc-a");
        LabCluster plain = lab.Current("hpc-b");
        Assert.True(accounted.Accounting);
        Assert.False(plain.Accounting);

        (int code, string output) = await lab.SlurmAsync("hpc-a", "sacct", "--json", "--allusers");
        Assert.True(code == 0, output);
        using (JsonDocument json = JsonDocument.Parse(output))
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("jobs").ValueKind);
        (code, output) = await lab.SlurmAsync("hpc-a", "sacct", "-P", "--allusers", "-o", "JobID,User,State");
        Assert.True(code == 0, output);
        Assert.StartsWith("JobID|User|State", output, StringComparison.Ordinal);

        (code, output) = await lab.SlurmAsync("hpc-b", "sacct", "-P");
        Assert.Contains("accounting storage is disabled", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Up_brings_back_a_killed_24_11_controller_and_resumes_a_stopped_login_node()
    {
        int controller = lab.DaemonPid("hpc-b", "slurmctld") ?? throw new InvalidOperationException("hpc-b's slurmctld is not running");
        int login = lab.DaemonPid("hpc-a", "sshd") ?? throw new InvalidOperationException("hpc-a's sshd is not running");
        using (var process = Process.GetProcessById(controller))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        Assert.Equal(0, Signal(login, "STOP"));
        Assert.Null(lab.DaemonPid("hpc-b", "slurmctld"));

        await lab.RestartMissingAsync();

        Assert.NotNull(lab.DaemonPid("hpc-b", "slurmctld"));
        Assert.Equal(login, lab.DaemonPid("hpc-a", "sshd"));
        (int code, string output) = await lab.SshAsync("hpc-a", lab.Current("hpc-a").TenantUsers[0], "sinfo -h -o %P");
        Assert.True(code == 0, output);
        (code, output) = await lab.SlurmAsync("hpc-b", "sinfo", "-h", "-o", "%P");
        Assert.True(code == 0, output);
        Assert.Contains("batch*", output, StringComparison.Ordinal);
    }

    private static int Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private static HttpClient UnixSocketClient(string socket) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancel);
                return new NetworkStream(s, ownsSocket: true);
            },
        })
        { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>OpenSSH's SHA256 fingerprint of the key in a known_hosts line: base64 of the key blob's SHA-256, unpadded.</summary>
    private static string FingerprintOf(string knownHostsLine)
    {
        string[] parts = knownHostsLine.Trim().Split(' ');
        byte[] blob = Convert.FromBase64String(parts[2]);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
    }
}
