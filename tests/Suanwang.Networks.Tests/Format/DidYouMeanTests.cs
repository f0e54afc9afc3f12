using Suanwang.Networks.Format;

namespace Suanwang.Networks.Tests.Format;

public sealed class DidYouMeanTests
{
    [Theory]
    [InlineData("peu", "pue")]
    [InlineData("bandwithGbps", "bandwidthGbps")]
    [InlineData("LATENCYMS", "latencyMs")]
    public void Suggests_the_closest_known_word(string typo, string expected) =>
        Assert.Equal(expected, DidYouMean.Suggest(typo, new[] { "pue", "bandwidthGbps", "latencyMs" }));

    [Fact]
    public void Suggests_nothing_when_nothing_is_close() =>
        Assert.Null(DidYouMean.Suggest("flavour", new[] { "pue", "carbon" }));
}
