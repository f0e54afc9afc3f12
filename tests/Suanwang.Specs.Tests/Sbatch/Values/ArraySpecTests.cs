using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class ArraySpecTests
{
    [Theory]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("1,3,5", new[] { 1, 3, 5 })]
    [InlineData("0-15:4", new[] { 0, 4, 8, 12 })]
    [InlineData("0-3%2", new[] { 0, 1, 2, 3 })]
    [InlineData("0-3%0", new[] { 0, 1, 2, 3 })]
    [InlineData("5,1-2,1", new[] { 1, 2, 5 })]
    [InlineData("7", new[] { 7 })]
    public void Indices_are_expanded_sorted_and_unique(string text, int[] expected)
    {
        Assert.True(ArraySpec.TryParse(text, out var indices, out _));
        Assert.Equal(expected, indices);
    }

    [Theory]
    [InlineData("0-20000", "expands to 20001 jobs")]
    [InlineData("0-999999", "expands to 1000000 jobs")]
    [InlineData("3-1", "is not an index or range")]
    [InlineData("1-5:0", "is not an index or range")]
    [InlineData("-1", "is not an index or range")]
    [InlineData("a-b", "is not an index or range")]
    [InlineData("1,,2", "is not an index or range")]
    [InlineData("0-4%x", "throttle")]
    [InlineData("2000000", "is not an index or range")]
    public void Malformed_or_huge_arrays_are_refused_before_expanding(string text, string reason)
    {
        Assert.False(ArraySpec.TryParse(text, out _, out string error));
        Assert.Contains(reason, error);
    }
}
