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
/// The store is the broker's alone: one broker per data folder, nobody else reads its files, and no other
/// process opens the store while the broker has it.
/// </summary>
[Trait("Category", "Fault")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StoreOwnershipTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("suanwang-own-").FullName;
    private BrokerProcess _broker = null!;

    public async Task InitializeAsync()
    {
        _broker = new BrokerProcess(_data);
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        KillRunsAndDelete(_data);
    }

    [Fact]
    public async Task A_second_broker_on_the_same_data_folder_is_refused_naming_the_first_which_carries_on()
    {
        using var tenant = _broker.Client("default");
        var before = await SubmitAsync(tenant, Spec("before", "echo before"));

        var second = await SecondBroker.TryAsync(["--data", _data]);

        Assert.True(second.ExitCode is { } code && code != 0, $"the second broker was not refused; it printed:\n{second.Output}");
        Assert.Contains($"another broker (pid {_broker.ProcessId}) is running on the data folder {_data}", second.Output);
        // The first is untouched: its job runs, and it takes new ones.
        await WaitForStateAsync(tenant, before.Id, JobState.Succeeded);
        var after = await SubmitAsync(tenant, Spec("after", "echo after"));
        await WaitForStateAsync(tenant, after.Id, JobState.Succeeded);
        var events = await tenant.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, before.Id), Json);
        Assert.DoesNotContain(events!, e => e.To is JobState.Unknown or JobState.Lost);

        // Once the first has stopped, a new one starts on the folder and has everything.
        _broker.Kill();
        await _broker.StartAsync();
        using var again = _broker.Client("default");
        Assert.Equal(JobState.Succeeded, (await GetJobAsync(again, after.Id)).State);
    }

    [Fact]
    public async Task Nothing_in_the_data_folder_is_readable_by_other_users_and_an_older_install_is_narrowed()
    {
        using var tenant = _broker.Client("default");
        var job = await SubmitAsync(tenant, Spec("secret", "echo \"$TOKEN\"") + "\nenv: { TOKEN: s3cr3t-value }\n");
        await WaitForStateAsync(tenant, job.Id, JobState.Succeeded);
        Assert.Empty(ReadableByOthers());

        // An older install made everything 0755 and 0644: the next start narrows the folder and the store.
        _broker.Kill();
        File.SetUnixFileMode(_data, (UnixFileMode)0b111_101_101);
        foreach (string file in Directory.EnumerateFiles(_data, "suanwang.db*"))
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        await _broker.StartAsync();
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(_data));
        Assert.All(Directory.EnumerateFiles(_data, "suanwang.db*"), f => Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(f)));
        Assert.Contains("Narrowed permissions left by an older install", _broker.Log());
    }

    [Fact]
    public async Task No_other_process_opens_the_store_while_the_broker_runs()
    {
        using var tenant = _broker.Client("default");
        await SubmitAsync(tenant, Spec("present", "true"));

        var (exitCode, output) = Sqlite3.Run(Path.Combine(_data, "suanwang.db"), "SELECT count(*) FROM jobs;");

        Assert.True(exitCode != 0, $"another process read the store while the broker ran: {output}");
        Assert.Contains("locked", output);
        Assert.False(File.Exists(Path.Combine(_data, "suanwang.db-shm")), "the log's index is a shared, memory-mapped file");
        Assert.Equal(HttpStatusCode.OK, (await tenant.GetAsync("/readyz")).StatusCode);
    }

    // Files and folders under the data folder that a group or other users may read, write or enter.
    private List<string> ReadableByOthers()
    {
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                    UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return new[] { _data }.Concat(Directory.EnumerateFileSystemEntries(_data, "*", SearchOption.AllDirectories))
            .Where(p => Path.GetFileName(p) != "broker.log") // the test's own record of the broker's output
            .Where(p => !new FileInfo(p).Attributes.HasFlag(FileAttributes.ReparsePoint) && (File.GetUnixFileMode(p) & Others) != 0)
            // A sandbox shows a few files (passwd, the script) to the job's user through a bind mount, so they are 0644;
            // they sit in a 0700 run folder that no other user may enter. Every folder must be private.
            .Where(p => Directory.Exists(p) || p == _data || (File.GetUnixFileMode(Path.GetDirectoryName(p)!) & Others) != 0)
            .Select(p => $"{p} {Convert.ToString((int)File.GetUnixFileMode(p), 8)}")
            .ToList();
    }
}
