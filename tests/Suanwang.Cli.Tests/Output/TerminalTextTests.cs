using Suanwang.Cli.Output;

namespace Suanwang.Cli.Tests.Output;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, 中文, émoji 🙂 and back\\slash", "plain text, 中文, émoji 🙂 and back\\slash")]
    [InlineData("\u001b]0;pwned\u0007", @"\x1b]0;pwned\x07")]
    [InlineData("\u001b[2J", @"\x1b[2J")]
    [InlineData("a\nb\tc\rd\0", @"a\x0ab\x09c\x0dd\x00")]
    [InlineData("del\u007f c1\u0080\u009b\u009f", @"del\x7f c1\x80\x9b\x9f")]
    [InlineData("\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069", @"\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069")]
    [InlineData("\u200e\u00a0\u00ad", "\u200e\u00a0\u00ad")]
    public void One_line_fields_show_every_control_character_escaped(string text, string shown) =>
        Assert.Equal(shown, TerminalText.Escape(text));

    [Theory]
    [InlineData("line 1\nline 2\n", "line 1\nline 2\n")]
    [InlineData("a\tb\r\nc", "a\tb\r\nc")]
    [InlineData("50%\r100%\n", @"50%\x0d100%" + "\n")]
    [InlineData("\u001b[31mred\u001b[0m\n", @"\x1b[31mred\x1b[0m" + "\n")]
    public void Output_on_a_terminal_keeps_lines_and_tabs(string text, string shown) =>
        Assert.Equal(shown, TerminalText.EscapeKeepingLines(text));

    [Fact]
    public void Markup_escapes_both_control_characters_and_spectres_brackets() =>
        Assert.Equal(@"[[bold]]\x1b[[2J[[/]]", TerminalText.Markup("[bold]\u001b[2J[/]"));

    [Fact]
    public void Json_keeps_its_value_and_loses_what_its_encoder_leaves_raw()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new { name = "x\u202ey\u007fz\u0085" }, Formats.ApiJson);

        string shown = TerminalText.Json(json);

        Assert.Equal("{\"name\":\"x\\u202ey\\u007Fz\\u0085\"}", shown.Replace("\n", "").Replace(" ", ""));
        Assert.Equal("x\u202ey\u007fz\u0085", System.Text.Json.JsonDocument.Parse(shown).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Null_and_empty_are_empty()
    {
        Assert.Equal("", TerminalText.Escape(null));
        Assert.Equal("", TerminalText.Markup(""));
    }
}
