using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Suanwang.Api;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// Jobs replace their own output files with links to what the broker can read and they cannot: a symlink to
/// /etc/shadow, to a private file of the broker's user, to the store, to the admin token (absolute and relative),
/// a hard link to the store and to the token, and a FIFO (a read that never ends). Fetching their output through
/// the API must give none of it, never hang and never answer 5xx. Then the store must still keep what it
/// acknowledges: an outside read of the SQLite file (as an operator's <c>sqlite3</c> would do), 20 submissions,
/// SIGKILL, restart — all 20 there.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed partial class SymlinkedOutputTests(AttackReport report, ITestOutputHelper output)
{
    private const int Fetches = 3;
    private const int AfterCrash = 20;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public Task Output_links_reveal_nothing_and_leave_the_store_intact(StoreKind store) => report.RunAsync("symlinked-output", store, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(store, output);
        var mallory = await broker.NewTenantAsync("mallory");
        string data = broker.DataDirectory;
        string foreignMarker = $"private-to-the-broker-{Guid.NewGuid():N}";
        string foreign = Path.Combine(broker.Root, "private.txt");
        File.WriteAllText(foreign, foreignMarker + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(foreign, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // Today's layout: the job runs in <run>/work, its output is <run>/stdout and <run>/stderr.
        var variants = new (string Name, string Command)[]
        {
            ("symlink stdout to /etc/shadow", "ln -sf /etc/shadow ../stdout"),
            ("symlink stdout to a private file of the broker's user", $"ln -sf '{foreign}' ../stdout"),
            ("symlink stdout to the store", $"ln -sf '{data}/suanwang.db' ../stdout"),
            ("symlink stderr to the admin token", $"ln -sf '{data}/tokens/admin.token' ../stderr"),
            ("relative symlink stdout to the admin token", "ln -sf ../../../tokens/admin.token ../stdout"),
            ("hard link stdout to the store", $"ln -f '{data}/suanwang.db' ../stdout"),
            ("hard link stderr to the admin token", $"ln -f '{data}/tokens/admin.token' ../stderr"),
            ("replace stdout with a FIFO", "rm -f ../stdout && mkfifo ../stdout"),
        };
        var jobs = new List<(string Name, string Id)>();
        foreach (var (name, command) in variants)
            jobs.Add((name, (await BrokerApi.SubmitOneAsync(mallory.Http, BrokerApi.Spec("link", $"echo before; echo before >&2; {command}; echo after"))).Id));
        foreach (var (name, id) in jobs) await BrokerApi.WaitForEndAsync(mallory.Http, id, $"the job that tries to '{name}' to end");

        var forbidden = Forbidden(broker, foreignMarker);
        using var fetcher = broker.Client(mallory.Token, TimeSpan.FromSeconds(20));
        int requests = 0;
        foreach (var (name, id) in jobs)
        {
            string? problem = null;
            foreach (string stream in (string[])["stdout", "stderr"])
            {
                for (int i = 0; i < Fetches && problem is null; i++)
                {
                    requests++;
                    try
                    {
                        using var response = await fetcher.GetAsync($"{ApiRoutes.With(ApiRoutes.JobOutput, id)}?stream={stream}");
                        string body = await response.Content.ReadAsStringAsync();
                        if ((int)response.StatusCode >= 500) problem = $"{stream}: {(int)response.StatusCode} {body}";
                        else if (forbidden.Where(f => f.Found(body)).Select(f => f.What).FirstOrDefault() is { } leak) problem = $"{stream} gave {leak}: {body}";
                    }
                    catch (TaskCanceledException)
                    {
                        problem = $"fetching {stream} hung: no answer within {fetcher.Timeout.TotalSeconds:0} s";
                    }
                }
                if (problem is not null) break;
            }
            attack.Check(name, problem is null, "nothing foreign, no hang, no 5xx", () => problem!);
        }
        attack.Figure($"{requests} output requests");
        attack.Check("take the broker down", await broker.IsHealthyAsync(), "/healthz still 200", () => "/healthz does not answer 200");

        if (store == StoreKind.Sqlite && !await ReadStoreFromOutsideAsync(broker.StoreFile))
            attack.Skipped("the outside read with the sqlite3 command", "it is not installed (scripts/setup.sh test installs it); read through Microsoft.Data.Sqlite instead");
        var acknowledged = new List<string>();
        var refused = new List<string>();
        for (int i = 0; i < AfterCrash; i++)
        {
            using var response = await BrokerApi.PostSpecAsync(mallory.Http, BrokerApi.Spec($"after-links-{i}", "true"));
            string body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
                acknowledged.Add(System.Text.Json.JsonSerializer.Deserialize<Suanwang.Api.Contracts.SubmitResult>(body, BrokerApi.Json)!.Jobs.Single().Id);
            else refused.Add($"{(int)response.StatusCode} {AttackLog.Shorten(body, 120)}");
        }
        attack.Check($"make the store refuse submissions", refused.Count == 0, $"{AfterCrash} of {AfterCrash} acknowledged",
            () => $"{refused.Count} of {AfterCrash} submissions refused: {string.Join("; ", refused.Distinct())}");
        await broker.KillAndRestartAsync();
        using var after = broker.Client(mallory.Token);
        var lost = new List<string>();
        foreach (string id in acknowledged)
        {
            using var response = await after.GetAsync(ApiRoutes.With(ApiRoutes.Job, id));
            if (response.StatusCode != HttpStatusCode.OK) lost.Add($"{id} ({(int)response.StatusCode})");
        }
        attack.Check($"lose acknowledged jobs (submitted after the links were read{(store == StoreKind.Sqlite ? " and the store read from outside" : "")}, then SIGKILL and restart)",
            lost.Count == 0, $"all {acknowledged.Count} there", () => $"{lost.Count} of {acknowledged.Count} acknowledged jobs are gone: {string.Join(", ", lost)}");
    });

    // What must never come back from the API: each with how to find it in a response.
    private static List<(string What, Func<string, bool> Found)> Forbidden(HostileBroker broker, string foreignMarker)
    {
        string admin = broker.AdminToken;
        var list = new List<(string, Func<string, bool>)>
        {
            ("the broker's private file", body => body.Contains(foreignMarker, StringComparison.Ordinal)),
            ("the admin token", body => body.Contains(admin, StringComparison.Ordinal)),
            ("the store's SQLite header", body => body.Contains("SQLite format 3", StringComparison.Ordinal)),
            ("lines of /etc/shadow", body => ShadowLine().IsMatch(body.Replace("\\n", "\n", StringComparison.Ordinal))),
        };
        try
        {
            // Where the test may read it, the real contents too.
            var lines = File.ReadAllLines("/etc/shadow").Where(l => l.Length > 8).ToArray();
            list.Add(("/etc/shadow", body => lines.Any(l => body.Contains(l, StringComparison.Ordinal))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return list;
    }

    // What an operator's `sqlite3 suanwang.db 'select …'` does: open the store read-write, read, close. SQLite then
    // checkpoints and deletes the WAL unless it sees another connection's lock on the file: the broker's must still be
    // there. The system's sqlite3 is used where present, as in the incident (a recent SQLite, such as the one
    // Microsoft.Data.Sqlite bundles, also looks at the WAL index's locks and keeps the WAL). False when it is absent.
    private static async Task<bool> ReadStoreFromOutsideAsync(string file)
    {
        string? cli = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "sqlite3")).FirstOrDefault(File.Exists);
        if (cli is not null)
        {
            var start = new System.Diagnostics.ProcessStartInfo(cli, [file, "SELECT count(*) FROM sqlite_master;"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            return true;
        }
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            command.ExecuteScalar();
        }
        return false;
    }

    [GeneratedRegex(@"(^|[\s""])root:[^:\s]*:\d*:\d*:", RegexOptions.Multiline)]
    private static partial Regex ShadowLine();
}
