using System.Diagnostics;
using System.Text;
using CsCheck;
using Suanwang.Engines.Slurm.Ssh;

namespace Suanwang.Engines.Slurm.Tests.Ssh;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("", "''")]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("'", @"''\'''")]
    [InlineData("$(id) `id` \\ \" \n", "'$(id) `id` \\ \" \n'")]
    public void Quotes_in_single_quotes_with_escaped_single_quotes(string value, string quoted) =>
        Assert.Equal(quoted, ShellQuote.Quote(value));

    [Fact]
    public void Refuses_a_nul_which_no_argument_can_carry() =>
        Assert.Throws<ArgumentException>(() => ShellQuote.Quote("a\0b"));

    [Fact]
    public void A_command_is_its_quoted_arguments() =>
        Assert.Equal("'sbatch' '--parsable' '--comment=a b'", ShellQuote.Command("sbatch", "--parsable", "--comment=a b"));

    [Theory]
    [InlineData("$(touch /tmp/x)")]
    [InlineData("'; echo pwned; '")]
    [InlineData("a\nb\r\n\tc")]
    [InlineData("*?[a-z]~!#&|;<>(){}")]
    [InlineData("-n")]
    [InlineData("\\'\\\"")]
    [InlineData("é世😀\u202e\u001b[31m")]
    public void Hostile_strings_reach_a_real_shell_verbatim(string value) => Assert.Equal(value, PrintedBySh(value));

    [Fact]
    public void Any_string_reaches_a_real_shell_verbatim()
    {
        // Every character but NUL and lone surrogates (not text: they cannot be written as UTF-8).
        var character = Gen.Char.Where(c => c != '\0' && !char.IsSurrogate(c));
        var text = Gen.OneOf(Gen.String[character, 0, 30], Gen.String[Gen.Char["'\"\\$`!*?~ \n;&|(){}<>#"], 0, 30]);
        text.Sample(value => Assert.Equal(value, PrintedBySh(value)), iter: 200);
    }

    private static string PrintedBySh(string value)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf %s " + ShellQuote.Quote(value));
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
