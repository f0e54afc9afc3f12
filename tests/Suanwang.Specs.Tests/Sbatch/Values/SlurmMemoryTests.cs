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
    public void Sizes_are_binary_megabytes_by_default(string text, long mib)
    {
        Assert.True(SlurmMemory.TryParseMiB(text, out long parsed));
        Assert.Equal(mib, parsed);
    }

    // Each as the real sbatch 22.05 reads it (scontrol show job: MinMemoryNode).
    [Theory]
    [InlineData("500MB", 500)]
    [InlineData("500mb", 500)]
    [InlineData("500Mb", 500)]
    [InlineData("128GB", 128 * 1024)]
    [InlineData("128gb", 128 * 1024)]
    [InlineData("1TB", 1024 * 1024)]
    [InlineData("1024KB", 1)]
    [InlineData("1KB", 1)]
    [InlineData("1500K", 2)]
    [InlineData("2049KB", 3)]
    public void A_trailing_B_is_allowed_and_kibibytes_round_up_to_a_whole_megabyte_as_in_sbatch(string text, long mib)
    {
        Assert.True(SlurmMemory.TryParseMiB(text, out long parsed));
        Assert.Equal(mib, parsed);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("500B")]
    [InlineData("500MiB")]
    [InlineData("1P")]
    [InlineData("1PB")]
    [InlineData("GB")]
    [InlineData("1.5G")]
    [InlineData("G")]
    [InlineData("")]
    [InlineData("99999999999999G")]
    public void Anything_else_is_not_a_size(string text)
    {
        Assert.False(SlurmMemory.TryParseMiB(text, out _));
    }
}
