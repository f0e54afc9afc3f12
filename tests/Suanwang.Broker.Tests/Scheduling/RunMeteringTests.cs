using Suanwang.Broker.Network;
using Suanwang.Broker.Scheduling;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Networks;
using Suanwang.Placement.Network;
using Suanwang.Store.Entities;
using static Suanwang.Broker.Tests.Scheduling.Harness.HarnessNetworks;

namespace Suanwang.Broker.Tests.Scheduling;

/// <summary>A finished run's final move: state, reason and the use metered from the run's real times.</summary>
public sealed class RunMeteringTests
{
    private static readonly DateTimeOffset Started = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static NetworkRevision Revision()
    {
        var definition = NetworkLoader.LoadFromText(TwoCenters(), "harness.yaml", new NetworkLoadOptions(null));
        return new NetworkRevision(1, "", definition, new CompiledNetwork(definition));
    }

    private static JobRow RunningJob() => new()
    {
        Id = "j-1", Tenant = "default", Tier = "research", Name = "one", State = JobState.Running, Version = 5, Attempt = 1,
        Reason = "running at east", Cpus = 4, MemoryGiB = 8, BodyId = "j-1", CenterId = "east", PoolId = "cpu", StartedAtMs = Started.ToUnixTimeMilliseconds(),
    };

    private static RunStatus Run(RunState state, int? exitCode, string? message, double hours) =>
        new("sw-j-1-a1", state, exitCode, Started, Started, Started.AddHours(hours), message, "7");

    [Fact]
    public void A_cancelled_run_cancels_its_job_with_the_centers_words()
    {
        var move = RunMetering.Finish(Revision(), RunningJob(), Run(RunState.Cancelled, null, "by the center's operator", 0.5), Started.AddHours(1));
        Assert.Equal((JobState.Cancelled, "cancelled at east: by the center's operator", 5L), (move.To, move.Reason, move.ExpectedVersion));
    }

    [Fact]
    public void A_failed_run_without_words_fails_its_job_with_its_exit_code()
    {
        var move = RunMetering.Finish(Revision(), RunningJob(), Run(RunState.Failed, 137, null, 0.5), Started.AddHours(1));
        Assert.Equal((JobState.Failed, "exited 137 at east"), (move.To, move.Reason));
    }

    [Fact]
    public void The_use_is_metered_from_the_runs_own_start_and_end()
    {
        var job = RunningJob();
        var move = RunMetering.Finish(Revision(), job, Run(RunState.Succeeded, 0, null, 1.5), Started.AddHours(3));
        var end = Assert.IsType<EndFacts>(move.Facts);
        var metered = end.Metered!;

        Assert.Equal((JobState.Succeeded, "exited 0 at east"), (move.To, move.Reason));
        Assert.Equal((0, Started.AddHours(1.5).ToUnixTimeMilliseconds()), (end.ExitCode, end.EndedAtMs));
        Assert.Equal(4 * 1.5, metered.CpuHours, 6);
        Assert.Equal(0, metered.AcceleratorHours);
        // ¥0.1 per core-hour, flat: 6 core-hours.
        Assert.Equal(0.6, metered.CostYuan!.Value, 6);
        Assert.True(metered.EnergyKwh > 0 && metered.CarbonKg > 0);
    }

    [Fact]
    public void What_the_center_accounted_is_metered_in_place_of_the_brokers_clock()
    {
        var job = RunningJob();
        // Slurm says the run held 8 cores for 1 h (it asked for 4; --exclusive or a per-node minimum gave it more) and measured 2 kWh.
        var accounted = Run(RunState.Succeeded, 0, null, 1.5) with { Accounted = new AccountedRun(3600, 0, 8, 2.0, "Slurm accounting") };

        var metered = Assert.IsType<EndFacts>(RunMetering.Finish(Revision(), job, accounted, Started.AddHours(3)).Facts).Metered!;

        Assert.Equal(8 * 1.0, metered.CpuHours, 6);
        Assert.Equal(0.8, metered.CostYuan!.Value, 6);
        // Measured IT energy × the center's PUE (1.3 in the harness network), at the grid's 550 g/kWh.
        Assert.Equal(2.0 * 1.3, metered.EnergyKwh!.Value, 6);
        Assert.Equal(2.0 * 1.3 * 0.550, metered.CarbonKg!.Value, 6);
    }
}
