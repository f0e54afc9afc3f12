using Suanwang.Testing.Data;

namespace Suanwang.Cli.Tests.Support;

/// <summary>
/// Compares text a user sees with a committed file in tests/Suanwang.Cli.Tests/Snapshots, so any change to it
/// shows up in review. A missing snapshot, or SUANWANG_UPDATE_SNAPSHOTS=1, writes the file and fails the test:
/// review the new file, then run again.
/// </summary>
public static class Snapshot
{
    /// <summary>The environment variable that rewrites every snapshot a run touches.</summary>
    public const string UpdateVariable = "SUANWANG_UPDATE_SNAPSHOTS";

    /// <summary>The snapshot folder in the source tree (not the build output).</summary>
    public static string Folder { get; } = Path.Combine(TestData.RepositoryRoot, "tests", "Suanwang.Cli.Tests", "Snapshots");

    /// <summary>Asserts that <paramref name="actual"/> equals the snapshot <paramref name="name"/> (a file name in <see cref="Folder"/>).</summary>
    public static void Matches(string name, string actual)
    {
        string path = Path.Combine(Folder, name);
        string normalised = Normalise(actual);
        bool existed = File.Exists(path);
        if (!existed || Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, normalised);
            Assert.Fail(existed
                ? $"Snapshot {path} was rewritten because {UpdateVariable}=1. Review the diff, then run the tests again without it."
                : $"Snapshot {path} was missing, so it was written. Review it, then run the tests again.");
        }
        string expected = Normalise(File.ReadAllText(path));
        if (expected == normalised) return;
        Assert.Fail($"Output differs from snapshot {path} {FirstDifference(expected, normalised)}\n" +
            $"If the change is intended, run the tests with {UpdateVariable}=1 and review the diff.\n--- actual\n{normalised}");
    }

    /// <summary>LF line endings, no trailing spaces (editors strip them and users cannot see them), one final newline.</summary>
    private static string Normalise(string text) =>
        string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end>", al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"at line {i + 1}:\n  expected: {el}\n  actual:   {al}";
        }
        return "";
    }
}
