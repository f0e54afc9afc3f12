using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

public sealed class SshSettingsTests
{
    private const string Pin = "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU";

    private static Dictionary<string, string> Valid() => new()
    {
        ["ssh"] = "swt@login.example:2222",
        ["sshKey"] = "/etc/suanwang/ssh/center_ed25519",
        ["hostKey"] = Pin,
        ["partition.cpu"] = "batch", // not SSH's: ignored here
    };

    private static (SshSettings? Settings, List<EngineSettingError> Errors) Read(Dictionary<string, string> engine)
    {
        var errors = new List<EngineSettingError>();
        return (SshSettings.Read(engine, errors), errors);
    }

    [Fact]
    public void A_center_without_ssh_settings_has_none()
    {
        (SshSettings? settings, var errors) = Read(new() { ["socket"] = "/run/slurmrestd/slurmrestd.socket" });
        Assert.Null(settings);
        Assert.Empty(errors);
    }

    [Fact]
    public void Reads_the_login_the_key_the_pin_and_the_defaults()
    {
        (SshSettings? settings, var errors) = Read(Valid());
        Assert.Empty(errors);
        Assert.Equal(new SshLogin("swt", "login.example", 2222), settings!.Login);
        Assert.Equal("/etc/suanwang/ssh/center_ed25519", settings.KeyPath);
        Assert.Equal(Pin, settings.HostKey.ToString());
        Assert.Equal(SshSettings.DefaultTimeout, settings.Timeout);
        Assert.Equal(4, settings.MaxConnections);
        Assert.Equal("ssh swt@login.example:2222", settings.IdentityFor("anyone").Where);
    }

    [Fact]
    public void Tenants_with_their_own_account_use_it_and_their_own_key()
    {
        var engine = Valid();
        engine["ssh.acme"] = "acme01@login.example:2222";
        engine["sshKey.acme"] = "/etc/suanwang/ssh/acme_ed25519";
        engine["ssh.beta"] = "beta01@login.example:2222";
        engine["sshTimeoutSeconds"] = "7.5";
        engine["sshConnections"] = "2";
        (SshSettings? settings, var errors) = Read(engine);
        Assert.Empty(errors);
        SshIdentity acme = settings!.IdentityFor("acme"), beta = settings.IdentityFor("beta"), other = settings.IdentityFor("other");
        Assert.Equal(("acme01", "/etc/suanwang/ssh/acme_ed25519"), (acme.Login.User, acme.KeyPath));
        Assert.Equal(("beta01", "/etc/suanwang/ssh/center_ed25519"), (beta.Login.User, beta.KeyPath));
        Assert.Equal("swt", other.Login.User);
        Assert.Equal(TimeSpan.FromSeconds(7.5), acme.Timeout);
        Assert.Equal(2, acme.MaxConnections);
        Assert.Equal(3, settings.Identities.Count);
    }

    [Theory]
    [InlineData("swt@login", "login", 22)]
    [InlineData("swt@10.1.2.3:22", "10.1.2.3", 22)]
    [InlineData("swt@[::1]:2200", "::1", 2200)]
    [InlineData("swt@login.example.", "login.example", 22)]
    public void Reads_user_at_host_and_port(string value, string host, int port)
    {
        SshLogin? login = SshSettings.ParseLogin(value, out string? problem);
        Assert.Null(problem);
        Assert.Equal(new SshLogin("swt", host, port), login);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("swt@")]
    [InlineData("@login")]
    [InlineData("swt@login:0")]
    [InlineData("swt@login:65536")]
    [InlineData("swt@login:ssh")]
    [InlineData("-oProxyCommand=x@login")]
    [InlineData("swt;id@login")]
    [InlineData("swt@log in")]
    [InlineData("swt@[not-v6]:22")]
    [InlineData("swt@a@login")]
    public void Refuses_what_is_not_a_login(string value) =>
        Assert.Null(SshSettings.ParseLogin(value, out _));

    [Fact]
    public void Every_problem_is_listed_at_once_each_naming_its_setting()
    {
        (SshSettings? settings, var errors) = Read(new()
        {
            ["ssh"] = "nobody",
            ["sshKey"] = "relative/key",
            ["hostKey"] = "accept-any",
            ["sshTimeoutSeconds"] = "0",
            ["sshConnections"] = "100",
            ["ssh.acme"] = "acme@bad host",
            ["sshKey.beta"] = "/keys/beta",
            ["ssh."] = "x@login",
        });
        Assert.Null(settings);
        Assert.Equal(
            new[] { "hostKey", "ssh", "ssh.", "ssh.acme", "sshConnections", "sshKey", "sshKey.beta", "sshTimeoutSeconds" },
            errors.Select(e => e.Setting).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains($"'{e.Setting}", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tenant_login_on_another_node_is_refused_since_the_pin_is_for_one_node()
    {
        var engine = Valid();
        engine["ssh.acme"] = "acme@elsewhere.example:2222";
        (_, var errors) = Read(engine);
        EngineSettingError error = Assert.Single(errors);
        Assert.Equal("ssh.acme", error.Setting);
        Assert.Contains("hostKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh")]
    [InlineData("sshKey")]
    [InlineData("hostKey")]
    public void The_login_its_key_and_the_pin_are_required(string missing)
    {
        var engine = Valid();
        engine.Remove(missing);
        (SshSettings? settings, var errors) = Read(engine);
        Assert.Null(settings);
        Assert.Equal(missing, Assert.Single(errors).Setting);
    }
}
