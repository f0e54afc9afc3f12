using System.Text.RegularExpressions;
using Suanwang.Cli.Output;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests.Output;

/// <summary>Counts in words: one helper, so no output reads "1 CPU cores".</summary>
public sealed partial class FormatsTests
{
    [Theory]
    [InlineData(0, "CPU core", null, "0 CPU cores")]
    [InlineData(1, "CPU core", null, "1 CPU core")]
    [InlineData(2, "CPU core", null, "2 CPU cores")]
    [InlineData(1, "policy", "policies", "1 policy")]
    [InlineData(6, "policy", "policies", "6 policies")]
    public void Count_puts_the_noun_in_the_number_of_the_count(long count, string singular, string? plural, string expected) =>
        Assert.Equal(expected, Formats.Count(count, singular, plural));

    [Theory]
    [InlineData(1.0, "reference hour")]
    [InlineData(0.5, "reference hours")]
    [InlineData(2.0, "reference hours")]
    public void Noun_is_singular_for_exactly_one(double value, string expected) =>
        Assert.Equal(expected, Formats.Noun(value, "reference hour"));

    /// <summary>
    /// The class of bug, not one instance: no interpolated count in the CLI's sources is followed by a plural noun
    /// written out, nor by "(s)". Counts go through <see cref="Formats.Count"/> or <see cref="Formats.Noun"/>.
    /// </summary>
    [Fact]
    public void No_count_in_the_CLI_is_followed_by_a_fixed_plural()
    {
        var offenders = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Shell.Repo("src", "Suanwang.Cli"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (FixedPlural().IsMatch(lines[i]) || MaybePlural().IsMatch(lines[i]))
                    offenders.Add($"{Path.GetRelativePath(Shell.Repo(), file)}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\{[^{}""]*\} (CPU cores|cores|GPUs|accelerators|jobs|centers|attempts|tenants|tokens|pools|nodes|slots|clients|submitters|policies|problems|errors|decisions|reference hours)\b")]
    private static partial Regex FixedPlural();

    [GeneratedRegex(@"\$""[^""]*\w\(s\)")]
    private static partial Regex MaybePlural();
}
