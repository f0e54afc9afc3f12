using Suanwang.Specs.Sbatch;

namespace Suanwang.Specs.Tests.Sbatch;

public sealed class SbatchOptionsTests
{
    [Fact]
    public void Names_and_short_letters_are_unique()
    {
        Assert.Equal(SbatchOptions.All.Count, SbatchOptions.All.Select(o => o.Name).Distinct().Count());
        var letters = SbatchOptions.All.Where(o => o.Short is not null).Select(o => o.Short).ToList();
        Assert.Equal(letters.Count, letters.Distinct().Count());
    }

    [Fact]
    public void The_readme_tables_list_every_option_under_what_suanwang_does_with_it()
    {
        string readme = File.ReadAllText(TestFiles.Path("Published", "README.md"));
        foreach (OptionSupport support in Enum.GetValues<OptionSupport>())
        {
            string section = Section(readme, $"### {support}");
            foreach (SbatchOption option in SbatchOptions.All.Where(o => o.Support == support))
                Assert.True(section.Contains($"| `--{option.Name}` |", StringComparison.Ordinal), $"README's {support} table lacks --{option.Name}");
            int rows = section.Split('\n').Count(l => l.StartsWith("| `--", StringComparison.Ordinal));
            Assert.Equal(SbatchOptions.All.Count(o => o.Support == support), rows);
        }
    }

    [Fact]
    public void The_readme_lists_every_suanwang_extension_key()
    {
        string section = Section(File.ReadAllText(TestFiles.Path("Published", "README.md")), "### `#SUANWANG` extensions");
        foreach (string key in SuanwangDirectives.Keys.Keys)
            Assert.Contains($"| `{key}` |", section);
    }

    private static string Section(string readme, string heading)
    {
        int start = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README lacks '{heading}'");
        int end = readme.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }
}
