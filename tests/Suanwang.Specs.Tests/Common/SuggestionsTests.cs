using Suanwang.Specs.Common;

namespace Suanwang.Specs.Tests.Common;

public sealed class SuggestionsTests
{
    private static readonly string[] Fields = ["accelerators", "cpus", "memoryGiB", "nodes"];

    [Theory]
    [InlineData("memory_gib", "memoryGiB")]
    [InlineData("MEMORYGIB", "memoryGiB")]
    [InlineData("node", "nodes")]
    [InlineData("acelerators", "accelerators")]
    [InlineData("cpu", "cpus")]
    public void A_close_name_is_suggested(string unknown, string expected)
    {
        Assert.Equal(expected, Suggestions.Closest(unknown, Fields));
    }

    [Theory]
    [InlineData("walltime")]
    [InlineData("x")]
    [InlineData("")]
    public void A_distant_name_gets_no_suggestion(string unknown)
    {
        Assert.Null(Suggestions.Closest(unknown, Fields));
        Assert.Equal("", Suggestions.DidYouMean(unknown, Fields));
    }

    [Fact]
    public void A_very_long_name_is_not_compared()
    {
        Assert.Null(Suggestions.Closest(new string('a', 10_000), Fields));
    }
}
