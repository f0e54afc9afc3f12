namespace Suanwang.Specs.Tests.Native;

public sealed class YamlTreeLoaderTests
{
    [Fact]
    public void A_syntax_error_is_reported_with_its_line_and_column()
    {
        var error = Assert.Single(Read.NativeErrors("command: [a]\nwork: { referenceHours: 1 }\n  bad: indentation\n"));
        Assert.Equal("line 3, column 3", error.Location);
        Assert.StartsWith("not valid YAML or JSON: ", error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    // Each syntax error is reported at the line and column an editor shows for the character at fault:
    // 1-based, a tab counting as one column, a Chinese character as one.
    [Theory]
    [InlineData("command: [a]\nwork: { referenceHours: 1 }\n  bad: indentation\n", 3, 3, "did not find expected key")]
    [InlineData("resources:\n  cpus: 1\n memoryGiB: 2\ncommand: [a]\n", 3, 2, "did not find expected key")]
    [InlineData("command: [a]\nname: \"a\\qb\"\n", 2, 9, "unknown escape character (it starts at line 2, column 7)")]
    [InlineData("command: [a]\nname: \"\\u00\"\n", 2, 10, "did not find expected hexadecimal number")]
    [InlineData("command: [a]\n\tname: x\n", 2, 1, "invalid tab as indentation; YAML indents with spaces only")]
    [InlineData("resources:\n\t cpus: 1\n", 2, 1, "invalid tab as indentation")]
    [InlineData("resources:\n  cpus: 1\n\tmemoryGiB: 2\n", 3, 1, "a tab character that violate indentation")]
    [InlineData("command: [a]\n  \tname: x\n", 2, 4, "did not find expected key")]
    [InlineData("name: x\nkind: a: b\n", 2, 8, "found invalid mapping")]
    [InlineData("name: x\nkind:\ta: b\n", 2, 8, "found invalid mapping")]
    [InlineData("name: 算网: b\n", 1, 9, "found invalid mapping")]
    [InlineData("name: x\n  y: z\n", 2, 4, "found invalid mapping")]
    [InlineData("name: @x\n", 1, 7, "cannot start any token")]
    public void A_syntax_error_is_reported_at_the_column_an_editor_shows(string yaml, int line, int column, string message)
    {
        var error = Assert.Single(Read.NativeErrors(yaml));
        Assert.Equal($"line {line}, column {column}", error.Location);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("command: [a]\nname: \"abc\n", 2, 7, "never closed")]
    [InlineData("name: 'abc\ncommand: [a]\n", 1, 7, "never closed")]
    [InlineData("command: [a, \"b]\n", 1, 14, "never closed")]
    [InlineData("name: \"abc\ncommand: [a]\n", 1, 7, "runs on to line 2, column 1")]
    public void An_unclosed_quote_is_reported_at_its_opening_quote(string yaml, int line, int column, string message)
    {
        var error = Assert.Single(Read.NativeErrors(yaml));
        Assert.Equal($"line {line}, column {column}", error.Location);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Windows_line_breaks_count_once()
    {
        Assert.Equal("line 2, column 8", Assert.Single(Read.NativeErrors("name: x\r\nkind: a: b\r\n")).Location);
    }

    [Fact]
    public void An_input_that_trips_the_yaml_library_itself_is_reported_where_parsing_stopped()
    {
        // YamlDotNet 18 throws InvalidOperationException for an unclosed '[' followed by a line break.
        var error = Assert.Single(Read.NativeErrors("command: [a\nwork: { referenceHours: 1 }\n"));
        Assert.Equal("line 1, column 10", error.Location);
        Assert.Contains("check brackets, quotes and indentation", error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_exhausting_the_stack()
    {
        string deep = "command: " + new string('[', 200_000) + new string(']', 200_000) + "\n";
        Has.OneError(Read.NativeErrors(deep), "line 1, column 41", "nests deeper than 32 levels");
    }

    [Fact]
    public void Deep_block_nesting_is_refused_too()
    {
        var yaml = string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', i * 2) + "a:\n"));
        Assert.Contains("nests deeper", Assert.Single(Read.NativeErrors(yaml)).Message);
    }

    [Fact]
    public void Aliases_are_refused_so_a_billion_laughs_cannot_expand()
    {
        const string Laughs = "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n";
        var error = Assert.Single(Read.NativeErrors(Laughs));
        Assert.Equal("line 2, column 8", error.Location);
        Assert.Contains("aliases (*a) are not supported", error.Message);
    }

    [Fact]
    public void Custom_tags_are_refused()
    {
        Assert.Contains("tags (!python/object) are not supported", Assert.Single(Read.NativeErrors("command: !python/object [a]\n")).Message);
    }

    [Fact]
    public void Standard_tags_are_allowed()
    {
        Assert.Equal("123", Read.Native(Read.Spec("name: !!str 123\n")).Name);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("name: a\nname: b\n")), "line 4, column 1", "the key 'name' appears twice");
    }

    [Fact]
    public void A_second_document_is_refused()
    {
        Assert.Contains("one YAML document", Assert.Single(Read.NativeErrors(Read.Spec() + "---\ncommand: [b]\n")).Message);
    }

    [Fact]
    public void A_mapping_used_as_a_key_is_refused()
    {
        Assert.Contains("a mapping key must be plain text", Assert.Single(Read.NativeErrors("? { a: 1 }\n: x\n")).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void An_empty_spec_is_refused(string text)
    {
        Assert.Contains("empty", Assert.Single(Read.NativeErrors(text)).Message);
    }

    [Fact]
    public void Too_many_values_are_refused()
    {
        string many = "command: [" + string.Join(",", Enumerable.Repeat("1", SpecLimits.MaxYamlNodes + 10)) + "]\n";
        Assert.Contains("more than 100000 values", Assert.Single(Read.NativeErrors(many)).Message);
    }
}
