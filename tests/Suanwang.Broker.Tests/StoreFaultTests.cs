using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Testing.Brokers;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// Filesystem faults under a real broker's store: a full disk, store files made unwritable (immutable), a frozen
/// filesystem. Each gives 503 "store unavailable" and a "not ready" that says why, within the store timeout and
/// never a hang; the broker stays up (no SIGBUS) and recovers by itself once the fault is gone; every job it
/// acknowledged is there after a SIGKILL and a restart. Each test prints its figures.
/// </summary>
[Trait("Category", "Fault")]
public sealed class StoreFaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Key = ApiRoutes.IdempotencyKeyHeader;

    [RootFact]
    public async Task A_full_disk_gives_503_and_not_ready_acknowledges_nothing_it_cannot_keep_and_recovers_when_space_frees()
    {
        using var mount = Mount.Tmpfs(48);
        string data = Path.Combine(mount.Path, "data");
        using var log = new LogFile();
        await using var broker = new BrokerProcess(data, logFile: log.Path);
        await broker.StartAsync();
        using var tenant = broker.Client("default", TimeSpan.FromSeconds(60));
        using var probe = new HttpClient { BaseAddress = broker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var acknowledged = new List<string>();
        acknowledged.Add((await SubmitAsync(tenant, Spec("before", "true"))).Id);

        string filler = mount.Fill();
        // Large bodies, so the store's log must grow past what it already holds.
        string padding = new('x', 64 * 1024);
        int refused = 0, attempts = 0;
        string? notReady = null;
        for (; attempts < 60 && (refused == 0 || notReady is null); attempts++)
        {
            var response = await PostSpecAsync(tenant, Spec($"full-{attempts}", $"true # {padding}"), $"full-{attempts}");
            if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add(await IdOf(response));
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Contains("disk is full", await response.Content.ReadAsStringAsync());
                refused++;
            }
            var ready = await probe.GetAsync("/readyz");
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable) notReady = await ready.Content.ReadAsStringAsync();
        }
        Assert.True(refused > 0, $"{attempts} large submissions on a full disk were all acknowledged");
        Assert.NotNull(notReady);
        Assert.Contains("store unavailable", notReady);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode);

        File.Delete(filler);
        var freed = Stopwatch.StartNew();
        await WaitUntilAsync(async () => (await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready again once space was freed");
        double readyAfter = freed.Elapsed.TotalSeconds;
        acknowledged.Add((await SubmitAsync(tenant, Spec("after", "true"))).Id);

        int lost = await LostAfterRestartAsync(broker, acknowledged);
        output.WriteLine($"disk full: {attempts} submissions, {refused} answered 503 (disk full), {acknowledged.Count} acknowledged in all; " +
                         $"ready {readyAfter:0.0} s after space was freed; lost after SIGKILL and restart: {lost}");
        Assert.Equal(0, lost);
    }

    [RootFact]
    public async Task Store_files_made_immutable_give_503_and_not_ready_and_the_broker_stays_up()
    {
        string data = Directory.CreateTempSubdirectory("suanwang-immutable-").FullName;
        string store = Path.Combine(data, "suanwang.db");
        string[] files = [store, store + "-wal"];
        try
        {
            await using var broker = new BrokerProcess(data);
            await broker.StartAsync();
            using var tenant = broker.Client("default", TimeSpan.FromSeconds(60));
            using var probe = new HttpClient { BaseAddress = broker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var acknowledged = new List<string> { (await SubmitAsync(tenant, Spec("before", "true"))).Id };

            foreach (string file in files) Mount.Run("chattr", "+i", file);
            Mount.Run("sync");
            int refused = 0;
            for (int i = 0; i < 10; i++)
            {
                var response = await PostSpecAsync(tenant, Spec($"immutable-{i}", "true"), $"immutable-{i}");
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add(await IdOf(response));
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    refused++;
                }
            }
            var ready = await probe.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("store unavailable", await ready.Content.ReadAsStringAsync());
            Assert.Equal(10, refused);
            // Writes go on failing for a while (the scheduler's too): the process must still be there.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode);

            foreach (string file in files) Mount.Run("chattr", "-i", file);
            await WaitUntilAsync(async () => (await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready again once writable");
            acknowledged.Add((await SubmitAsync(tenant, Spec("after", "true"))).Id);
            int lost = await LostAfterRestartAsync(broker, acknowledged);
            output.WriteLine($"immutable store: {refused} of 10 submissions answered 503, the broker stayed up; lost after SIGKILL and restart: {lost}");
            Assert.Equal(0, lost);
        }
        finally
        {
            foreach (string file in files) if (File.Exists(file)) Process.Start("chattr", ["-i", file])?.WaitForExit();
            KillRunsAndDelete(data);
        }
    }

    [RootFact]
    public async Task A_frozen_filesystem_gives_503_within_the_store_timeout_never_a_hang()
    {
        using var mount = Mount.LoopExt4(96);
        string data = Path.Combine(mount.Path, "data");
        using var log = new LogFile();
        await using var broker = new BrokerProcess(data, logFile: log.Path);
        await broker.StartAsync();
        using var tenant = broker.Client("default", TimeSpan.FromSeconds(60));
        using var probe = new HttpClient { BaseAddress = broker.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var first = await SubmitAsync(tenant, Spec("before", "true"));
        await WaitForStateAsync(tenant, first.Id, JobState.Succeeded);
        var acknowledged = new List<string> { first.Id };

        using var watchdog = mount.Freeze(TimeSpan.FromSeconds(150));
        double submitSeconds, readySeconds, readSeconds;
        HttpStatusCode submitStatus, readStatus;
        try
        {
            var clock = Stopwatch.StartNew();
            var submitted = await PostSpecAsync(tenant, Spec("frozen", "true"), "frozen");
            submitSeconds = clock.Elapsed.TotalSeconds;
            submitStatus = submitted.StatusCode;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, submitted.StatusCode);
            Assert.Contains(Key, await submitted.Content.ReadAsStringAsync());

            clock.Restart();
            var ready = await probe.GetAsync("/readyz");
            readySeconds = clock.Elapsed.TotalSeconds;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("store unavailable", await ready.Content.ReadAsStringAsync());

            clock.Restart();
            // A read answers too: at once from an open connection, or 503 when it needs a new one (SQLite, run as root,
            // changes the owner of the log it opens, and that write waits for the thaw as well).
            var read = await tenant.GetAsync(ApiRoutes.With(ApiRoutes.Job, first.Id));
            readSeconds = clock.Elapsed.TotalSeconds;
            readStatus = read.StatusCode;
            Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)read.StatusCode}");
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            mount.Thaw();
            try { watchdog.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }

        await WaitUntilAsync(async () => (await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready again once thawed");
        // The refused submission may have been stored once the filesystem thawed: its key gives the same job, never a second.
        var retried = await PostSpecAsync(tenant, Spec("frozen", "true"), "frozen");
        Assert.True(retried.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)retried.StatusCode}");
        acknowledged.Add(await IdOf(retried));
        int lost = await LostAfterRestartAsync(broker, acknowledged);
        output.WriteLine($"frozen filesystem: submission answered {(int)submitStatus} after {submitSeconds:0.0} s, /readyz 503 after {readySeconds:0.0} s, " +
                         $"a read answered {(int)readStatus} in {readSeconds:0.0} s; after thawing, the retried key gave {(int)retried.StatusCode}; lost after SIGKILL and restart: {lost}");
        Assert.Equal(0, lost);
    }

    // The broker's log, kept off the filesystem the test fills or freezes (the test's own writes to it would fail or hang).
    private sealed class LogFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"suanwang-fault-{Guid.NewGuid():N}.log");

        public void Dispose() => File.Delete(Path);
    }

    private static async Task<string> IdOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<SubmitResult>(Json))!.Jobs.Single().Id;

    // SIGKILL, restart, and count the acknowledged jobs the store no longer has.
    private static async Task<int> LostAfterRestartAsync(BrokerProcess broker, IReadOnlyList<string> acknowledged)
    {
        broker.Kill();
        await broker.StartAsync();
        using var admin = broker.Client("admin");
        int lost = 0;
        foreach (string id in acknowledged)
            if ((await admin.GetAsync(ApiRoutes.With(ApiRoutes.Job, id))).StatusCode == HttpStatusCode.NotFound) lost++;
        return lost;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {seconds} s for: {what}");
            await Task.Delay(200);
        }
    }
}
