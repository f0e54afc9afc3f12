using Suanwang.Lifecycle;
using Suanwang.Store.Entities;

namespace Suanwang.Store.Tests;

// Lists of ids longer than a provider's parameter limit (SQLite: 32,766 variables per statement) are read and
// written in slices: a tenant's 40,000 array elements once made every scheduling cycle fail.
public abstract partial class StoreKit
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Forty_thousand_ids_are_read_transitioned_and_annotated_without_reaching_a_parameter_limit()
    {
        var body = NewBody("j-wide");
        var jobs = Enumerable.Range(0, 40_000).Select(i =>
        {
            var job = NewJob($"j-wide_{i}", body: body);
            job.ArrayIndex = i;
            return job;
        }).ToList();
        await Jobs.SubmitAsync([new NewSubmission("acme", null, "h", jobs)], default);
        string[] ids = [.. jobs.Select(j => j.Id)];

        var read = await Jobs.GetManyAsync(ids, default);
        Assert.Equal(40_000, read.Count);
        Assert.All(read, j => Assert.Same(read[0].Body, j.Body)); // one body, read once for all of them
        Assert.Equal(40_000, (await Jobs.StatesAsync(ids, default)).Count);

        var moved = await Jobs.TransitionManyAsync([.. ids.Select(id => new TransitionRequest(id, 1, JobState.Queued, "admitted"))], 2_000, default);
        Assert.All(moved, r => Assert.Equal(TransitionStatus.Applied, r.Status));
        Assert.Equal(40_000, await Jobs.AnnotateManyAsync([.. ids.Select(id => (id, 2L, (JobNote)new WaitingNote("looked at")))], default));
        Assert.Equal("looked at", (await Jobs.GetAsync(ids[^1], default))!.Reason);
    }
}
