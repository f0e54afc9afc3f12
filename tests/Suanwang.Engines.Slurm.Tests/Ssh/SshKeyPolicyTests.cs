using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>An admin can name only key files in folders the operator allowed, and only login nodes on allowed hosts.</summary>
public sealed class SshKeyPolicyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sw-sshkeys-").FullName;

    private string Keys => Path.Combine(_root, "keys");

    public SshKeyPolicyTests()
    {
        Directory.CreateDirectory(Keys);
        File.WriteAllText(Path.Combine(Keys, "center"), "not read");
        File.WriteAllText(Path.Combine(_root, "secret"), "not read either");
        File.CreateSymbolicLink(Path.Combine(Keys, "escape"), Path.Combine(_root, "secret"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SshSettings Settings(string keyPath, string login = "swt@127.0.0.1:2222") => SshSettings.Read(new Dictionary<string, string>
    {
        ["ssh"] = login,
        ["sshKey"] = keyPath,
        ["hostKey"] = "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU",
    }, []) ?? throw new InvalidOperationException();

    [Fact]
    public void By_default_no_key_folder_is_allowed()
    {
        EngineSettingError error = Assert.Single(SlurmEndpointPolicy.Default.Check(Settings(Path.Combine(Keys, "center"))));
        Assert.Equal("sshKey", error.Setting);
        Assert.Contains("--slurm-ssh-key-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_in_an_allowed_folder_is_accepted() =>
        Assert.Empty((SlurmEndpointPolicy.Default with { SshKeyDirectories = [Keys] }).Check(Settings(Path.Combine(Keys, "center"))));

    [Theory]
    [InlineData("secret")]
    [InlineData("keys/escape")]
    [InlineData("keys/../secret")]
    [InlineData("keys/missing")]
    public void Key_paths_out_of_the_folder_or_that_are_no_file_are_refused_without_reading_them(string relative)
    {
        var policy = SlurmEndpointPolicy.Default with { SshKeyDirectories = [Keys] };
        EngineSettingError error = Assert.Single(policy.Check(Settings(Path.Combine(_root, relative))));
        Assert.Equal("sshKey", error.Setting);
        Assert.DoesNotContain("not read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_login_node_on_a_host_not_allowed_is_refused()
    {
        var policy = SlurmEndpointPolicy.Default with { SshKeyDirectories = [Keys] };
        EngineSettingError error = Assert.Single(policy.Check(Settings(Path.Combine(Keys, "center"), "swt@10.9.8.7")));
        Assert.Equal("ssh", error.Setting);
        Assert.Empty((policy with { RestHosts = ["10.9.0.0/16"] }).Check(Settings(Path.Combine(Keys, "center"), "swt@10.9.8.7")));
    }
}
