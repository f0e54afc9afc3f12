using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Placement.Snapshot;
using Suanwang.Testing;

namespace Suanwang.Placement.Tests.Properties;

/// <summary>A random network, load and job, built from one seed so a failing case can be replayed.</summary>
public sealed record RandomWorld(NetworkDefinition Network, IReadOnlyList<(string Center, string Pool, double Start, double End, double Gpus)> Load, JobRequest Job)
{
    private static readonly string[] Models = ["v100", "a100", "t4", "x86"];

    public static RandomWorld FromSeed(int seed)
    {
        var random = new Random(seed);
        // Water comes from its own stream, so the worlds drawn before water existed stay the same.
        var water = new Random(unchecked(seed * 31 + 7));
        var builder = A.Network();
        int regions = random.Next(1, 5);
        var regionIds = Enumerable.Range(0, regions).Select(i => $"r{i}").ToList();
        foreach (var id in regionIds) builder.Region(id, random.Next(2) == 0 ? RegionRole.East : RegionRole.West, random.Next(4) == 0 ? "sg" : "cn");
        for (int i = 1; i < regions; i++)
            builder.Link(regionIds[random.Next(i)], regionIds[i], random.Next(1, 40), new[] { 1.0, 10, 100, 400 }[random.Next(4)], random.NextDouble());
        int centers = random.Next(1, 8);
        var load = new List<(string, string, double, double, double)>();
        double now = Snapshots.Seconds(A.Noon);
        for (int c = 0; c < centers; c++)
        {
            string id = $"c{c}";
            var hourly = Enumerable.Range(0, 24).Select(_ => 50 + 700 * random.NextDouble()).ToArray();
            int pools = random.Next(1, 3);
            var chosenModels = Models.OrderBy(_ => random.Next()).Take(pools).ToList();
            builder.Center(id, regionIds[random.Next(regions)], cb =>
            {
                foreach (var model in chosenModels)
                {
                    if (model == "x86") cb.CpuPool(64, random.Next(1, 4));
                    else cb.GpuPool(model, new[] { 4, 8 }[random.Next(2)], random.Next(1, 4));
                }
                cb.Wue(water.Next(5) == 0 ? 0 : 3 * water.NextDouble()); // some dry-cooled centers
                return cb.Price(1 + 30 * random.NextDouble()).Pue(1.05 + random.NextDouble() * 0.5)
                         .CarbonHourly(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), hourly);
            });
            foreach (var model in chosenModels.Where(m => m != "x86"))
                for (int k = random.Next(0, 3); k > 0; k--)
                {
                    double start = now - 3600 + random.NextDouble() * 4 * 3600;
                    load.Add((id, model, start, start + random.NextDouble() * 10 * 3600, random.Next(1, 4)));
                }
        }
        var job = A.Job($"job-{seed}");
        if (random.Next(5) == 0) job.NeedsCpusOnly(random.Next(1, 64));
        else job.NeedsGpus(random.Next(1, 17), random.Next(3) == 0 ? [Models[random.Next(3)]] : []);
        if (random.Next(3) == 0) job.OnNodes(random.Next(1, 3));
        if (random.Next(4) == 0) job.MinGpuMemoryGiB(new[] { 16, 32, 80 }[random.Next(3)]);
        job.ReferenceHours(0.1 + random.NextDouble() * 20);
        if (random.Next(2) == 0) job.WithDataAt(regionIds[random.Next(regions)], random.NextDouble() * 3000);
        if (random.Next(3) == 0) job.Deadline(A.Noon.AddHours(1 + random.NextDouble() * 40));
        if (random.Next(3) == 0) job.MaxPrice(random.NextDouble() * 2000);
        if (random.Next(4) == 0) job.Residency(random.Next(2) == 0 ? "cn" : "sg");
        if (random.Next(4) == 0) job.OnlyOn(Enumerable.Range(0, centers).Where(_ => random.Next(2) == 0).Select(i => $"c{i}").ToArray());
        if (random.Next(3) == 0) job.Flexible(random.Next(1, 25), random.NextDouble());
        if (random.Next(4) == 0) job.Service(regionIds[random.Next(regions)], random.Next(1, 60));
        return new RandomWorld(builder.Build(), load, job.Build());
    }

    public NetworkSnapshot Snapshot(NetworkDefinition? network = null)
    {
        var snapshot = new NetworkSnapshot(new CompiledNetwork(network ?? Network));
        foreach (var (center, pool, start, end, gpus) in Load)
            snapshot.PoolProfiles[snapshot.Network.PoolIndex(center, pool)].Reserve(start, end, new(gpus, 0, 0));
        return snapshot;
    }

    /// <summary>The same world with centers, pools, regions and links listed in another order.</summary>
    public NetworkDefinition Shuffled(int seed)
    {
        var random = new Random(seed);
        return Network with
        {
            Regions = Network.Regions.OrderBy(_ => random.Next()).ToList(),
            Links = Network.Links.OrderBy(_ => random.Next()).ToList(),
            Centers = Network.Centers.OrderBy(_ => random.Next()).Select(c => c with { Pools = c.Pools.OrderBy(_ => random.Next()).ToList() }).ToList(),
        };
    }
}
