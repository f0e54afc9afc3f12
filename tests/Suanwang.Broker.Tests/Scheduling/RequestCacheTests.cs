using Suanwang.Lifecycle;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Store;
using Suanwang.Store.Entities;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>Parsed requests: read once per body, and an unreadable body fails only its own jobs, naming why.</summary>
public sealed class RequestCacheTests
{
    [Fact]
    public async Task A_job_whose_stored_request_cannot_be_read_fails_saying_why_and_another_job_is_placed()
    {
        await using var h = await SchedulerHarness.StartAsync();
        long nowMs = h.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var body = new JobBodyRow { Id = "j-garbled", Tenant = "default", SpecText = "name: garbled", SpecSource = "test", RequestJson = "{\"id\": [", CreatedAtMs = nowMs };
        var garbled = new JobRow
        {
            Id = "j-garbled", Tenant = "default", Tier = SchedulerHarness.Tier, Name = "garbled", State = JobState.Queued, Version = 2, Attempt = 1,
            SubmittedAtMs = nowMs, UpdatedAtMs = nowMs, Reason = "waiting for a placement", Cpus = 1, MemoryGiB = 1, BodyId = body.Id, Body = body,
        };
        await h.Jobs.SubmitAsync([new NewSubmission("default", null, "garbled", [garbled])], default);
        string fine = await h.SubmitOneAsync(Job("fine"));
        await h.CycleAfterAsync();

        var failed = await h.JobAsync("j-garbled");
        Assert.Equal(JobState.Failed, failed.State);
        Assert.StartsWith("its stored request cannot be read (", failed.Reason);
        Assert.Equal(JobState.Dispatched, (await h.JobAsync(fine)).State);
        Assert.Contains(h.Logs.Messages, m => m.EventId == 307 && m.Message.StartsWith("The stored request of body j-garbled cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_elements_of_an_array_share_one_body_and_each_gets_its_own_request()
    {
        await using var h = await SchedulerHarness.StartAsync();
        var ids = await h.SubmitAsync("#!/bin/sh\n#SBATCH --array=0-2\n#SBATCH --time=1:00:00\necho $SLURM_ARRAY_TASK_ID\n");
        var rows = await h.Jobs.GetManyAsync(ids, default);
        var cache = new RequestCache(h.Jobs, Microsoft.Extensions.Logging.Abstractions.NullLogger<Scheduler>.Instance);

        await cache.LoadAsync(rows, default);

        Assert.Single(rows.Select(r => r.BodyId).Distinct());
        Assert.Equal([0, 1, 2], rows.OrderBy(r => r.ArrayIndex).Select(r => cache.RequestOf(r).ArrayIndex ?? -1));
        Assert.Equal(["0", "1", "2"], rows.OrderBy(r => r.ArrayIndex).Select(r => cache.RequestOf(r).Environment["SLURM_ARRAY_TASK_ID"]));
        Assert.False(cache.ForgetOthers(rows), "a cache this small is kept whole");
        Assert.True(await cache.MayRequeueAsync(rows[0], default));
    }
}
