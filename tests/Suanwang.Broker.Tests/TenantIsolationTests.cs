using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// A tenant's job on a local center of a real broker (default network, SQLite) attacks the broker and another
/// tenant through the filesystem: it reads nothing of theirs, changes nothing, and its output is served from its
/// own run only (promises G7 and G1).
/// </summary>
public sealed class TenantIsolationTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private string Data => _broker.Options.DataDirectory;

    [Fact]
    public async Task A_tenants_job_can_take_nothing_from_the_broker_or_another_tenant()
    {
        string adminToken = Path.Combine(Data, "tokens", "admin.token");
        string store = Path.Combine(Data, "suanwang.db");
        byte[] tokenBefore = File.ReadAllBytes(adminToken);
        DateTime tokenWritten = File.GetLastWriteTimeUtc(adminToken);
        string secret = File.ReadAllText(adminToken).Trim();

        // The victim: the default tenant's job, which fails with status 3.
        var victim = await SubmitAsync(_broker.Tenant, Spec("victim", "echo victim-output; echo victim-notes-content > notes.txt; exit 3"));
        await WaitForStateAsync(_broker.Tenant, victim.Id, JobState.Failed);
        string victimRun = Directory.EnumerateDirectories(Path.Combine(Data, "centers"), Suanwang.Engines.DispatchTokens.For(victim.Id, 1), SearchOption.AllDirectories).Single();

        using HttpClient mallory = await _broker.NewTenantAsync("mallory");
        (string Name, string Command, string[] MustNotSee)[] attacks =
        [
            ("read the admin token", $"cat {adminToken}", [secret]),
            ("read the store", $"cat {store} | head -c 200; od -c {store} | head -n 3", ["SQLite format", "S   Q   L   i   t   e"]),
            ("list the data folder", $"ls -la {Data} {Data}/tokens {Data}/centers", ["admin.token", "default.token", "suanwang.db"]),
            ("read another tenant's output", $"cat {victimRun}/stdout {victimRun}/work/notes.txt {victimRun}/request.json", ["victim-output", "victim-notes-content", "dispatchToken"]),
            ("forge another tenant's exit", $"printf '0\\n' > {victimRun}/exit; echo 0 > {victimRun}/exit.tmp && mv {victimRun}/exit.tmp {victimRun}/exit", []),
            ("overwrite the admin token", $"echo stolen > {adminToken}; rm -f {adminToken}", []),
            ("link its output to the store", $"ln -sf {store} ../stdout; ln -sf {store} $(dirname $PWD)/stdout", ["SQLite format"]),
            ("link its output to /etc/shadow", "ln -sf /etc/shadow ../stdout; ln -sf /etc/shadow $(dirname $PWD)/stdout; cat /etc/shadow", ["root:"]),
        ];

        int broken = 0, attempts = 0;
        foreach (var (name, command, mustNotSee) in attacks)
        {
            var job = await SubmitAsync(mallory, Spec($"attack-{++attempts}", command + "; echo attempted"));
            await WaitForAsync(mallory, job.Id, j => j.State is JobState.Succeeded or JobState.Failed);
            var stdout = (await mallory.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json))!;
            var stderr = (await mallory.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id) + "?stream=stderr", Json))!;
            string seen = stdout.Text + stderr.Text;
            string[] leaked = mustNotSee.Where(s => seen.Contains(s, StringComparison.Ordinal)).ToArray();
            bool attempted = stdout.Text.EndsWith("attempted\n", StringComparison.Ordinal);
            output.WriteLine($"{name}: {(leaked.Length == 0 && attempted ? "refused" : "BROKEN")} ({stderr.Text.Split('\n')[0]})");
            if (leaked.Length > 0 || !attempted) broken++;
            Assert.True(attempted, $"{name}: its own output was not served: {stdout.Text}");
            Assert.Empty(leaked);
        }

        var victimAfter = await GetJobAsync(_broker.Tenant, victim.Id);
        output.WriteLine($"{attacks.Length} attacks, {broken} broke through; admin token unchanged: {File.ReadAllBytes(adminToken).SequenceEqual(tokenBefore)}; victim still {victimAfter.State}");
        Assert.Equal(0, broken);
        Assert.Equal(tokenBefore, File.ReadAllBytes(adminToken));
        Assert.Equal(tokenWritten, File.GetLastWriteTimeUtc(adminToken));
        Assert.Equal(JobState.Failed, victimAfter.State);
        Assert.Equal("3\n", File.ReadAllText(Path.Combine(victimRun, "exit")));
        // The admin token still works: the store and the broker are intact.
        Assert.Equal(HttpStatusCode.OK, (await _broker.Admin.GetAsync(ApiRoutes.Tenants)).StatusCode);
    }

    [Fact]
    public async Task Output_replaced_by_a_link_is_refused_with_409_and_never_served()
    {
        var job = await SubmitAsync(_broker.Tenant, Spec("linked", "echo mine"));
        await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
        string run = Directory.EnumerateDirectories(Path.Combine(Data, "centers"), Suanwang.Engines.DispatchTokens.For(job.Id, 1), SearchOption.AllDirectories).Single();
        // As a process with access to the run folder could (before jobs were sandboxed, any job): stdout now points at the store.
        File.Delete(Path.Combine(run, "stdout"));
        File.CreateSymbolicLink(Path.Combine(run, "stdout"), Path.Combine(Data, "suanwang.db"));

        var response = await _broker.Tenant.GetAsync(ApiRoutes.With(ApiRoutes.JobOutput, job.Id));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("output not available: not a regular file in the run folder", body);
        Assert.DoesNotContain("SQLite", body);
        // The center is not blamed for it: other jobs' output is still served.
        var other = await SubmitAsync(_broker.Tenant, Spec("after", "echo fine"));
        await WaitForStateAsync(_broker.Tenant, other.Id, JobState.Succeeded);
        Assert.Equal("fine\n", (await _broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, other.Id), Json))!.Text);
    }
}
