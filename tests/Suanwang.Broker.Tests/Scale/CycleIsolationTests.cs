using Microsoft.Extensions.DependencyInjection;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Store;
using Suanwang.Store.Entities;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Scale;

/// <summary>
/// What goes wrong with one tenant's jobs stays with them: a job whose stored request cannot be read (it used to
/// throw out of every scheduling cycle, so nobody's job was placed) fails, saying why, and another tenant's job
/// is placed and runs meanwhile.
/// </summary>
public sealed class CycleIsolationTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task A_job_whose_stored_request_cannot_be_read_fails_alone_and_another_tenants_job_runs()
    {
        using var other = await _broker.NewTenantAsync("other");
        // Stored through the broker's own store, as a submission would be, but with a request that does not parse.
        var store = _broker.App.Services.GetRequiredService<JobStore>();
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = new JobBodyRow { Id = "j-garbled", Tenant = "default", SpecText = "name: garbled", SpecSource = "test", RequestJson = "{\"id\": [", CreatedAtMs = nowMs };
        var garbled = new JobRow
        {
            Id = "j-garbled", Tenant = "default", Tier = "research", Name = "garbled", State = JobState.Queued, Version = 2, Attempt = 1,
            SubmittedAtMs = nowMs, UpdatedAtMs = nowMs, Reason = "waiting for a placement", Cpus = 1, MemoryGiB = 1, BodyId = body.Id, Body = body,
        };
        await store.SubmitAsync([new NewSubmission("default", null, "garbled", [garbled])], default);
        _broker.App.Services.GetRequiredService<Suanwang.Broker.Scheduling.Scheduler>().Wake();

        var job = await SubmitAsync(other, Spec("unaffected", "echo fine"));
        await WaitForStateAsync(other, job.Id, JobState.Succeeded);
        var failed = await WaitForStateAsync(_broker.Tenant, "j-garbled", JobState.Failed);
        Assert.StartsWith("its stored request cannot be read", failed.Reason);
    }
}
