using System.Diagnostics;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;
using Suanwang.Networks.Synthetic;
using Suanwang.Placement;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Cli.Bench;

/// <summary>One row of the placement benchmark.</summary>
public sealed record PlacementBenchmarkResult(int Centers, int Pools, bool Explained, long Decisions, double DecisionsPerSecond, double P50Microseconds, double P99Microseconds);

/// <summary>
/// Measures decisions per second and per-decision latency on a synthetic network of N centers,
/// half-loaded with running and reserved work, for a fixed mix of jobs, with the Suanwang policy.
/// </summary>
public static class PlacementBenchmark
{
    /// <summary>Runs the benchmark for one network size, for at least <paramref name="seconds"/> per variant.</summary>
    public static IEnumerable<PlacementBenchmarkResult> Run(int centers, double seconds, int seed = 42)
    {
        var definition = SyntheticNetworks.Generate(centers, seed);
        var network = new CompiledNetwork(definition);
        var snapshot = LoadedSnapshot(network, seed);
        var jobs = Jobs(definition, 512, seed);
        var now = new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero);
        double nowSeconds = SimTime.ToSeconds(now);
        var policy = new SuanwangPolicy();
        var engine = new PlacementEngine();
        foreach (bool explain in new[] { false, true })
        {
            // Warm up: JIT and tiered compilation settle before measuring.
            for (int i = 0; i < 200; i++) Decide(engine, snapshot, jobs[i % jobs.Count], i, policy, now, nowSeconds, explain);
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

    /// <summary>Every pool gets a few running jobs ending within hours, so about half the pools are busy now.</summary>
    private static NetworkSnapshot LoadedSnapshot(CompiledNetwork network, int seed)
    {
        var random = new Random(seed);
        var snapshot = new NetworkSnapshot(network);
        double now = SimTime.ToSeconds(new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.Zero));
        for (int p = 0; p < network.PoolCount; p++)
        {
            var capacity = network.PoolCapacity[p];
            for (int k = random.Next(0, 4); k > 0; k--)
            {
                double share = random.NextDouble() * 0.5;
                double start = now - random.NextDouble() * 3600;
                snapshot.PoolProfiles[p].Reserve(start, now + random.NextDouble() * 8 * 3600, new ResourceVector(
                    Math.Floor(capacity.Accelerators * share), Math.Floor(capacity.Cpus * share * 0.5), capacity.MemoryGiB * share * 0.5));
            }
        }
        return snapshot;
    }

    private static List<JobRequest> Jobs(NetworkDefinition network, int count, int seed)
    {
        var random = new Random(seed + 1);
        var regions = network.Regions.Select(r => r.Id).ToList();
        var jobs = new List<JobRequest>(count);
        for (int i = 0; i < count; i++)
        {
            bool cpuOnly = random.Next(10) == 0;
            int gpus = cpuOnly ? 0 : new[] { 1, 1, 1, 2, 4, 8 }[random.Next(6)];
            var resources = new ResourceRequest(gpus, [], 0, cpuOnly ? 16 : gpus * 4, cpuOnly ? 64 : gpus * 32, 1);
            var inputs = random.Next(2) == 0 ? [] : new[] { new DataInput("data", random.NextDouble() * 500, regions[random.Next(regions.Count)]) };
            jobs.Add(new JobRequest($"bench-{i}", $"bench-{i}", JobKind.Batch, ["true"], new Dictionary<string, string>(), resources,
                new WorkEstimate(0.1 + random.NextDouble() * 10, null), inputs, null, JobConstraints.None,
                new JobPreferences(random.NextDouble(), 0), $"tenant-{i % 16}", "research", [], null, null));
        }
        return jobs;
    }
}
