using Suanwang.Traces.Workload;

namespace Suanwang.Traces.Tests.Workload;

public sealed class StableRandomTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_matches_the_published_test_vectors(string text, ulong expected)
    {
        Assert.Equal(expected, StableHash.Fnv1a64(text));
    }

    [Fact]
    public void Splitmix64_matches_its_reference_sequence()
    {
        // Reference output of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new StableRandom(0);

        Assert.Equal(0xe220a8397b1dcdafUL, random.NextUInt64());
        Assert.Equal(0x6e789e6aa1b965f4UL, random.NextUInt64());
    }

    [Fact]
    public void The_same_rule_and_key_give_the_same_draws_and_others_do_not()
    {
        Assert.Equal(StableRandom.For(1, "tier", "t").NextDouble(), StableRandom.For(1, "tier", "t").NextDouble());
        Assert.NotEqual(StableRandom.For(1, "tier", "t").NextDouble(), StableRandom.For(1, "tier", "u").NextDouble());
        Assert.NotEqual(StableRandom.For(1, "tier", "t").NextDouble(), StableRandom.For(1, "data-region", "t").NextDouble());
        Assert.NotEqual(StableRandom.For(1, "tier", "t").NextDouble(), StableRandom.For(2, "tier", "t").NextDouble());
    }

    [Fact]
    public void Uniform_and_normal_draws_have_the_expected_moments()
    {
        var random = new StableRandom(42);
        var uniform = Enumerable.Range(0, 100_000).Select(_ => random.NextDouble()).ToList();
        var normal = Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian()).ToList();

        Assert.All(uniform, u => Assert.InRange(u, 0, 0.9999999999999999));
        Assert.InRange(uniform.Average(), 0.495, 0.505);
        Assert.InRange(normal.Average(), -0.01, 0.01);
        Assert.InRange(normal.Average(x => x * x), 0.98, 1.02);
    }
}
