using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Api;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Submissions;
using Suanwang.Networks;
using Suanwang.Store;
using Suanwang.Store.Connection;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Tests.Scheduling.Harness;

/// <summary>
/// The broker's scheduler without the web host, for scheduling scenarios as unit tests: a temporary SQLite store
/// migrated as the broker migrates it, a network loaded as the broker loads it, fake time, and a
/// <see cref="FakeEngine"/> per center registered through the broker's own <see cref="EngineRegistry"/>. The
/// <see cref="Scheduler"/> is built from its parts by <see cref="SchedulerServices.AddScheduler"/>, as the broker builds
/// it, and never runs by itself: the test submits jobs, moves runs at the fake centers, sets the time and runs cycles.
/// </summary>
/// <remarks>
/// Nothing waits on the wall clock. A cycle never waits for a center (its budget for centers is zero): an answer the
/// test holds back is heard from in a later cycle, as a slow center's is. The one real time the loop reads is how long
/// a center took to answer, which spaces questions to it (at least 100 ms of fake time apart): so step the time
/// between cycles (<see cref="CycleAfterAsync"/>), as the broker's own ticks do.
/// </remarks>
public sealed class SchedulerHarness : IAsyncDisposable
{
    /// <summary>When every harness starts: Monday 2 March 2026, 08:00 in China (00:00 UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The tier of tenants the harness creates unless told otherwise.</summary>
    public const string Tier = "research";

    private readonly IServiceCollection _services;
    private ServiceProvider _provider;
    private readonly DataFolderLock _folderLock;
    private readonly string _folder;
    private readonly SubmissionService _submissions;

    private SchedulerHarness(string folder, DataFolderLock folderLock, IServiceCollection services, SubmissionService submissions)
    {
        _folder = folder;
        _folderLock = folderLock;
        _services = services;
        _provider = services.BuildServiceProvider();
        _submissions = submissions;
        Scheduler = _provider.GetRequiredService<Scheduler>();
    }

    /// <summary>The fake clock every part reads.</summary>
    public FakeTimeProvider Time { get; private init; } = null!;

    /// <summary>The options the scheduler runs with.</summary>
    public BrokerOptions Options { get; private init; } = null!;

    /// <summary>The store's jobs.</summary>
    public JobStore Jobs { get; private init; } = null!;

    /// <summary>The store's tenants, tokens, network revisions and drained centers.</summary>
    public AccessStore Access { get; private init; } = null!;

    /// <summary>The network in use.</summary>
    public NetworkState Network { get; private init; } = null!;

    /// <summary>The broker's engine registry, serving every center with a fake engine.</summary>
    public EngineRegistry Engines { get; private init; } = null!;

    /// <summary>The fake engines, by center id (<c>harness.Centers["east"]</c>).</summary>
    public FakeEngineFactory Centers { get; private init; } = null!;

    /// <summary>What the scheduler's parts logged.</summary>
    public LogRecorder Logs { get; private init; } = null!;

    /// <summary>The scheduler under test.</summary>
    public Scheduler Scheduler { get; private set; }

