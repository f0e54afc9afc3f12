using Suanwang.Specs.Sbatch;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class DirectiveTokenizerTests
{
    [Theory]
    [InlineData(" --time=1:00  -N 2", new[] { "--time=1:00", "-N", "2" })]
    [InlineData(" --job-name=\"two words\"", new[] { "--job-name=two words" })]
    [InlineData(" --job-name='single $HOME'", new[] { "--job-name=single $HOME" })]
    [InlineData(" --comment=a\\ b", new[] { "--comment=a b" })]
    [InlineData(" --mem=8G # per node", new[] { "--mem=8G" })]
    [InlineData(" --job-name=\"#1 run\"", new[] { "--job-name=#1 run" })]
    [InlineData(" --job-name=a;b|c&d`e`$(f)", new[] { "--job-name=a;b|c&d`e`$(f)" })]
    [InlineData("", new string[0])]
    public void Words_split_like_sbatch_and_nothing_is_expanded(string body, string[] words)
    {
        Assert.Equal(words, DirectiveTokenizer.Split(body, out _));
    }

    [Fact]
    public void An_unclosed_quote_is_an_error()
    {
        Assert.Null(DirectiveTokenizer.Split(" --job-name=\"abc", out string? error));
        Assert.Equal("the quote \" is never closed", error);
    }
}
