using System.Diagnostics;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Networks.Synthetic;
using Suanwang.Placement;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Bench;

/// <summary>One row of the placement benchmark.</summary>
public sealed record PlacementBenchmarkResult(int Centers, int Pools, bool Explained, long Decisions, double DecisionsPerSecond, double P50Microseconds, double P99Microseconds);

/// <summary>
/// Measures decisions per second and per-decision latency on a synthetic network of N centers,
/// loaded with running work, for a fixed mix of jobs: the workload in <c>bench/placement.yaml</c>.
/// </summary>
public static class PlacementBenchmark
{
    /// <summary>Runs the benchmark for one network size, for at least <paramref name="seconds"/> per variant.</summary>
    public static IEnumerable<PlacementBenchmarkResult> Run(int centers, double seconds, PlacementWorkload workload)
    {
        int seed = workload.Seed;
        var definition = SyntheticNetworks.Generate(centers, seed);
        var network = new CompiledNetwork(definition);
        var snapshot = LoadedSnapshot(network, seed, workload.Load);
        var jobs = Jobs(definition, seed, workload.Jobs);
        var now = new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero);
        double nowSeconds = SimTime.ToSeconds(now);
        var policy = PolicyCatalog.Create(workload.Policy);
        var engine = new PlacementEngine();
        foreach (bool explain in new[] { false, true })
        {
            // Warm up: JIT and tiered compilation settle before measuring.
            for (int i = 0; i < workload.WarmupDecisions; i++) Decide(engine, snapshot, jobs[i % jobs.Count], i, policy, now, nowSeconds, explain);
            var latencies = new List<long>(1 << 16);
            long budget = (long)(seconds * Stopwatch.Frequency);
            long started = Stopwatch.GetTimestamp();
            long elapsed = 0;
            int n = 0;
            while (elapsed < budget || n < 100)
            {
                long t0 = Stopwatch.GetTimestamp();
                Decide(engine, snapshot, jobs[n % jobs.Count], n, policy, now, nowSeconds, explain);
                long t1 = Stopwatch.GetTimestamp();
                latencies.Add(t1 - t0);
                elapsed = t1 - started;
                n++;
            }
            latencies.Sort();
            double toMicros = 1e6 / Stopwatch.Frequency;
            yield return new PlacementBenchmarkResult(centers, network.PoolCount, explain, n, n / (elapsed / (double)Stopwatch.Frequency),
                latencies[latencies.Count / 2] * toMicros, latencies[(int)(latencies.Count * 0.99)] * toMicros);
        }
    }

    private static void Decide(PlacementEngine engine, NetworkSnapshot snapshot, JobRequest job, long sequence, IPlacementPolicy policy, DateTimeOffset now, double nowSeconds, bool explain)
    {
        if (explain) engine.Decide(snapshot, job, sequence, policy, now, explain: true);
        else engine.Place(snapshot, job, sequence, policy, nowSeconds);
    }

    /// <summary>Every pool gets a few running jobs ending within hours.</summary>
    private static NetworkSnapshot LoadedSnapshot(CompiledNetwork network, int seed, BenchLoad load)
    {
        var random = new Random(seed);
        var snapshot = new NetworkSnapshot(network);
        double now = SimTime.ToSeconds(new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero));
        for (int p = 0; p < network.PoolCount; p++)
        {
            var capacity = network.PoolCapacity[p];
            for (int k = random.Next(0, load.MaxRunningPerPool + 1); k > 0; k--)
            {
                double share = random.NextDouble() * load.MaxBusyShare;
                double start = now - random.NextDouble() * 3600;
                snapshot.PoolProfiles[p].Reserve(start, now + random.NextDouble() * load.HorizonHours * 3600, new ResourceVector(
                    Math.Floor(capacity.Accelerators * share), Math.Floor(capacity.Cpus * share * 0.5), capacity.MemoryGiB * share * 0.5));
            }
        }
        return snapshot;
    }

    private static List<JobRequest> Jobs(NetworkDefinition network, int seed, BenchJobs mix)
    {
        var random = new Random(seed + 1);
        var regions = network.Regions.Select(r => r.Id).ToList();
        var jobs = new List<JobRequest>(mix.Count);
        for (int i = 0; i < mix.Count; i++)
        {
            bool cpuOnly = random.NextDouble() < mix.CpuOnlyShare;
            int gpus = cpuOnly ? 0 : mix.AcceleratorCounts[random.Next(mix.AcceleratorCounts.Length)];
            int nodes = Math.Max(1, (gpus + 7) / 8);
            var resources = new ResourceRequest(gpus, [], 0, cpuOnly ? 16 : gpus * 4, cpuOnly ? 64 : gpus * 32, nodes);
            var inputs = random.NextDouble() >= mix.WithInputShare ? [] : new[] { new DataInput("data", random.NextDouble() * mix.MaxInputGiB, regions[random.Next(regions.Count)]) };
            jobs.Add(new JobRequest($"bench-{i}", $"bench-{i}", JobKind.Batch, ["true"], new Dictionary<string, string>(), resources,
                new WorkEstimate(0.1 + random.NextDouble() * (mix.MaxReferenceHours - 0.1), null), inputs, null, JobConstraints.None,
                new JobPreferences(random.NextDouble(), 0), $"tenant-{i % 16}", "research", [], null, null));
        }
        return jobs;
    }
}
