using Suanwang.Engines.Slurm.Ssh;
using Suanwang.Testing;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>The connection layer against a real OpenSSH server: reuse, the bound, host key pinning, arguments verbatim.</summary>
public sealed class SshConnectionTests(TestSshd sshd) : IClassFixture<TestSshd>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private async Task<SshConnectionPool> PoolAsync(int maxConnections = 4, string? pin = null) =>
        new(new SshIdentity(new SshLogin("root", "127.0.0.1", sshd.Port), sshd.UserKey,
            HostKeyPin.Parse(pin ?? await sshd.FingerprintAsync(sshd.HostKeyEd25519Pub), out _)!, Patience, maxConnections), "test");

    [Fact]
    public async Task Many_calls_share_one_handshake()
    {
        await using SshConnectionPool pool = await PoolAsync();
        int before = sshd.Logins;
        for (int i = 0; i < 20; i++)
            Assert.Equal("ok\n", (await pool.RunAsync(["echo", "ok"], null, true, CancellationToken.None)).Output);
        Assert.Equal(1, pool.Handshakes);
        Assert.Equal(1, sshd.Logins - before);
    }

    [Fact]
    public async Task Concurrent_calls_never_open_more_connections_than_the_bound()
    {
        await using SshConnectionPool pool = await PoolAsync(maxConnections: 2);
        string folder = Directory.CreateTempSubdirectory("sw-ssh-bound-").FullName;
        try
        {
            var gate = Gate.In(folder);
            int before = sshd.Logins;
            // Each call marks that it started, then waits for the gate.
            Task<SshCommandResult>[] calls = [.. Enumerable.Range(0, 6).Select(i => pool.RunAsync(
                ["sh", "-c", $"touch '{folder}/started-{i}'; {gate.ShellWait}"], null, true, CancellationToken.None))];
            await WaitUntil(() => Started(folder) == 2);
            await Task.Delay(TimeSpan.FromSeconds(1)); // a third would have started by now if the bound did not hold
            Assert.Equal(2, Started(folder));
            Assert.Equal(2, pool.OpenConnections);

            gate.Open();
            await Task.WhenAll(calls);
            Assert.Equal(6, Started(folder));
            Assert.Equal(2, pool.Handshakes);
            Assert.Equal(2, sshd.Logins - before);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_host_key_other_than_the_pinned_one_is_refused_before_logging_in()
    {
        const string Wrong = "SHA256:ORBNsCgz1Aue8XM6vIe+DYkeRkbX3iQYl4e3edJutMU";
        string real = (await sshd.FingerprintAsync(sshd.HostKeyEd25519Pub)).Split(' ')[1];
        int before = sshd.Logins;
        await using SshConnectionPool pool = await PoolAsync(pin: Wrong);
        var refused = await Assert.ThrowsAsync<EngineUnavailableException>(() => pool.RunAsync(["true"], null, true, CancellationToken.None));
        Assert.Contains(real, refused.Message, StringComparison.Ordinal);
        Assert.Contains($"not the pinned {Wrong}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, sshd.Logins - before);
    }

    [Fact]
    public async Task A_pinned_key_of_another_type_than_the_server_offers_first_is_found()
    {
        // The bare fingerprint of the server's ECDSA key: the ed25519 key it offers first does not match, so the
        // handshake is tried again without that type.
        string ecdsa = (await sshd.FingerprintAsync(sshd.HostKeyEcdsaPub)).Split(' ')[1];
        await using SshConnectionPool bare = await PoolAsync(pin: ecdsa);
        Assert.Equal(0, (await bare.RunAsync(["true"], null, true, CancellationToken.None)).ExitStatus);
        Assert.Equal(0, (await bare.RunAsync(["true"], null, true, CancellationToken.None)).ExitStatus);
        Assert.Equal(2, bare.Handshakes); // one refused, one kept; the type is remembered

        await using SshConnectionPool line = await PoolAsync(pin: sshd.PublicKeyLine(sshd.HostKeyEcdsaPub));
        Assert.Equal(0, (await line.RunAsync(["true"], null, true, CancellationToken.None)).ExitStatus);
        Assert.Equal(1, line.Handshakes);
    }

    [Fact]
    public async Task Arguments_and_input_arrive_verbatim_and_are_never_run()
    {
        string marker = Path.Combine(sshd.Directory, "injected");
        string[] hostile =
        [
            $"$(touch {marker})", $"`touch {marker}`", $"'; touch {marker}; '", $"\"; touch {marker}; \"", $"a\ntouch {marker}",
            $"x && touch {marker}", "*", "~", "$HOME", "${PATH}", "\\", "'", "-n", "", "é世😀", "\u001b[31mred",
        ];
        await using SshConnectionPool pool = await PoolAsync();
        SshCommandResult printed = await pool.RunAsync(["printf", "%s\\0", .. hostile], null, true, CancellationToken.None);
        Assert.Equal(hostile, printed.Output.Split('\0')[..^1]);

        string script = $"#!/bin/sh\necho '$(touch {marker})' \"$(id)\"\n\0?\u00e9\n";
        script = script.Replace("\0", "", StringComparison.Ordinal);
        SshCommandResult echoed = await pool.RunAsync(["cat"], script, true, CancellationToken.None);
        Assert.Equal(script, echoed.Output);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_non_zero_exit_is_returned_with_its_error_output()
    {
        await using SshConnectionPool pool = await PoolAsync();
        SshCommandResult failed = await pool.RunAsync(["sh", "-c", "echo nope >&2; exit 3"], null, true, CancellationToken.None);
        Assert.Equal((3, "nope\n"), (failed.ExitStatus, failed.Error));
    }

    [Fact]
    public async Task An_answer_without_end_is_cut_off_and_the_pool_goes_on()
    {
        var identity = new SshIdentity(new SshLogin("root", "127.0.0.1", sshd.Port), sshd.UserKey,
            HostKeyPin.Parse(await sshd.FingerprintAsync(sshd.HostKeyEd25519Pub), out _)!, Patience, 2);
        await using var pool = new SshConnectionPool(identity, "test") { OutputLimitBytes = 1024 * 1024 };
        var cut = await Assert.ThrowsAsync<EngineUnavailableException>(() => pool.RunAsync(["yes"], null, true, CancellationToken.None));
        Assert.Contains("sent more than 1 MiB for yes: cut off", cut.Message, StringComparison.Ordinal);
        Assert.Equal("ok\n", (await pool.RunAsync(["echo", "ok"], null, true, CancellationToken.None)).Output);
    }

    [Fact]
    public async Task A_connection_the_server_dropped_is_replaced()
    {
        await using SshConnectionPool pool = await PoolAsync();
        await pool.RunAsync(["true"], null, true, CancellationToken.None);
        sshd.DropSessions(); // as a restarted sshd or a network cut would
        Assert.Equal("back\n", (await pool.RunAsync(["echo", "back"], null, true, CancellationToken.None)).Output);
        Assert.Equal(2, pool.Handshakes);
    }

    [Fact]
    public async Task Files_are_read_over_sftp_on_the_same_login()
    {
        string file = Path.Combine(sshd.Directory, "out.txt");
        await File.WriteAllTextAsync(file, "hello over sftp");
        await using SshConnectionPool pool = await PoolAsync();
        string text = await pool.SftpAsync("read", async (sftp, token) =>
        {
            using var reader = new StreamReader(await sftp.OpenAsync(file, FileMode.Open, FileAccess.Read, token));
            return await reader.ReadToEndAsync(token);
        }, CancellationToken.None);
        Assert.Equal("hello over sftp", text);
    }

    private static int Started(string folder) => Directory.GetFiles(folder, "started-*").Length;

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within " + Patience);
            await Task.Delay(50);
        }
    }
}
