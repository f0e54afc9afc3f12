namespace Suanwang.Traces.Workload;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its algorithm, not by the .NET version
/// (<see cref="Random"/>'s seeded sequence is not guaranteed across versions). One instance per rule
/// per job, never shared.
/// </summary>
internal sealed class StableRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>Creates the generator of one rule for one key (see <see cref="StableHash.Seed"/>).</summary>
    public static StableRandom For(long seed, string rule, string key) => new(StableHash.Seed(seed, rule, key));

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return StableHash.Mix(state);
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)(NextDouble() * count);

    /// <summary>Standard normal by Box–Muller (one value per call; the pair's second is dropped for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
