using System.Diagnostics;
using Suanwang.Model.Network;

using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Slurm.Tests;

/// <summary>Settings and an unreachable slurmrestd: no lab needed.</summary>
public sealed class OptionsTests
{
    private static readonly SlurmEngineFactory Factory = new(TimeProvider.System);

    [Fact]
    public void Settings_are_read_with_their_defaults()
    {
        SlurmEngineOptions options = SlurmEngineOptions.FromCenter(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = "/run/slurmrestd.sock",
            ["partition.a100"] = "gpu",
        }));

        Assert.Equal("/run/slurmrestd.sock", options.SocketPath);
        Assert.Null(options.RestUrl);
        Assert.Equal("auto", options.ApiVersion);
        Assert.Equal("/tmp", options.WorkDirectory);
        Assert.Null(options.Account);
        Assert.Equal("gpu", options.PartitionFor("a100"));
        Assert.Equal("batch", options.PartitionFor("batch"));
    }

    [Theory]
    [InlineData("v0.0.38")]
    [InlineData("v0.0.40")]
    [InlineData("v0.0.41")]
    [InlineData("v0.0.42")]
    [InlineData("auto")]
    public void An_api_version_Suanwang_speaks_can_be_pinned(string version)
    {
        SlurmEngineOptions options = SlurmEngineOptions.FromCenter(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = "/run/slurmrestd.sock",
            ["apiVersion"] = version,
        }));

        Assert.Equal(version, options.ApiVersion);
    }

    [Fact]
    public void An_api_version_Suanwang_does_not_speak_is_refused_with_the_ones_it_does()
    {
        var error = Assert.Throws<ArgumentException>(() => SlurmEngineOptions.FromCenter(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = "/run/slurmrestd.sock",
            ["apiVersion"] = "v0.0.39",
        })));

        Assert.Contains("'v0.0.39' is not a version Suanwang speaks", error.Message);
        Assert.Contains("v0.0.42, v0.0.41, v0.0.40, v0.0.38", error.Message);
    }

    [Fact]
    public void Every_bad_setting_is_named_with_the_center()
    {
        var error = Assert.Throws<ArgumentException>(() => Factory.Create(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = "relative.sock",
            ["apiVersion"] = "latest",
            ["partition.a100"] = "gpu;rm",
            ["workDir"] = "/tmp/%j",
            ["timeoutSeconds"] = "-1",
            ["socket.physics"] = "physics.sock",
            ["colour"] = "blue",
        })));

        Assert.Contains("center 'hpc'", error.Message);
        foreach (string setting in new[] { "'socket'", "'apiVersion'", "'partition.a100'", "'workDir'", "'timeoutSeconds'", "'socket.physics'", "'colour'" })
            Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void Each_tenant_is_charged_to_its_own_account_and_the_others_to_the_default()
    {
        SlurmEngineOptions options = SlurmEngineOptions.FromCenter(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = "/run/slurmrestd.sock",
            ["account"] = "suanwang",
            ["account.physics"] = "phys-lab",
        }));

        Assert.Equal("phys-lab", options.AccountFor("physics"));
        Assert.Equal("suanwang", options.AccountFor("default"));
    }

    [Fact]
    public void A_partition_for_a_pool_the_center_lacks_and_a_bad_tenant_account_are_named()
    {
        var center = Lab.Center("hpc", new Dictionary<string, string> { ["socket"] = "/x", ["account.physics"] = "phys lab" })
            with { Engine = new Dictionary<string, string> { ["socket"] = "/x", ["partition.h100"] = "gpu", ["account.physics"] = "phys lab" } };

        var error = Assert.Throws<ArgumentException>(() => SlurmEngineOptions.FromCenter(center));

        Assert.Contains("'partition.h100' names no pool", error.Message);
        Assert.Contains("'account.physics'", error.Message);
    }

    [Fact]
    public void A_center_without_socket_or_restUrl_or_of_another_backend_is_refused()
    {
        var missing = Assert.Throws<ArgumentException>(() => Factory.Create(Lab.Center("hpc", new Dictionary<string, string>())));
        var local = Assert.Throws<ArgumentException>(() => Factory.Create(Lab.Center("hpc", new Dictionary<string, string> { ["socket"] = "/x" }, "local")));

        Assert.Contains("'socket'", missing.Message);
        Assert.Contains("'local'", local.Message);
        Assert.Equal("slurm", Factory.Name);
    }

    [Fact]
    public async Task An_unreachable_socket_is_EngineUnavailable_fast()
    {
        var factory = new SlurmEngineFactory(TimeProvider.System, SlurmEndpointPolicy.Default with { SocketDirectories = [Path.GetTempPath()] });
        await using ICenterEngine engine = factory.Create(Lab.Center("hpc", new Dictionary<string, string>
        {
            ["socket"] = Path.Combine(Path.GetTempPath(), $"no-such-slurmrestd-{Environment.ProcessId}.sock"),
            // "Fast" means without waiting out this timeout on any of the four calls; the bound below is a
            // tenth of one timeout, so a loaded machine cannot fail the test and a retry loop still would.
            ["timeoutSeconds"] = "300",
        }));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.FindAsync(DispatchTokens.For("j", 1), CancellationToken.None));
        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.SubmitAsync(Runs.Of("true"), CancellationToken.None));
        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.CancelAsync(DispatchTokens.For("j", 1), CancellationToken.None));
        EngineReport report = await engine.ReportAsync(CancellationToken.None);

        Assert.False(report.Reachable);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Arguments_are_single_quoted_for_sh()
    {
        Assert.Equal("#!/bin/sh\nexec 'echo' 'it'\\''s' '$(x)'\n", BatchScript.ForCommand(["echo", "it's", "$(x)"]));
    }
}