    /// <summary>
    /// A harness on <paramref name="network"/> (YAML; default: <see cref="HarnessNetworks.TwoCenters"/>) with tenant
    /// <c>default</c> in <see cref="Tier"/>; <paramref name="adjust"/> changes the broker's options.
    /// </summary>
    public static async Task<SchedulerHarness> StartAsync(string? network = null, Func<BrokerOptions, BrokerOptions>? adjust = null)
    {
        string folder = Directory.CreateTempSubdirectory("suanwang-harness-").FullName;
        string networkFile = Path.Combine(folder, "network.yaml");
        await File.WriteAllTextAsync(networkFile, network ?? HarnessNetworks.TwoCenters());
        // No waiting on centers within a cycle, and no engine call ever timed out by the wall clock.
        var options = BrokerOptions.For(folder) with { Network = networkFile, EngineWaitPerCycle = TimeSpan.Zero, EngineTimeout = TimeSpan.FromHours(1) };
        if (adjust is not null) options = adjust(options);
        var folderLock = DataFolderLock.Acquire(folder);
        try
        {
            await StoreOpener.MigrateAsync(options.Store, default);
            var storeOptions = StoreOpener.Options(options.Store);
            var time = new FakeTimeProvider(Start);
            var jobs = new JobStore(storeOptions);
            var access = new AccessStore(storeOptions);
            var centers = new FakeEngineFactory(time);
            var engines = new EngineRegistry([centers], time, options.EngineTimeout, NullLogger<EngineRegistry>.Instance);
            var state = new NetworkState();
            await new NetworkManager(access, state, engines, time).LoadAsync(options.Network, new NetworkLoadOptions(null), default);
            var logs = new LogRecorder();

            var services = new ServiceCollection();
            services.AddSingleton(options);
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(jobs);
            services.AddSingleton(access);
            services.AddSingleton(state);
            services.AddSingleton(engines);
            services.AddSingleton(new BrokerMetrics());
            services.AddSingleton(new BrokerOwnership(folderLock, null, null));
            services.AddLogging(b => b.AddProvider(logs));
            services.AddScheduler();

            var harness = new SchedulerHarness(folder, folderLock, services, new SubmissionService(state, access, new JobIds(time), time, new SnapshotBuilder(engines)))
            {
                Time = time, Options = options, Jobs = jobs, Access = access, Network = state, Engines = engines, Centers = centers, Logs = logs,
            };
            await harness.AddTenantAsync("default");
            return harness;
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>The scheduler's part of type <typeparamref name="T"/> (the one <see cref="Scheduler"/> uses).</summary>
    public T Part<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Creates a tenant (as an admin does).</summary>
    public async Task AddTenantAsync(string id, string tier = Tier, double? budgetYuan = null, double? quotaAcceleratorHours = null) =>
        Assert.True(await Access.AddTenantAsync(new TenantRow
        {
            Id = id, Name = id, Tier = tier, BudgetYuan = budgetYuan, QuotaAcceleratorHours = quotaAcceleratorHours, CreatedAtMs = JobViews.Ms(Time.GetUtcNow()),
        }, default), $"tenant {id} exists already");

    /// <summary>
    /// Submits <paramref name="spec"/> (native or #SBATCH) for <paramref name="tenant"/> as the API does: read and checked
    /// by the broker's <see cref="SubmissionService"/>, stored by <see cref="JobStore.SubmitAsync"/>. Returns the job ids
    /// (one per array element); the scheduler is not run.
    /// </summary>
    public async Task<IReadOnlyList<string>> SubmitAsync(string spec, string tenant = "default", string? idempotencyKey = null)
    {
        var prepared = await _submissions.PrepareAsync(spec, "harness.yaml", new Caller("harness", true, null), tenant, default);
        var outcome = (await Jobs.SubmitAsync([new NewSubmission(tenant, idempotencyKey, SubmissionService.BodyHash(spec, tenant), prepared.Jobs)], default)).Single();
        return outcome.JobIds;
    }

    /// <summary>Submits one job and returns its id.</summary>
    public async Task<string> SubmitOneAsync(string spec, string tenant = "default") => (await SubmitAsync(spec, tenant)).Single();

    /// <summary>Runs one scheduling cycle at the current fake time.</summary>
    public Task CycleAsync() => Scheduler.RunCycleAsync(CancellationToken.None);

    /// <summary>Moves the fake time on by <paramref name="elapsed"/> (default: 5 s), then runs one cycle.</summary>
    public Task CycleAfterAsync(TimeSpan? elapsed = null)
    {
        Time.Advance(elapsed ?? TimeSpan.FromSeconds(5));
        return CycleAsync();
    }

    /// <summary>Sets the fake time to <paramref name="at"/> (never backwards), then runs one cycle.</summary>
    public Task CycleAtAsync(DateTimeOffset at)
    {
        Time.SetUtcNow(at);
        return CycleAsync();
    }

    /// <summary>
    /// Waits (up to 60 s) until the loop is woken, as it is when a call to a center that outlived its cycle ends (a
    /// hand-over the test held, then released): its answer is then ready for the next cycle.
    /// </summary>
    public async Task WokenAsync() =>
        Assert.True(await Part<LoopSignals>().WaitForWakeAsync(TimeSpan.FromSeconds(60), default), "the loop was not woken within 60 s");

    /// <summary>
    /// A broker restart: a new scheduler built from new parts (nothing kept in memory) over the same store, centers
    /// and clock. The old scheduler is dropped as a killed process would be: what it had not recorded is lost.
    /// </summary>
    public void RestartScheduler()
    {
        _abandoned.Add(_provider);
        _provider = _services.BuildServiceProvider();
        Scheduler = _provider.GetRequiredService<Scheduler>();
    }

    private readonly List<ServiceProvider> _abandoned = [];

    /// <summary>The job as the API shows it.</summary>
    public async Task<JobView> JobAsync(string id) => JobViews.From(await RowAsync(id));

    /// <summary>The job's stored row (planned times, dispatch token).</summary>
    public async Task<JobRow> RowAsync(string id) => await Jobs.GetAsync(id, default) ?? throw new InvalidOperationException($"no job {id}");

    /// <summary>The job's history, oldest first, as "From -> To: reason".</summary>
    public async Task<IReadOnlyList<string>> HistoryAsync(string id) =>
        [.. (await Jobs.EventsAsync(id, default)).Select(e => $"{e.FromState} -> {e.ToState}: {e.Reason}")];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _abandoned) await provider.DisposeAsync();
        await _provider.DisposeAsync();
        await Engines.DisposeAsync();
        _folderLock.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
