using System.IO.Compression;
using System.Security.Cryptography;
using Suanwang.Testing.Data;

namespace Suanwang.Infrastructure.Tests;

/// <summary>Where tests find the public data, and that the committed samples are what tests/data/README.md says.</summary>
public sealed class TestDataTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("suanwang-testdata-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_temp.FullName, relative)).FullName;

    private static PublicDataLocation Find(string repositoryRoot, params (string Name, string Value)[] variables) =>
        PublicDataLocation.Find(name => variables.FirstOrDefault(v => v.Name == name).Value, repositoryRoot);

    [Fact]
    public void The_public_data_variable_comes_before_the_old_one()
    {
        string chosen = Folder("public"), old = Folder("old");

        var location = Find(Folder("repo"), ("SUANWANG_PUBLIC_DATA", chosen), ("SUANWANG_DATA_DIR", old));

        Assert.Equal(new PublicDataLocation(chosen, "SUANWANG_PUBLIC_DATA", Present: true), location);
    }

    [Fact]
    public void The_old_variable_still_works()
    {
        string old = Folder("old");

        Assert.Equal(new PublicDataLocation(old, "SUANWANG_DATA_DIR", Present: true), Find(Folder("repo"), ("SUANWANG_DATA_DIR", old)));
    }

    [Fact]
    public void Without_a_variable_it_is_shared_data_beside_the_repository()
    {
        string beside = Folder("shared/data");

        var location = Find(Folder("repo"));

        Assert.Equal(new PublicDataLocation(beside, PublicDataLocation.Beside, Present: true), location);
        Assert.Null(location.MissingReason);
    }

    [Fact]
    public void A_variable_naming_no_folder_hides_the_data_rather_than_falling_back()
    {
        Folder("shared/data"); // present beside the repository, and still not used
        string missing = Path.Combine(_temp.FullName, "nonexistent");

        var location = Find(Folder("repo"), ("SUANWANG_PUBLIC_DATA", missing), ("SUANWANG_DATA_DIR", Folder("old")));

        Assert.Equal(new PublicDataLocation(missing, "SUANWANG_PUBLIC_DATA", Present: false), location);
        Assert.Equal(
            $"full public data not found at {missing} (SUANWANG_PUBLIC_DATA); set SUANWANG_PUBLIC_DATA=DIR or put it at ../shared/data to run this check",
            location.MissingReason);
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        string old = Folder("old");

        Assert.Equal("SUANWANG_DATA_DIR", Find(Folder("repo"), ("SUANWANG_PUBLIC_DATA", ""), ("SUANWANG_DATA_DIR", old)).ChosenBy);
    }

    [Fact]
    public void Nothing_anywhere_is_absent_and_says_where_it_looked()
    {
        var location = Find(Folder("repo"));

        Assert.False(location.Present);
        Assert.Equal(Path.Combine(_temp.FullName, "shared", "data"), location.Directory);
        Assert.Contains("(../shared/data beside the repository); set SUANWANG_PUBLIC_DATA=DIR", location.MissingReason);
    }

    /// <summary>The samples listed in tests/data/SHA256SUMS: relative path → SHA-256.</summary>
    private static Dictionary<string, string> ListedSamples() =>
        File.ReadAllLines(Path.Combine(TestData.SamplesDirectory, "SHA256SUMS"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split("  ./", 2))
            .ToDictionary(p => p[1], p => p[0]);

    [Fact]
    public void Every_sample_is_listed_with_its_checksum()
    {
        var listed = ListedSamples();
        var present = Directory.EnumerateFiles(TestData.SamplesDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TestData.SamplesDirectory, f).Replace('\\', '/'))
            .Where(f => f.Contains('/') && !f.StartsWith("LICENSES/", StringComparison.Ordinal));

        Assert.Equal(listed.Keys.Order(), present.Order());
        Assert.All(listed, sample =>
            Assert.Equal(sample.Value, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestData.Sample(sample.Key))))));
    }

    /// <summary>Samples written for the tests rather than cut from a public file (no licence lets us copy that trace).</summary>
    private static bool IsSynthetic(string sample) => sample.StartsWith("alibaba-gpu-v2023-openb/", StringComparison.Ordinal);

    [FullDataFact]
    public void Every_sample_cut_from_the_public_data_is_the_head_of_its_full_file()
    {
        Assert.All(ListedSamples().Keys.Where(s => !IsSynthetic(s)), sample =>
        {
            var head = Lines(TestData.Sample(sample));
            var full = Lines(TestData.Full(sample));
            Assert.True(head.Count > 1 && head.Count <= full.Count, $"{sample}: {head.Count} lines, the full file {full.Count}");
            Assert.Equal(full.Take(head.Count), head);
        });
    }

    private static List<string> Lines(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(content);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
