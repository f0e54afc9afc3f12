using System.Net;
using Npgsql;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Testing.Brokers;
using Suanwang.Testing.Postgres;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// One broker per PostgreSQL database (until several can share one): a second is refused, the first carries on,
/// a broker that loses the database's lock stops scheduling, and the password never has to be on the command line.
/// </summary>
[Collection("postgres")]
[Trait("Category", "Fault")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PostgresOwnershipTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly List<string> _folders = [];
    private readonly List<BrokerProcess> _brokers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var broker in _brokers) await broker.DisposeAsync();
        foreach (string folder in _folders)
            if (Directory.Exists(Path.Combine(folder, "centers"))) KillRunsAndDelete(folder);
            else Directory.Delete(folder, recursive: true);
    }

    private BrokerProcess Broker(string url)
    {
        string folder = Directory.CreateTempSubdirectory("suanwang-pg-own-").FullName;
        _folders.Add(folder);
        var broker = new BrokerProcess(folder, url);
        _brokers.Add(broker);
        return broker;
    }

    [Fact]
    public async Task A_second_broker_on_the_same_database_is_refused_and_the_first_runs_every_job_once()
    {
        string url = await postgres.CreateDatabaseAsync("owned");
        var first = Broker(url);
        await first.StartAsync();
        string otherFolder = Directory.CreateTempSubdirectory("suanwang-pg-own-").FullName;
        _folders.Add(otherFolder);

        var second = await SecondBroker.TryAsync(["--data", otherFolder, "--store", url]);

        Assert.True(second.ExitCode is { } code && code != 0, $"the second broker was not refused; it printed:\n{second.Output}");
        Assert.Contains("another broker is running on the store", second.Output);
        Assert.Contains($"pid {first.ProcessId}", second.Output);
        using var tenant = first.Client("default");
        var jobs = new List<string>();
        for (int i = 0; i < 6; i++) jobs.Add((await SubmitAsync(tenant, Spec($"once-{i}", "echo once"))).Id);
        foreach (string id in jobs) await WaitForStateAsync(tenant, id, JobState.Succeeded);
        Assert.Equal(jobs.Count, Runs(first.DataDirectory).Count);
        Assert.Empty(Runs(otherFolder));

        // After the first stops, a new broker starts on the database and finds every job.
        first.Kill();
        await first.StartAsync();
        using var admin = first.Client("admin");
        foreach (string id in jobs) Assert.Equal(JobState.Succeeded, (await GetJobAsync(admin, id)).State);
    }

    [Fact]
    public async Task A_broker_whose_lock_session_is_ended_schedules_nothing_while_another_holds_the_lock()
    {
        string url = await postgres.CreateDatabaseAsync("lost");
        var first = Broker(url);
        await first.StartAsync();
        using var tenant = first.Client("default");
        using var probe = new HttpClient { BaseAddress = first.BaseAddress };

        // The lock's session ends (an operator's pg_terminate_backend, a cut connection) and another holder takes the
        // lock before the broker can take it back: this test's own session, standing in for a second broker.
        // Unpooled: closing it must end its session, and so release the lock.
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url)) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await WaitUntilAsync(async () => await TerminateLockSessionAsync(url) == 0 && await TryTakeLockAsync(other), "another session holds the lock");

        await WaitUntilAsync(async () => (await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, "the broker reports it is not scheduling");
        Assert.Contains("not scheduling", await (await probe.GetAsync("/readyz")).Content.ReadAsStringAsync());
        var job = await SubmitAsync(tenant, Spec("waits", "echo once"));
        await Task.Delay(TimeSpan.FromSeconds(5)); // nothing may happen: a slow machine can only hide a fault here
        Assert.Empty(Runs(first.DataDirectory));
        Assert.Equal(JobState.Queued, (await GetJobAsync(tenant, job.Id)).State);

        // The other holder goes away: the broker takes the lock back and runs the job, once.
        await other.CloseAsync();
        await WaitForStateAsync(tenant, job.Id, JobState.Succeeded);
        Assert.Single(Runs(first.DataDirectory));
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz")).StatusCode);
        Assert.Contains("Lost the store's lock", first.Log());
    }

    [Fact]
    public async Task The_password_comes_from_PGPASSWORD_or_a_password_file_and_on_the_command_line_it_is_warned_about()
    {
        string url = await postgres.CreateDatabaseAsync("secret");
        var parsed = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url));
        string bare = $"postgres://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
        string folder = Directory.CreateTempSubdirectory("suanwang-pg-own-").FullName;
        _folders.Add(folder);

        var fromEnvironment = await SecondBroker.TryAsync(["--data", folder, "--store", bare], new Dictionary<string, string?> { ["PGPASSWORD"] = parsed.Password });
        Assert.True(fromEnvironment.ExitCode is null, $"PGPASSWORD was not used:\n{fromEnvironment.Output}");
        Assert.DoesNotContain("warning", fromEnvironment.Output);

        string passfile = Path.Combine(folder, "pgpass");
        File.WriteAllText(passfile, $"{parsed.Host}:{parsed.Port}:{parsed.Database}:{parsed.Username}:{parsed.Password}\n");
        File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var fromFile = await SecondBroker.TryAsync(["--data", folder, "--store", bare],
            new Dictionary<string, string?> { ["PGPASSFILE"] = passfile, ["PGPASSWORD"] = null });
        Assert.True(fromFile.ExitCode is null, $"PGPASSFILE was not used:\n{fromFile.Output}");

        string storeFile = Path.Combine(folder, "store");
        File.WriteAllText(storeFile, url + "\n");
        var fromStoreFile = await SecondBroker.TryAsync(["--data", folder, "--store-file", storeFile]);
        Assert.True(fromStoreFile.ExitCode is null, $"--store-file was not used:\n{fromStoreFile.Output}");
        Assert.DoesNotContain("warning", fromStoreFile.Output);

        var typed = await SecondBroker.TryAsync(["--data", folder, "--store", url]);
        Assert.Contains("warning: the store's password is on the command line", typed.Output);
        Assert.DoesNotContain(parsed.Password!, typed.Output);
    }

    // Run folders a broker's local centers made (one per run started).
    private static List<string> Runs(string dataDirectory) =>
        Directory.Exists(Path.Combine(dataDirectory, "centers"))
            ? Directory.EnumerateFiles(Path.Combine(dataDirectory, "centers"), "started", SearchOption.AllDirectories).ToList()
            : [];

    private static async Task<int> TerminateLockSessionAsync(string url)
    {
        await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted " +
            $"AND classid = {PostgresBrokerLock.KeyClass} AND objid = {PostgresBrokerLock.KeyObject} " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> TryTakeLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PostgresBrokerLock.KeyClass}, {PostgresBrokerLock.KeyObject})", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
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
