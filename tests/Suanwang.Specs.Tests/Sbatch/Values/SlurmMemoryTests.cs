using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class SlurmMemoryTests
{
    [Theory]
    [InlineData("4000", 4000)]
    [InlineData("4000M", 4000)]
    [InlineData("16G", 16 * 1024)]
    [InlineData("16g", 16 * 1024)]
    [InlineData("1T", 1024 * 1024)]
    [InlineData("2048K", 2)]
    [InlineData("0", 0)]
    public void Sizes_are_binary_megabytes_by_default(string text, double mib)
    {
        Assert.True(SlurmMemory.TryParseMiB(text, out double parsed));
        Assert.Equal(mib, parsed);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("16GB")]
    [InlineData("1.5G")]
    [InlineData("G")]
    [InlineData("")]
    [InlineData("99999999999999G")]
    public void Anything_else_is_not_a_size(string text)
    {
        Assert.False(SlurmMemory.TryParseMiB(text, out _));
    }
}
