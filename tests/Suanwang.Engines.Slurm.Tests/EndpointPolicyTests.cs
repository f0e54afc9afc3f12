using Suanwang.Testing.Engines;
using Suanwang.Testing.Network;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>
/// Which slurmrestd a center may name, and what the engine repeats of an answer: centers come through the admin
/// API, so neither may be a way to reach or read another service. No lab needed.
/// </summary>
public sealed class EndpointPolicyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("suanwang-endpoints-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IReadOnlyList<EngineSettingError> Check(SlurmEndpointPolicy policy, params (string Key, string Value)[] settings) =>
        new SlurmEngineFactory(TimeProvider.System, policy).Check(Lab.Center("hpc", settings.ToDictionary(s => s.Key, s => s.Value)));

    [Theory]
    [InlineData("ftp://127.0.0.1/", "must be an absolute http or https URL")]
    [InlineData("file:///etc/shadow", "must be an absolute http or https URL")]
    [InlineData("http://admin:secret@127.0.0.1:6820/", "must not carry a user name or password")]
    [InlineData("http://127.0.0.1:6820/?x=1", "must not have a query or fragment")]
    [InlineData("http://10.0.0.5:6820/", "host '10.0.0.5' is not one the broker may call: loopback")]
    [InlineData("http://169.254.169.254/", "is not one the broker may call")]
    [InlineData("http://0.0.0.0:6820/", "is not one the broker may call")]
    [InlineData("http://slurm.example.org:6820/", "host 'slurm.example.org' is not one")]
    public void A_rest_url_that_is_not_plain_http_to_an_allowed_host_is_refused_naming_restUrl(string url, string reason)
    {
        var error = Assert.Single(Check(SlurmEndpointPolicy.Default, ("restUrl", url)));

        Assert.Equal("restUrl", error.Setting);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6820/")]
    [InlineData("http://127.8.9.10:6820/")]
    [InlineData("http://[::1]:6820/")]
    [InlineData("http://localhost:6820/")]
    [InlineData("http://10.20.3.4:6820/")]
    [InlineData("https://SLURM.example.org./")]
    public void Loopback_and_the_listed_hosts_and_blocks_are_allowed(string url)
    {
        var policy = SlurmEndpointPolicy.Default with { RestHosts = ["10.20.0.0/16", "slurm.example.org"] };

        Assert.Empty(Check(policy, ("restUrl", url)));
    }

    [Fact]
    public void A_host_entry_that_is_not_a_name_address_or_block_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SlurmEndpointPolicy.Default with { RestHosts = ["10.0.0.0/99", "not a host"] });

        Assert.Contains("'10.0.0.0/99'", error.Message);
        Assert.Contains("'not a host'", error.Message);
    }

    [Fact]
    public void A_socket_outside_the_allowed_folders_is_refused_naming_the_setting_and_the_folders()
    {
        var errors = Check(SlurmEndpointPolicy.Default, ("socket", "/var/lib/postgresql/.s.PGSQL.5432"), ("socket.physics", "/tmp/x.sock"));

        Assert.Equal(["socket", "socket.physics"], errors.Select(e => e.Setting));
        Assert.All(errors, e => Assert.Contains("is not in a folder slurmrestd sockets may be in: /run/slurmrestd, /var/run/slurmrestd", e.Message));
    }

    [Fact]
    public void A_socket_path_climbing_or_linking_out_of_an_allowed_folder_is_refused()
    {
        string allowed = Directory.CreateDirectory(Path.Combine(_root, "rest")).FullName;
        string outside = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(allowed, "link"), outside);
        var policy = SlurmEndpointPolicy.Default with { SocketDirectories = [allowed] };

        Assert.Equal("socket", Assert.Single(Check(policy, ("socket", Path.Combine(allowed, "..", "elsewhere", "x.sock")))).Setting);
        Assert.Equal("socket", Assert.Single(Check(policy, ("socket", Path.Combine(allowed, "link", "x.sock")))).Setting);
        Assert.Empty(Check(policy, ("socket", Path.Combine(allowed, "slurmrestd.sock"))));
    }

    [Fact]
    public void Creating_an_engine_applies_the_same_policy()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlurmEngineFactory(TimeProvider.System).Create(Lab.Center("hpc", new Dictionary<string, string> { ["socket"] = "/tmp/x.sock" })));

        Assert.Contains("center 'hpc'", error.Message);
        Assert.Contains("not in a folder slurmrestd sockets may be in", error.Message);
    }

    [Fact]
    public async Task An_answer_that_is_not_slurmrestds_is_described_never_repeated()
    {
        await using var web = ForeignService.Http("MARKER-5e1d-internal-web");
        await using var ssh = ForeignService.Banner("MARKER-7a2b-internal-ssh");

        foreach (var service in new[] { web, ssh })
        {
            await using var engine = new SlurmEngineFactory(TimeProvider.System).Create(Lab.Center("hpc", new Dictionary<string, string> { ["restUrl"] = service.Url.ToString() }));

            var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.FindAsync(DispatchTokens.For("j", 1), CancellationToken.None));

            Assert.DoesNotContain("MARKER", error.ToString());
            Assert.Contains(service == web
                ? $"with HTTP 200, text/html, {"<html><body></body></html>".Length + web.Marker.Length} bytes, which is not slurmrestd's answer"
                : "cannot be reached: the answer is not HTTP", error.Message);
        }
    }
}
