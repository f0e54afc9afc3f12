using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Suanwang.Lifecycle;
using Suanwang.Store.Connection;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Tests;

/// <summary>
/// The store's behaviour, written once and run against every provider (SQLite and a real PostgreSQL):
/// the same migrations, the same answers.
/// </summary>
public abstract partial class StoreKit : IAsyncLifetime
{
    private StoreLocation _location = null!;

    /// <summary>A fresh, empty store location for one test.</summary>
    protected abstract Task<StoreLocation> CreateLocationAsync();

    protected JobStore Jobs { get; private set; } = null!;
    protected AccessStore Access { get; private set; } = null!;
    protected DbContextOptions<SuanwangDbContext> Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _location = await CreateLocationAsync();
        await StoreOpener.MigrateAsync(_location, default);
        Options = StoreOpener.Options(_location);
        Jobs = new JobStore(Options);
        Access = new AccessStore(Options);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static int _counter;

    protected static JobRow NewJob(string? id = null, string tenant = "acme", long submittedMs = 1_000, JobBodyRow? body = null)
    {
        string jobId = id ?? $"j-{Interlocked.Increment(ref _counter):D6}";
        body ??= NewBody(jobId, tenant, submittedMs);
        return new JobRow
        {
        Id = jobId,
        Tenant = tenant,
        Tier = "sme",
        Name = "train",
        State = JobState.Submitted,
        Version = 1,
        Attempt = 1,
        SubmittedAtMs = submittedMs,
        UpdatedAtMs = submittedMs,
        Reason = "submitted",
        BodyId = body.Id,
        Body = body,
        };
    }

    protected static JobBodyRow NewBody(string id, string tenant = "acme", long createdMs = 1_000, string text = "name: train") => new()
    {
        Id = id, Tenant = tenant, SpecText = text, SpecSource = "request body", RequestJson = "{}", CreatedAtMs = createdMs,
    };

    private Task<IReadOnlyList<SubmitOutcome>> Submit(params NewSubmission[] batch) => Jobs.SubmitAsync(batch, default);

    // What each move records, as the scheduler gives it (none where the move records nothing; Dispatched from Placed).
    protected static TransitionFacts? FactsFor(JobState to) => to switch
    {
        JobState.Placed => new PlacementFacts("qingyang", "h800", "sw-token", "{}", 10, 20, 30),
        JobState.Dispatched => new DispatchFacts(15),
        JobState.Running => new StartFacts(20),
        JobState.Unknown => new UnreachableFacts(25),
        _ => null,
    };

