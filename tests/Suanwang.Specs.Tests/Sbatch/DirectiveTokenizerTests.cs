using Suanwang.Specs.Sbatch;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class DirectiveTokenizerTests
{
    [Theory]
    [InlineData(" --time=1:00  -N 2", new[] { "--time=1:00", "-N", "2" })]
    [InlineData(" --job-name=\"two words\"", new[] { "--job-name=two words" })]
    [InlineData(" --job-name='single $HOME'", new[] { "--job-name=single $HOME" })]
    [InlineData(" --mem=8G # per node", new[] { "--mem=8G" })]
    [InlineData(" --job-name=\"#1 run\"", new[] { "--job-name=#1 run" })]
    [InlineData(" --job-name=a;b|c&d`e`$(f)", new[] { "--job-name=a;b|c&d`e`$(f)" })]
    [InlineData("", new string[0])]
    public void Words_split_like_sbatch_and_nothing_is_expanded(string body, string[] words)
    {
        Assert.Equal(words, DirectiveTokenizer.Split(body, out _));
    }

    // Each as the real sbatch 22.05 read it (scontrol show job: JobName).
    [Theory]
    [InlineData(" -J a\\b", new[] { "-J", "ab" })]
    [InlineData(" -J a\\ b", new[] { "-J", "a", "b" })]
    [InlineData(" -J \"a\\\"b\"", new[] { "-J", "a\"b" })]
    [InlineData(" -J 'x y'z", new[] { "-J", "x yz" })]
    [InlineData(" -J a\"b\"c", new[] { "-J", "abc" })]
    [InlineData(" -J a#b -t 3", new[] { "-J", "a" })]
    [InlineData(" -J \"x#y\"", new[] { "-J", "x#y" })]
    [InlineData(" -J a\\#b", new[] { "-J", "a#b" })]
    [InlineData("\t--job-name=tab", new[] { "--job-name=tab" })]
    [InlineData(" -J \"\" -t 3", new[] { "-J" })]
    public void Escapes_quotes_and_comments_work_as_in_sbatch(string body, string[] words)
    {
        Assert.Equal(words, DirectiveTokenizer.Split(body, out _));
    }

    [Fact]
    public void A_quote_opened_inside_quotes_with_a_backslash_is_still_unclosed_as_in_sbatch()
    {
        Assert.Null(DirectiveTokenizer.Split(" -J 'a\\'", out string? error));
        Assert.Equal("the quote ' is never closed", error);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error()
    {
        Assert.Null(DirectiveTokenizer.Split(" --job-name=\"abc", out string? error));
        Assert.Equal("the quote \" is never closed", error);
    }
}
