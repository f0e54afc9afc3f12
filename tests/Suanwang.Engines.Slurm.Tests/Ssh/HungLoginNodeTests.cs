using System.Diagnostics;
using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

/// <summary>
/// A login node that accepts TCP but never answers (its sshd and sessions SIGSTOPped) costs only its own calls:
/// each ends as unavailable after the timeout, and another center's calls go on meanwhile.
/// </summary>
public sealed class HungLoginNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly TestSshd _hung = new(), _healthy = new();

    public async Task InitializeAsync()
    {
        await _hung.InitializeAsync();
        await _healthy.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _hung.DisposeAsync(); // thaws, then kills
        await _healthy.DisposeAsync();
    }

    private static async Task<SshConnectionPool> PoolAsync(TestSshd sshd, string center, TimeSpan timeout) =>
        new(new SshIdentity(new SshLogin("root", "127.0.0.1", sshd.Port), sshd.UserKey,
            HostKeyPin.Parse(await sshd.FingerprintAsync(sshd.HostKeyEd25519Pub), out _)!, timeout, 2), center);

    [Fact]
    public async Task A_frozen_login_node_costs_its_own_calls_only_and_is_used_again_once_it_answers()
    {
        await using SshConnectionPool hung = await PoolAsync(_hung, "frozen", Timeout);
        await using SshConnectionPool healthy = await PoolAsync(_healthy, "fine", TimeSpan.FromSeconds(60));
        await hung.RunAsync(["true"], null, true, CancellationToken.None); // an open connection, now frozen with the node
        _hung.Freeze();
        try
        {
            // On the open connection: the command never answers.
            Task<SshCommandResult> stuck = hung.RunAsync(["echo", "never"], null, true, CancellationToken.None);
            // Another center meanwhile, several times over.
            for (int i = 0; i < 5; i++)
                Assert.Equal("fine\n", (await healthy.RunAsync(["echo", "fine"], null, true, CancellationToken.None)).Output);
            var unanswered = await Assert.ThrowsAsync<EngineUnavailableException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.True(unanswered.Message.Contains("did not finish echo within 3 s", StringComparison.Ordinal), unanswered.Message);
            Assert.Contains("did not finish echo within 3 s", unanswered.Message, StringComparison.Ordinal);
            Assert.Contains("center 'frozen'", unanswered.Message, StringComparison.Ordinal);

            // A new connection: TCP is accepted by the kernel, the SSH handshake never answers.
            var noHandshake = await Assert.ThrowsAsync<EngineUnavailableException>(() =>
                hung.RunAsync(["true"], null, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("did not complete the SSH handshake within 3 s", noHandshake.Message, StringComparison.Ordinal);
        }
        finally
        {
            _hung.Thaw();
        }
        Assert.Equal("back\n", (await hung.RunAsync(["echo", "back"], null, true, CancellationToken.None)).Output);
    }

    [Fact]
    public async Task Calls_past_the_bound_wait_at_most_the_timeout_for_a_connection()
    {
        await using SshConnectionPool hung = await PoolAsync(_hung, "frozen", Timeout);
        _hung.Freeze();
        try
        {
            var watch = Stopwatch.StartNew();
            Task[] calls = [.. Enumerable.Range(0, 5).Select(_ => hung.RunAsync(["true"], null, true, CancellationToken.None))];
            foreach (Task call in calls)
                await Assert.ThrowsAsync<EngineUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.True(hung.OpenConnections <= 2, $"{hung.OpenConnections} connections open");
            Console.WriteLine($"5 calls on a frozen node with 2 connections and a 3 s timeout all failed within {watch.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            _hung.Thaw();
        }
    }
}
