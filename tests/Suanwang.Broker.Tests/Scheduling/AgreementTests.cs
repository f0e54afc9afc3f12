using Suanwang.Lifecycle;
using Suanwang.Broker.Api;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Tests.Scheduling.Harness;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Simulation;
using Suanwang.Simulation.Engine;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>
/// The simulator is an oracle for the broker (ADR 0009): the same arrivals and the same runs, driven through the broker
/// (temporary store, fake engines, fake time) and through the simulator, give every job the same center, pool and start.
/// Runs here last exactly as long as their plans say, so neither driver knows more than the other.
/// </summary>
public sealed class AgreementTests
{
    private sealed record Arrival(string Name, string Tenant, int Cpus, double Hours, double AtSeconds);

    // A seeded mix on two small centers that queues: three tenants, jobs of 1–8 of a center's 8 cores, from half an hour
    // to two hours, arriving together or minutes apart.
    private static List<Arrival> Scenario(int seed, int jobs)
    {
        var random = new Random(seed);
        double at = 0;
        var list = new List<Arrival>();
        for (int i = 0; i < jobs; i++)
        {
            at += new[] { 0, 0, 60, 300, 900 }[random.Next(5)];
            list.Add(new Arrival($"j{i:000}", $"t{random.Next(3)}", random.Next(1, 9), new[] { 0.5, 1, 1.5, 2 }[random.Next(4)], at));
        }
        return list;
    }

    [Theory]
    [InlineData(1, "suanwang")]
    [InlineData(2, "suanwang")]
    [InlineData(3, "first-to-start")]
    [InlineData(4, "cheapest")]
    public async Task The_broker_decides_what_the_simulator_decides_for_the_same_arrivals_and_runs(int seed, string policy)
    {
        var arrivals = Scenario(seed, jobs: 40);
        await using var h = await SchedulerHarness.StartAsync(TwoCenters(nodes: 1, cpusPerNode: 8), o => o with { Policy = policy });
        foreach (string tenant in arrivals.Select(a => a.Tenant).Distinct()) await h.AddTenantAsync(tenant);
        double t0 = SimTime.ToSeconds(h.Time.GetUtcNow());

        var ids = await DriveBrokerAsync(h, arrivals, t0);

        // The simulator, fed the very requests the broker stored, in the order it received them.
        var rows = new List<Store.Entities.JobRow>();
        foreach (string id in ids) rows.Add(await h.RowAsync(id));
        var simulated = rows.OrderBy(r => r.SubmittedAtMs).ThenBy(r => r.Sequence)
            .Select(r => (Request: JobViews.Request(r), At: DateTimeOffset.FromUnixTimeMilliseconds(r.SubmittedAtMs)))
            .Select(x => new SimulationArrival(x.Request, x.At, x.Request.Work.ReferenceHours))
            .ToList();
        var revision = h.Network.Current;
        var simulator = new Simulator(revision.Compiled, PolicyCatalog.Create(policy)) { Recording = true };
        simulator.Run(simulated);

        var expected = simulator.Decisions.ToDictionary(d => d.JobId, d => (revision.Compiled.Pools[d.Pool].Id, revision.Compiled.Centers[revision.Compiled.PoolCenter[d.Pool]].Id, Ms(d.StartSeconds)));
        Assert.Equal(arrivals.Count, expected.Count);
        var differences = rows.Where(r => expected[r.Id] != (r.PoolId!, r.CenterId!, r.PlannedStartAtMs!.Value))
            .Select(r => $"{r.Name} ({r.Tenant}, {arrivals.Single(a => a.Name == r.Name).Cpus} cores, submitted +{r.SubmittedAtMs / 1000.0 - t0:0} s): " +
                         $"simulator {expected[r.Id].Item2} at +{expected[r.Id].Item3 / 1000.0 - t0:0} s, broker {r.CenterId} at +{r.PlannedStartAtMs / 1000.0 - t0:0} s")
            .ToList();
        Assert.True(differences.Count == 0, $"{differences.Count} of {rows.Count} jobs decided differently:\n" + string.Join('\n', differences)
            + "\nsimulator passes at: " + string.Join(' ', simulator.PassTimes.Select(p => $"+{p - t0:0}")));
    }

    // Cycles the broker at every moment something happens: arrivals, runs ending when their plans say, and held places
    // coming due. Returns the jobs' ids.
    private static async Task<List<string>> DriveBrokerAsync(SchedulerHarness h, List<Arrival> arrivals, double t0)
    {
        var ids = new List<string>();
        var ended = new HashSet<string>();
        var started = new HashSet<string>();
        int next = 0;
        double now = t0;
        for (int step = 0; step < 10_000; step++)
        {
            var atCenters = await h.Jobs.AtCentersAsync(default);
            var times = new List<double>();
            if (next < arrivals.Count) times.Add(t0 + arrivals[next].AtSeconds);
            times.AddRange(atCenters.Where(j => !ended.Contains(j.Id) && j.PlannedFinishAtMs is not null).Select(j => j.PlannedFinishAtMs!.Value / 1000.0));
            times.AddRange(atCenters.Where(j => j.State == JobState.Placed && j.PlannedDispatchAtMs is not null).Select(j => j.PlannedDispatchAtMs!.Value / 1000.0));
            if (h.Part<QueuePlacement>().NextDueSeconds is { } due) times.Add(due);
            if (times.Count == 0) return ids;
            now = Math.Max(now, times.Min());
            h.Time.SetUtcNow(SimTime.FromSeconds(now));
            foreach (var job in atCenters.Where(j => j.State is JobState.Dispatched or JobState.Running && j.PlannedFinishAtMs / 1000.0 <= now && ended.Add(j.Id)))
                h.Centers[job.CenterId!].Succeed(job.Id);
            while (next < arrivals.Count && t0 + arrivals[next].AtSeconds <= now)
            {
                var a = arrivals[next++];
                ids.Add(await h.SubmitOneAsync(Job(a.Name, a.Cpus, a.Hours), a.Tenant));
            }
            await h.CycleAsync();
            // Runs start at their centers the moment they are handed over (no job here waits for data or an hour).
            foreach (var job in (await h.Jobs.AtCentersAsync(default)).Where(j => j.State == JobState.Dispatched && j.PlannedStartAtMs / 1000.0 <= now && started.Add(j.Id)))
                h.Centers[job.CenterId!].Start(job.Id);
        }
        throw new InvalidOperationException("the scenario did not finish in 10,000 steps");
    }

    private static long Ms(double seconds) => (long)Math.Round(seconds * 1000);
}
