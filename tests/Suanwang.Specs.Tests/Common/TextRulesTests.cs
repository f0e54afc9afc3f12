using Suanwang.Specs.Common;

namespace Suanwang.Specs.Tests.Common;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("yangtze-delta", true)]
    [InlineData("a100-80g", true)]
    [InlineData("job_1.2", true)]
    [InlineData("-flag", false)]
    [InlineData(".hidden", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("slash/x", false)]
    [InlineData("算网", false)]
    [InlineData("", false)]
    public void Ids_are_plain_so_they_are_safe_in_paths_labels_and_options(string text, bool isId)
    {
        Assert.Equal(isId, TextRules.IsId(text));
    }

    [Fact]
    public void An_id_is_at_most_128_characters()
    {
        Assert.True(TextRules.IsId(new string('a', 128)));
        Assert.False(TextRules.IsId(new string('a', 129)));
    }

    [Theory]
    [InlineData("corpus/zh-2025", true)]
    [InlineData("a/../b", false)]
    [InlineData("/abs", false)]
    public void Data_set_names_may_hold_slashes_but_never_climb(string text, bool valid)
    {
        Assert.Equal(valid, TextRules.IsDatasetName(text));
    }

    [Fact]
    public void Quoted_text_is_shortened_and_control_characters_are_made_visible()
    {
        Assert.Equal("a?b", TextRules.Shorten("a\nb"));
        Assert.Equal(new string('x', 60) + "…", TextRules.Shorten(new string('x', 100)));
    }
}
