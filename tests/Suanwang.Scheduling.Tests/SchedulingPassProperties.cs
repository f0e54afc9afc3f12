using CsCheck;
using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Testing;

namespace Suanwang.Scheduling.Tests;

/// <summary>
/// Random queues on a small two-center network, driven as a driver would (arrivals admitted, runs ending, full passes
/// after each end), checked against what must always hold.
/// </summary>
public class SchedulingPassProperties
{
    private static readonly double T0 = SimTime.ToSeconds(A.Noon);

    private static NetworkDefinition TwoCenters() =>
        A.Network().Region("east").Region("west", RegionRole.West).Link("east", "west", 20, 100)
            .Center("e", "east", c => c.GpuPool("v100", 8, 2).Price(10))
            .Center("w", "west", c => c.GpuPool("a100", 8, 1).Price(6))
            .Build();

    private sealed record Step(int Gpus, double Hours, int Tenant, double GapSeconds, bool EndOne);

    private static readonly Gen<Step> Steps =
        Gen.Select(Gen.Int[1, 8], Gen.Double[0.1, 3], Gen.Int[0, 2], Gen.Double[0, 1800], Gen.Bool,
            (gpus, hours, tenant, gap, end) => new Step(gpus, hours, tenant, gap, end));

    // Plays the steps: each admits one job, and may end the earliest-ending bound run and run a full pass.
    private static PassRecorder Play(IReadOnlyList<Step> steps, BindingRule binding, string policy)
    {
        var run = new PassRecorder(TwoCenters(), SchedulingOptions.Default with { Binding = binding, ReservationDepth = 3 }, policy);
        double now = T0;
        var ended = new HashSet<string>();
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            now += s.GapSeconds;
            if (s.EndOne && run.Bound.Where(b => !ended.Contains(b.Job) && b.Start <= now).OrderBy(b => b.End).FirstOrDefault() is { Job: not null } first)
            {
                ended.Add(first.Job);
                run.End(first.Job, Math.Max(now, first.Start));
                run.RunPass(now);
            }
            run.Admit(A.Job($"j{i}").NeedsGpus(s.Gpus).ReferenceHours(s.Hours).OfTenant($"t{s.Tenant}", "research"), now);
        }
        return run;
    }

    [Fact]
    public void Commitments_never_exceed_a_pools_capacity_and_each_job_binds_once()
    {
        Steps.List[1, 40].Sample(steps =>
        {
            foreach (var binding in new[] { BindingRule.Late, BindingRule.Early })
            {
                var run = Play(steps, binding, "suanwang");
                Assert.Equal(run.Bound.Count, run.Bound.Select(b => b.Job).Distinct().Count());
                // Independent accounting: at every commitment's start, the commitments running then (to their planned
                // end, or their real end where the run ended early) fit the pool.
                foreach (var pool in run.Bound.GroupBy(b => b.Plan.Pool))
                {
                    double capacity = run.Network.PoolCapacity[pool.Key].Accelerators;
                    foreach (var b in pool)
                    {
                        double used = pool.Where(o => o.Start <= b.Start && b.Start < o.End && !EndedBefore(run, o.Job, b.Start))
                            .Sum(o => o.Plan.Pool == b.Plan.Pool ? GpusOf(steps, o.Job) : 0);
                        Assert.True(used <= capacity + 1e-9, $"{binding}: {used} GPUs committed at {b.Start - T0} s on a pool of {capacity}");
                    }
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Under_late_binding_every_commitment_starts_when_it_is_made()
    {
        Steps.List[1, 40].Sample(steps =>
        {
            var run = Play(steps, BindingRule.Late, "first-to-start");
            foreach (var b in run.Bound)
                Assert.True(b.Plan.QueueWaitSeconds - b.Plan.DeferredSeconds <= 1e-6, $"{b.Job} waits {b.Plan.QueueWaitSeconds} s for capacity");
        }, iter: 200);
    }

    [Fact]
    public void The_same_inputs_give_the_same_decisions()
    {
        Steps.List[1, 40].Sample(steps =>
        {
            var first = Play(steps, BindingRule.Late, "suanwang").Bound.Select(b => (b.Job, b.Center, b.Start)).ToList();
            var second = Play(steps, BindingRule.Late, "suanwang").Bound.Select(b => (b.Job, b.Center, b.Start)).ToList();
            Assert.Equal(first, second);
        }, iter: 100);
    }

    private static double GpusOf(IReadOnlyList<Step> steps, string job) => steps[int.Parse(job[1..])].Gpus;

    private static bool EndedBefore(PassRecorder run, string job, double time) =>
        run.Ends.TryGetValue(job, out double end) && end <= time;
}
