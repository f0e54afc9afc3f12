using CsCheck;
using Suanwang.Model.Errors;

namespace Suanwang.Networks.Tests;

/// <summary>Whatever text arrives, the loader either returns a network or throws <see cref="SpecException"/>.</summary>
[Trait("Category", "Property")]
public sealed class NetworkLoaderPropertyTests
{
    private static readonly string ChinaHubs = BundledNetworks.ReadText("china-hubs");

    private static void LoadsOrThrowsSpecException(string text)
    {
        try
        {
            NetworkLoader.LoadFromText(text, "fuzz.yaml", DataOptions.Samples);
        }
        catch (SpecException e)
        {
            Assert.NotEmpty(e.Errors);
        }
    }

    [Fact]
    public void Garbage_text_only_ever_throws_SpecException() =>
        Gen.String.Sample(LoadsOrThrowsSpecException, iter: 2000);

    [Fact]
    public void Yaml_like_garbage_only_ever_throws_SpecException() =>
        Gen.Char["abc: -[]{}#&*!|>'\"%@`,?\n 0123.e\t"].Array[0, 200].Select(cs => new string(cs))
            .Sample(LoadsOrThrowsSpecException, iter: 3000);

    [Fact]
    public void Mutated_fixture_only_ever_throws_SpecException() =>
        Mutations(Fixture.Minimal).Sample(LoadsOrThrowsSpecException, iter: 1000);

    [Fact]
    public void Mutated_china_hubs_only_ever_throws_SpecException() =>
        Mutations(ChinaHubs).Sample(LoadsOrThrowsSpecException, iter: 200);

    [Fact]
    public void Extreme_values_in_any_field_only_ever_throw_SpecException()
    {
        // Replace the value of a random "key: value" with an awkward one.
        var values = Gen.OneOf("0", "-1", "1e308", "-1e308", "2147483647", "-2147483648", "99999999999", "0.5", ".inf", "NaN", "''", "~", "[1, 2]", "{ a: 1 }", "x");
        var lines = Fixture.Minimal.Split('\n');
        Gen.Select(Gen.Int[0, lines.Length - 1], values, Gen.Int[0, 10], (l, v, n) => (l, v, n)).Sample((line, value, nth) =>
        {
            var copy = (string[])lines.Clone();
            var parts = copy[line].Split(": ");
            if (parts.Length > 1)
            {
                int at = 1 + nth % (parts.Length - 1);
                int end = parts[at].IndexOfAny(new[] { ',', '}' });
                parts[at] = end < 0 ? value : value + parts[at][end..];
                copy[line] = string.Join(": ", parts);
            }
            LoadsOrThrowsSpecException(string.Join('\n', copy));
        }, iter: 2000);
    }

    /// <summary>A few random edits: delete, duplicate or swap lines, change, insert or delete characters, truncate.</summary>
    private static Gen<string> Mutations(string source)
    {
        var edit = Gen.Int[0, 5].SelectMany(kind => Gen.Int[0, int.MaxValue].SelectMany(position =>
            Gen.Char["abcxyz0129.-:[]{},#&*'\" \n"].Select(c => (kind, position, c))));
        return edit.Array[1, 6].Select(edits =>
        {
            var lines = source.Split('\n').ToList();
            string text = source;
            foreach (var (kind, position, c) in edits)
            {
                lines = text.Split('\n').ToList();
                int line = position % lines.Count;
                int at = text.Length == 0 ? 0 : position % text.Length;
                text = kind switch
                {
                    0 => string.Join('\n', lines.Where((_, i) => i != line)),
                    1 => string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))),
                    2 => string.Join('\n', Swap(lines, line, (line + 1) % lines.Count)),
                    3 => text.Length == 0 ? text : text[..at] + c + text[(at + 1)..],
                    4 => text[..at] + c + text[at..],
                    _ => text[..at],
                };
            }
            return text;
        });
    }

    private static List<string> Swap(List<string> lines, int a, int b)
    {
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return lines;
    }
}
