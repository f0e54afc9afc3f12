using CsCheck;
using Suanwang.Placement.Capacity;

namespace Suanwang.Placement.Tests.Capacity;

public class CapacityProfileTests
{
    private static readonly ResourceVector EightGpus = new(8, 64, 512);
    private static ResourceVector Gpus(int n) => new(n, 0, 0);

    [Fact]
    public void An_idle_pool_starts_a_job_that_fits_at_once()
    {
        var profile = new CapacityProfile(EightGpus);
        Assert.Equal(100, profile.EarliestStart(Gpus(8), 3600, 100));
    }

    [Fact]
    public void A_job_bigger_than_the_pool_never_starts()
    {
        var profile = new CapacityProfile(EightGpus);
        Assert.True(double.IsPositiveInfinity(profile.EarliestStart(Gpus(9), 1, 0)));
    }

    [Fact]
    public void A_job_waits_until_running_work_ends()
    {
        var profile = new CapacityProfile(EightGpus);
        profile.Reserve(0, 7200, Gpus(6));
        Assert.Equal(7200, profile.EarliestStart(Gpus(4), 3600, 0));
        Assert.Equal(0, profile.EarliestStart(Gpus(2), 3600, 0));
    }

    [Fact]
    public void A_short_job_backfills_before_a_reservation_but_a_long_one_does_not()
    {
        var profile = new CapacityProfile(EightGpus);
        profile.Reserve(3600, 7200, Gpus(8)); // a reservation an hour from now
        Assert.Equal(0, profile.EarliestStart(Gpus(4), 1800, 0));      // fits before it
        Assert.Equal(7200, profile.EarliestStart(Gpus(4), 5400, 0));   // would overlap: after it
    }

    [Fact]
    public void Releasing_gives_capacity_back_and_merges_steps()
    {
        var profile = new CapacityProfile(EightGpus);
        profile.Reserve(0, 100, Gpus(8));
        profile.Release(0, 100, Gpus(8));
        Assert.Equal(1, profile.StepCount);
        Assert.Equal(EightGpus, profile.FreeAt(50));
    }

    [Fact]
    public void Trimming_history_keeps_the_future()
    {
        var profile = new CapacityProfile(EightGpus);
        profile.Reserve(0, 100, Gpus(2));
        profile.Reserve(200, 300, Gpus(3));
        profile.TrimBefore(250);
        Assert.Equal(5, profile.FreeAt(260).Accelerators);
        Assert.Equal(8, profile.FreeAt(400).Accelerators);
    }

    [Fact]
    public void Earliest_start_matches_a_brute_force_search()
    {
        // Reservations on a 10-unit pool over a 0..100 s horizon, against scanning every whole second.
        var reservation = Gen.Select(Gen.Int[0, 90], Gen.Int[1, 30], Gen.Int[1, 10]);
        Gen.Select(reservation.Array[0, 12], Gen.Int[1, 10], Gen.Int[1, 40], Gen.Int[0, 50]).Sample((reservations, units, duration, from) =>
        {
            var profile = new CapacityProfile(Gpus(10));
            var used = new int[200];
            foreach (var (start, length, amount) in reservations)
            {
                int take = Math.Min(amount, Enumerable.Range(start, length).Min(t => 10 - used[t]));
                if (take <= 0) continue;
                profile.Reserve(start, start + length, Gpus(take));
                for (int t = start; t < start + length; t++) used[t] += take;
            }
            int expected = Enumerable.Range(from, 200 - from).First(t => Enumerable.Range(t, duration).All(s => s >= 200 || 10 - used[s] >= units));
            Assert.Equal(expected, profile.EarliestStart(Gpus(units), duration, from));
        });
    }
}
