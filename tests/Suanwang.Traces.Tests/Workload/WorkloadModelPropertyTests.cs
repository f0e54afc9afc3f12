using System.Globalization;
using CsCheck;
using Suanwang.Traces.Tests.Support;
using Suanwang.Traces.Workload;
using static Suanwang.Traces.Tests.Support.TraceJobs;

namespace Suanwang.Traces.Tests.Workload;

/// <summary>Invariants that hold for any trace job, whatever its shape.</summary>
public sealed class WorkloadModelPropertyTests
{
    private static readonly Suanwang.Model.Network.NetworkDefinition Network = A.Network().Build();
    private static readonly WorkloadModel Model = new(Network);

    private static readonly Gen<TraceJob> AnyJob =
        Gen.Select(Gen.Long[1, 10_000_000], Gen.Double[0.5, 5e6], Gen.Int[0, 128], Gen.Int[0, 256], Gen.Int[0, 50],
                Gen.OneOf<string?>(null, "V100M32", "G2", "T4|P100"), Gen.Double[0.01, 1])
            .Select((sequence, seconds, gpus, cpus, group, type, share) => gpus == 0
                ? Cpu(sequence, seconds, Math.Max(1, cpus), $"u{group}")
                : Gpu(sequence, seconds, gpus, $"vc{group}", type, share, cpus));

    [Fact]
    public void Every_simulated_job_is_well_formed()
    {
        var source = Gen.OneOf(PhillySource, OpenbSource, SwfSource);
        Gen.Select(source, AnyJob).Sample((trace, job) =>
        {
            var simulated = Model.Enrich(trace, job);
            var r = simulated.Request;

            Assert.True(simulated.ActualReferenceHours > 0);
            Assert.Equal(simulated.ActualReferenceHours, r.Work.ReferenceHours);
            Assert.True(r.Resources.Nodes >= 1 && r.Resources.Cpus >= 1 && r.Resources.MemoryGiB > 0);
            Assert.Equal(job.Accelerators, r.Resources.AcceleratorCount);
            Assert.InRange(r.InputGiB, 0.1, 5120);
            Assert.Contains(r.Tier, Network.FairShare.Tiers.Select(t => t.Name));
            Assert.NotNull(Network.FindRegion(r.Inputs[0].RegionId));
            Assert.True(r.Constraints.Deadline is null || r.Constraints.Deadline >= simulated.SubmitTime.AddHours(1));
            Assert.Equal(Math.Floor(r.Preferences.FlexibleStartHours), r.Preferences.FlexibleStartHours);
            Assert.True(int.Parse(r.Command[1], CultureInfo.InvariantCulture) >= 1);
            Assert.Equal(Model.Enrich(trace, job) with { Request = r }, simulated); // pure
        });
    }
}
