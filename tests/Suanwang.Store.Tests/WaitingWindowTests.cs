using Suanwang.Lifecycle;

namespace Suanwang.Store.Tests;

// The scheduler reads the front of the queue, per tenant, whatever one tenant's backlog.
public abstract partial class StoreKit
{
    [Fact]
    public async Task The_window_holds_each_tenants_oldest_jobs_not_held_for_a_dependency_however_long_one_tenants_queue()
    {
        var body = NewBody("j-flood");
        await Jobs.SubmitAsync([new NewSubmission("flood", null, "f", [.. Enumerable.Range(0, 3000).Select(i => NewJob($"j-flood_{i:D4}", tenant: "flood", body: body))])], default);
        var held = NewJob("j-small-held", tenant: "small");
        held.WaitsFor = "j-flood_0000";
        var requeued = NewJob("j-small-requeued", tenant: "small");
        await Jobs.SubmitAsync([new NewSubmission("small", null, "s", [NewJob("j-small-1", tenant: "small"), held, NewJob("j-small-2", tenant: "small"), requeued])], default);
        foreach (var (to, version) in new[] { (JobState.Queued, 1L), (JobState.Placed, 2L), (JobState.Dispatched, 3L), (JobState.Running, 4L), (JobState.Unknown, 5L), (JobState.Lost, 6L), (JobState.Requeued, 7L) })
            Assert.Equal(TransitionStatus.Applied, (await Jobs.TransitionAsync(new TransitionRequest("j-small-requeued", version, to, "moved", FactsFor(to)), 9_000, default)).Status);

        var window = await Jobs.WaitingWindowAsync(100, default);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"j-flood_{i:D4}"), window.Where(j => j.Tenant == "flood").Select(j => j.Id));
        Assert.Equal(["j-small-1", "j-small-2", "j-small-requeued"], window.Where(j => j.Tenant == "small").Select(j => j.Id));
        Assert.Equal(window.Select(j => j.Sequence).Order(), window.Select(j => j.Sequence)); // in acceptance order

        // Leaving the queue clears the hold: a cancelled held job is no longer found by what it waited for.
        Assert.Single(await Jobs.HeldOnAsync(["j-flood_0000"], 10, default));
        await Jobs.TransitionAsync(new TransitionRequest("j-small-held", 1, JobState.Cancelled, "by owner"), 9_500, default);
        Assert.Null((await Jobs.GetAsync("j-small-held", default))!.WaitsFor);
        Assert.Empty(await Jobs.HeldOnAsync(["j-flood_0000"], 10, default));
    }
}