    [Fact]
    public async Task Migrating_again_is_a_no_op_and_keeps_the_data()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-keep")]));
        await StoreOpener.MigrateAsync(_location, default);
        Assert.NotNull(await Jobs.GetAsync("j-keep", default));
    }

    [Fact]
    public async Task A_submission_stores_its_jobs_and_their_first_event_in_acceptance_order()
    {
        var outcomes = await Submit(
            new NewSubmission("acme", null, "h1", [NewJob("j-a")]),
            new NewSubmission("acme", null, "h2", [NewJob("j-b_0"), NewJob("j-b_1")]));
        Assert.All(outcomes, o => Assert.Equal(SubmitStatus.Created, o.Status));
        Assert.Equal(["j-b_0", "j-b_1"], outcomes[1].JobIds);
        var a = await Jobs.GetAsync("j-a", default);
        var b1 = await Jobs.GetAsync("j-b_1", default);
        Assert.True(a!.Sequence < b1!.Sequence);
        var events = await Jobs.EventsAsync("j-b_1", default);
        Assert.Equal(JobState.Submitted, Assert.Single(events).ToState);
    }

    [Fact]
    public async Task A_job_admitted_at_submission_is_stored_Queued_with_both_events()
    {
        var job = NewJob("j-admitted");
        job.State = JobState.Queued;
        job.Version = 2;
        job.Reason = "waiting for a placement";
        await Submit(new NewSubmission("acme", null, "h", [job]));
        var events = await Jobs.EventsAsync("j-admitted", default);
        Assert.Equal([((JobState?)null, JobState.Submitted, 1L), (JobState.Submitted, JobState.Queued, 2L)], events.Select(e => (e.FromState, e.ToState, e.Version)));
        Assert.Equal("waiting for a placement", events[1].Reason);
    }

    [Fact]
    public async Task A_new_job_in_a_state_submission_cannot_reach_is_refused_and_nothing_is_stored()
    {
        var job = NewJob("j-running-already");
        job.State = JobState.Running;
        job.Version = 2;
        await Assert.ThrowsAsync<ArgumentException>(() => Submit(new NewSubmission("acme", null, "h", [NewJob("j-fine"), job])));
        Assert.Null(await Jobs.GetAsync("j-fine", default));
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_return_the_first_jobs_and_store_nothing_new()
    {
        var first = await Submit(new NewSubmission("acme", "key-1", "same", [NewJob("j-first")]));
        var again = await Submit(new NewSubmission("acme", "key-1", "same", [NewJob("j-second")]));
        Assert.Equal(SubmitStatus.Replayed, again[0].Status);
        Assert.Equal(first[0].JobIds, again[0].JobIds);
        Assert.Null(await Jobs.GetAsync("j-second", default));
    }

    [Fact]
    public async Task A_key_reused_with_another_body_is_refused_and_stores_nothing()
    {
        await Submit(new NewSubmission("acme", "key-2", "one", [NewJob("j-one")]));
        var other = await Submit(new NewSubmission("acme", "key-2", "two", [NewJob("j-two")]));
        Assert.Equal(SubmitStatus.KeyConflict, other[0].Status);
        Assert.Null(await Jobs.GetAsync("j-two", default));
    }

    [Fact]
    public async Task Keys_are_per_tenant_and_repeats_within_one_batch_collapse_to_the_first()
    {
        var outcomes = await Submit(
            new NewSubmission("acme", "k", "x", [NewJob("j-acme")]),
            new NewSubmission("globex", "k", "x", [NewJob("j-globex")]),
            new NewSubmission("acme", "k", "x", [NewJob("j-acme-again")]));
        Assert.Equal(SubmitStatus.Created, outcomes[0].Status);
        Assert.Equal(SubmitStatus.Created, outcomes[1].Status);
        Assert.Equal(SubmitStatus.Replayed, outcomes[2].Status);
        Assert.Equal(["j-acme"], outcomes[2].JobIds);
        Assert.Null(await Jobs.GetAsync("j-acme-again", default));
    }

    [Fact]
    public async Task A_transition_bumps_the_version_and_appends_its_event()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-t")]));
        var (status, job) = await Jobs.TransitionAsync(new TransitionRequest("j-t", 1, JobState.Queued, "waiting"), 2_000, default);
        Assert.Equal(TransitionStatus.Applied, status);
        Assert.Equal(2, job!.Version);
        var events = await Jobs.EventsAsync("j-t", default);
        Assert.Equal([JobState.Submitted, JobState.Queued], events.Select(e => e.ToState));
        Assert.Equal(JobState.Submitted, events[1].FromState);
        Assert.Equal(2_000, events[1].AtMs);
    }

    [Fact]
    public async Task A_stale_or_illegal_transition_changes_nothing()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-s")]));
        var stale = await Jobs.TransitionAsync(new TransitionRequest("j-s", 7, JobState.Queued, "late"), 2_000, default);
        var illegal = await Jobs.TransitionAsync(new TransitionRequest("j-s", 1, JobState.Running, "skip ahead"), 2_000, default);
        var missing = await Jobs.TransitionAsync(new TransitionRequest("j-none", 1, JobState.Queued, "?"), 2_000, default);
        Assert.Equal(TransitionStatus.Stale, stale.Status);
        Assert.Equal(TransitionStatus.Illegal, illegal.Status);
        Assert.Equal(TransitionStatus.NotFound, missing.Status);
        var job = await Jobs.GetAsync("j-s", default);
        Assert.Equal((1L, JobState.Submitted), (job!.Version, job.State));
        Assert.Single(await Jobs.EventsAsync("j-s", default));
    }

    [Fact]
    public async Task Of_concurrent_writers_holding_the_same_version_exactly_one_wins()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-race")]));
        var attempts = Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Jobs.TransitionAsync(new TransitionRequest("j-race", 1, i % 2 == 0 ? JobState.Queued : JobState.Cancelled, $"writer {i}"), 2_000 + i, default)));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r.Status == TransitionStatus.Applied));
        Assert.Equal(2, (await Jobs.EventsAsync("j-race", default)).Count);
        Assert.Equal(2, (await Jobs.GetAsync("j-race", default))!.Version);
    }

    [Fact]
    public async Task A_batch_of_transitions_commits_the_good_ones_and_reports_the_stale_one()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-1"), NewJob("j-2"), NewJob("j-3")]));
        var results = await Jobs.TransitionManyAsync([
            new TransitionRequest("j-1", 1, JobState.Queued, "ok"),
            new TransitionRequest("j-2", 5, JobState.Queued, "stale"),
            new TransitionRequest("j-3", 1, JobState.Queued, "ok"),
            new TransitionRequest("j-3", 2, JobState.Placed, "without its placement"),
        ], 3_000, default);
        Assert.Equal([TransitionStatus.Applied, TransitionStatus.Stale, TransitionStatus.Applied, TransitionStatus.Illegal], results.Select(r => r.Status));
        Assert.Equal(JobState.Queued, (await Jobs.GetAsync("j-1", default))!.State);
        Assert.Equal(JobState.Submitted, (await Jobs.GetAsync("j-2", default))!.State);
        Assert.Equal((JobState.Queued, "ok"), ((await Jobs.GetAsync("j-3", default))!.State, (await Jobs.GetAsync("j-3", default))!.Reason));
    }

    [Fact]
    public async Task Requeueing_starts_a_new_attempt_and_the_facts_of_each_move_are_recorded_and_cleared_with_the_attempt()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-rq")]));
        var seen = new Dictionary<JobState, JobRow>();
        long v = 1;
        foreach (var to in new[] { JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running, JobState.Unknown, JobState.Lost, JobState.Requeued })
        {
            var (status, row) = await Jobs.TransitionAsync(new TransitionRequest("j-rq", v, to, to.ToString(), FactsFor(to)), 1_000 + v, default);
            Assert.Equal(TransitionStatus.Applied, status);
            seen[to] = row!;
            v = row!.Version;
        }
        var placed = seen[JobState.Placed];
        Assert.Equal(("qingyang", "h800", "sw-token", "{}", 10L, 20L, 30L),
            (placed.CenterId, placed.PoolId, placed.DispatchToken, placed.DecisionJson, placed.PlannedDispatchAtMs, placed.PlannedStartAtMs, placed.PlannedFinishAtMs));
        Assert.Equal((15L, 20L), (seen[JobState.Running].DispatchedAtMs, seen[JobState.Running].StartedAtMs));
        Assert.Equal(25L, seen[JobState.Unknown].UnreachableSinceMs);
        Assert.Null(seen[JobState.Lost].UnreachableSinceMs); // the lease is the Unknown state's alone
        Assert.Equal("qingyang", seen[JobState.Lost].CenterId); // lost where it was
        var job = await Jobs.GetAsync("j-rq", default);
        Assert.Equal(2, job!.Attempt);
        // Back in the queue, the lost attempt's placement is gone; its decision stays as the last one made.
        Assert.Equal((null, null, null, null, null, null, null, "{}"),
            (job.CenterId, job.PoolId, job.DispatchToken, job.PlannedStartAtMs, job.PlannedFinishAtMs, job.DispatchedAtMs, job.StartedAtMs, job.DecisionJson));
        var events = await Jobs.EventsAsync("j-rq", default);
        Assert.Equal(2, events[^1].Attempt);
        Assert.Equal(1, events[^2].Attempt);
    }

    [Fact]
    public async Task A_run_requeued_by_its_center_is_marked_until_it_runs_again_or_moves_on()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-pre"), NewJob("j-gone")]));
        foreach (string id in new[] { "j-pre", "j-gone" })
        {
            long v = 1;
            foreach (var to in new[] { JobState.Queued, JobState.Placed, JobState.Dispatched, JobState.Running })
                v = (await Jobs.TransitionAsync(new TransitionRequest(id, v, to, to.ToString(), FactsFor(to)), 1_000 + v, default)).Job!.Version;
            Assert.True(await Jobs.AnnotateAsync(id, v, new RequeuedByCenterNote(7_000, "requeued by qingyang itself"), default));
        }
        // The mark is a field, not the reason's wording: a light read (what the scheduler reads) carries it.
        Assert.All(await Jobs.AtCentersAsync(default), j => Assert.Equal((7_000L, "requeued by qingyang itself"), (j.RequeuedByCenterAtMs!.Value, j.Reason)));
        // A note about a state the job is not in is not applied.
        Assert.False(await Jobs.AnnotateAsync("j-pre", 5, new HeldNote("j-gone", "held"), default));

        Assert.True(await Jobs.AnnotateAsync("j-pre", 5, new RestartedNote(8_000, "running at qingyang again"), default));
        var restarted = await Jobs.GetAsync("j-pre", default);
        Assert.Equal((null, 8_000L, 5L), (restarted!.RequeuedByCenterAtMs, restarted.StartedAtMs!.Value, restarted.Version));

        await Jobs.TransitionAsync(new TransitionRequest("j-gone", 5, JobState.Lost, "the run is gone"), 9_000, default);
        Assert.Null((await Jobs.GetAsync("j-gone", default))!.RequeuedByCenterAtMs);
    }

    [Fact]
    public async Task Listing_pages_newest_first_without_gaps_or_repeats_and_filters()
    {
        var jobs = Enumerable.Range(0, 23).Select(i => NewJob($"j-p{i:D2}", tenant: i % 3 == 0 ? "globex" : "acme", submittedMs: 10_000 + i / 2)).ToArray();
        await Submit(jobs.Select(j => new NewSubmission(j.Tenant, null, j.Id, [j])).ToArray());
        var seen = new List<string>();
        (long, string)? after = null;
        while (true)
        {
            var page = await Jobs.ListAsync(new JobFilter("acme", null, null, null, null, 4, after), default);
            seen.AddRange(page.Select(j => j.Id));
            if (page.Count < 4) break;
            after = (page[^1].SubmittedAtMs, page[^1].Id);
        }
        var expected = jobs.Where(j => j.Tenant == "acme").OrderByDescending(j => j.SubmittedAtMs).ThenByDescending(j => j.Id, StringComparer.Ordinal).Select(j => j.Id);
        Assert.Equal(expected, seen);
        var window = await Jobs.ListAsync(new JobFilter(null, [JobState.Submitted], null, 10_002, 10_004, 100, null), default);
        Assert.Equal(["j-p07", "j-p06", "j-p05", "j-p04"], window.Select(j => j.Id));
    }

    [Fact]
    public async Task Active_jobs_exclude_final_ones_and_totals_sum_metered_runs()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-live"), NewJob("j-done")]));
        await Jobs.TransitionAsync(new TransitionRequest("j-done", 1, JobState.Cancelled, "by owner",
            new EndFacts(50_000, Metered: new MeteredRun(AcceleratorHours: 2, CpuHours: 0, CostYuan: 12.5, EnergyKwh: 3, CarbonKg: 1.5))), 50_000, default);
        Assert.Equal(["j-live"], (await Jobs.WaitingWindowAsync(10, default)).Select(j => j.Id));
        Assert.Empty(await Jobs.AtCentersAsync(default));
        Assert.Equal(1, (await Jobs.CountActiveAsync(default)).Single().Count);
        var totals = Assert.Single(await Jobs.TotalsAsync(40_000, default));
        Assert.Equal(("acme", 12.5, 2.0), (totals.Tenant, totals.CostYuan, totals.AcceleratorHours));
        Assert.Empty(await Jobs.TotalsAsync(60_000, default));
        var counts = await Jobs.CountByStateAsync("acme", null, default);
        Assert.Equal(1, counts[JobState.Cancelled]);
        Assert.Equal(1, counts[JobState.Submitted]);
    }

    [Fact]
    public async Task A_tenants_unfinished_jobs_are_counted_without_its_finished_ones_or_other_tenants_and_its_keys_are_known()
    {
        var quota = new QuotaStore(Options);
        await Submit(new NewSubmission("acme", "nightly", "h", [NewJob("q-1"), NewJob("q-2"), NewJob("q-3")]),
            new NewSubmission("other", null, "h", [NewJob("q-4", tenant: "other")]));
        await Jobs.TransitionAsync(new TransitionRequest("q-1", 1, JobState.Cancelled, "by owner"), 2_000, default);
        await Jobs.TransitionAsync(new TransitionRequest("q-2", 1, JobState.Queued, "admitted"), 2_000, default);

        Assert.Equal(2, await quota.CountUnfinishedAsync("acme", default));
        Assert.Equal(1, await quota.CountUnfinishedAsync("other", default));
        Assert.Equal(0, await quota.CountUnfinishedAsync("nobody", default));
        Assert.True(await quota.KnowsIdempotencyKeyAsync("acme", "nightly", default));
        Assert.False(await quota.KnowsIdempotencyKeyAsync("other", "nightly", default));
    }

    [Fact]
    public async Task The_scheduler_reads_light_rows_split_into_waiting_and_at_centers_and_requests_apart()
    {
        await Submit(new NewSubmission("acme", null, "h", [NewJob("j-wait"), NewJob("j-run")]));
        await Jobs.TransitionAsync(new TransitionRequest("j-run", 1, JobState.Queued, "q"), 2, default);
        await Jobs.TransitionAsync(new TransitionRequest("j-run", 2, JobState.Placed, "p", new PlacementFacts("wuhu", "cpu", "sw-token", "{}", 10, 20, 30)), 3, default);
        var atCenters = await Jobs.AtCentersAsync(default);
        var placed = Assert.Single(atCenters);
        Assert.Equal(("j-run", "wuhu", "j-run", null), (placed.Id, placed.CenterId, placed.BodyId, placed.Body));
        Assert.Equal(["j-wait"], (await Jobs.WaitingWindowAsync(10, default)).Select(j => j.Id));
        Assert.Equal(["j-run"], (await Jobs.InStateAsync(JobState.Placed, default)).Select(j => j.Id));
        Assert.Equal("{}", (await Jobs.RequestTemplatesAsync(["j-run", "j-none"], default))["j-run"]);
    }

    [Fact]
    public async Task Tokens_are_found_by_hash_until_revoked()
    {
        await Access.AddTokenAsync(new TokenRow { Id = "tok-1", SecretHash = "abc", Role = "tenant", Tenant = "acme", CreatedAtMs = 1 }, default);
        Assert.Equal("tok-1", (await Access.FindTokenAsync("abc", default))?.Id);
        Assert.True(await Access.RevokeTokenAsync("tok-1", 5, default));
        Assert.True(await Access.RevokeTokenAsync("tok-1", 9, default));
        Assert.Null(await Access.FindTokenAsync("abc", default));
        Assert.Equal(5, (await Access.TokensAsync(default)).Single().RevokedAtMs);
        Assert.False(await Access.RevokeTokenAsync("tok-none", 5, default));
    }

    [Fact]
    public async Task Tenants_are_unique_and_network_revisions_append_in_order_only()
    {
        Assert.True(await Access.AddTenantAsync(new TenantRow { Id = "acme", Name = "Acme", Tier = "sme", BudgetYuan = 100, CreatedAtMs = 1 }, default));
        Assert.False(await Access.AddTenantAsync(new TenantRow { Id = "acme", Name = "Again", Tier = "sme", CreatedAtMs = 2 }, default));
        Assert.Equal(100, (await Access.TenantAsync("acme", default))!.BudgetYuan);
        Assert.True(await Access.AddNetworkRevisionAsync(0, "a: 1", "initial", 1, default));
        Assert.False(await Access.AddNetworkRevisionAsync(0, "a: 2", "racing writer", 2, default));
        Assert.True(await Access.AddNetworkRevisionAsync(1, "a: 3", "second", 3, default));
        Assert.Equal((2L, "a: 3"), ((await Access.LatestNetworkAsync(default))!.Number, (await Access.LatestNetworkAsync(default))!.Yaml));
    }

    [Fact]
    public async Task Drain_holds_are_kept_per_center()
    {
        await Access.SetDrainedAsync("qingyang", true, 1, default);
        await Access.SetDrainedAsync("wuhu", true, 1, default);
        await Access.SetDrainedAsync("wuhu", false, 2, default);
        Assert.Equal(["qingyang"], await Access.DrainedCentersAsync(default));
    }

    [Fact]
    public async Task The_readiness_probe_commits_a_write_that_a_new_connection_sees()
    {
        await StoreOpener.ProbeCommitAsync(Options, _location.Provider, 1_234, default);
        await StoreOpener.ProbeCommitAsync(Options, _location.Provider, 1_235, default);
        if (_location.Provider == StoreProvider.Sqlite)
        {
            await using var db = new SuanwangDbContext(Options);
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal(1_235L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>The kit on SQLite, with the durability the broker promises checked on a store connection.</summary>
public sealed class SqliteStoreTests : StoreKit, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("suanwang-store-").FullName;

    protected override Task<StoreLocation> CreateLocationAsync() => Task.FromResult(StoreLocation.Sqlite(Path.Combine(_folder, "nested", "suanwang.db")));

    [Fact]
    public async Task Sqlite_runs_in_wal_mode_with_synchronous_full()
    {
        await using var db = new SuanwangDbContext(Options);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("2", Scalar(connection, "PRAGMA synchronous;")); // 2 = FULL
    }

    [Fact]
    public async Task A_call_under_a_deadline_that_the_store_cannot_meet_fails_with_a_timeout_and_the_store_carries_on()
    {
        await Jobs.SubmitAsync([new NewSubmission("acme", null, "h", [NewJob("j-held")])], default);
        // Another connection of this process holds the write lock: a write waits for it (up to the busy timeout).
        await using var holder = new SuanwangDbContext(Options);
        await holder.Database.OpenConnectionAsync();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await holder.Database.ExecuteSqlRawAsync("UPDATE jobs SET Reason = 'held' WHERE Id = 'j-held'");

        var timedOut = await Task.Run(async () =>
        {
            Suanwang.Store.Health.StoreDeadline.LimitCurrentFlow(TimeSpan.FromSeconds(1));
            return await Assert.ThrowsAsync<Suanwang.Store.Health.StoreTimeoutException>(() =>
                Jobs.SubmitAsync([new NewSubmission("acme", null, "h2", [NewJob("j-late")])], default));
        });
        Assert.Contains("has not answered within 1 s", timedOut.Message);
        Assert.Equal("the store did not answer within 10 s", Suanwang.Store.Health.StoreFaults.Describe(timedOut));

        await transaction.RollbackAsync();
        // Without a deadline (a background loop's call) the same store works on.
        Assert.NotNull(await Jobs.GetAsync("j-held", default));
    }

    [Fact]
    public async Task The_store_is_opened_through_unix_excl_from_a_path_with_any_characters()
    {
        string odd = Path.Combine(_folder, "odd name?#%ü", "suanwang.db");
        var location = StoreLocation.Sqlite(odd);
        Assert.Contains("vfs=unix-excl", location.ConnectionString);
        Assert.Equal(Path.GetFullPath(odd), location.FilePath);
        await StoreOpener.MigrateAsync(location, default);
        Assert.True(File.Exists(odd), "the store was not created at the path given");
        Assert.False(File.Exists(odd + "-shm"), "the log's index is a shared, memory-mapped file");
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<Suanwang.Testing.Postgres.PostgresFixture>;

/// <summary>The kit on a real PostgreSQL server started for the test run.</summary>
[Collection("postgres")]
public sealed class PostgresStoreTests(Suanwang.Testing.Postgres.PostgresFixture postgres) : StoreKit
{
    protected override async Task<StoreLocation> CreateLocationAsync() => StoreLocation.Parse(await postgres.CreateDatabaseAsync("store"));

    [Fact]
    public async Task Postgres_commits_synchronously()
    {
        await using var db = new SuanwangDbContext(Options);
        var setting = await db.Database.SqlQueryRaw<string>("SELECT setting AS \"Value\" FROM pg_settings WHERE name = 'synchronous_commit'").ToListAsync();
        Assert.Equal("on", Assert.Single(setting));
    }
}
