using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Suanwang.Lifecycle;
using Suanwang.Store;
using Suanwang.Store.Connection;
using Suanwang.Store.Entities;
using Xunit.Abstractions;

namespace Suanwang.Dashboard.Tests;

/// <summary>
/// What the live feed's change poll costs with 100,000 jobs in the embedded store: no index covers
/// the update time, so the query scans the table. Rows carry a decision of realistic size, as
/// placed jobs do. In the dashboard's collection so the browser tests do not run beside it and
/// skew the figure.
/// </summary>
[Collection(Support.DashboardCollection.Name)]
public sealed class ChangePollCostTests(ITestOutputHelper output)
{
    private const int Jobs = 100_000;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_change_poll_over_a_hundred_thousand_jobs_finds_exactly_the_changed_ones_and_prints_its_cost()
    {
        string folder = Directory.CreateTempSubdirectory("suanwang-poll-").FullName;
        try
        {
            var location = StoreLocation.Sqlite(Path.Combine(folder, "suanwang.db"));
            await StoreOpener.MigrateAsync(location, default);
            var store = new JobStore(StoreOpener.Options(location));
            string decision = "{\"candidates\":[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"centerId\":\"center-{i}\",\"reason\":\"{new string('x', 250)}\"}}")) + "]}";
            long baseMs = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
            for (int start = 0; start < Jobs; start += 5_000)
            {
                var body = new JobBodyRow { Id = $"j-poll{start:D7}", Tenant = "t", SpecText = "name: x", SpecSource = "test", RequestJson = "{}", CreatedAtMs = baseMs + start };
                var rows = Enumerable.Range(start, 5_000).Select(i => new JobRow
                {
                    Id = $"j-poll{i:D7}", Tenant = "t", Tier = "research", Name = $"job {i}", State = JobState.Submitted, Version = 1, Attempt = 1,
                    SubmittedAtMs = baseMs + i, UpdatedAtMs = baseMs + i, Reason = "submitted", Cpus = 1, MemoryGiB = 1,
                    BodyId = body.Id, Body = body, DecisionJson = decision,
                }).ToArray();
                await store.SubmitAsync([new NewSubmission("t", null, "h" + start, rows)], default);
            }

            long newest = baseMs + Jobs; // nothing changed after this: the common case, a poll that finds nothing
            await store.ChangedSinceAsync(newest, 500, default); // warm the page cache, as a running broker has it
            var samples = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var changed = await store.ChangedSinceAsync(newest, 500, default);
                samples.Add(clock.Elapsed.TotalMilliseconds);
                Assert.Empty(changed);
            }
            var recent = await store.ChangedSinceAsync(baseMs + Jobs - 10, 500, default);
            Assert.Equal(10, recent.Count);

            double median = samples.Order().ElementAt(samples.Count / 2);
            output.WriteLine($"change poll over {Jobs:N0} jobs (SQLite, each row with a {decision.Length / 1024.0:0.0} KiB decision): median {median:0} ms of 5, " +
                             $"{Environment.ProcessorCount} cores");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
