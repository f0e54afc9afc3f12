namespace Suanwang.Networks.Tests;

/// <summary>Where the shared public data sets live for tests (never copied into the repository).</summary>
public static class TestData
{
    /// <summary>
    /// The data folder: <c>SUANWANG_DATA_DIR</c> if set, else <c>../shared/data</c> beside the
    /// repository root (the folder holding Suanwang.slnx), found by walking up from the test assembly.
    /// </summary>
    public static string Directory { get; } = Find();

    /// <summary>A path inside the data folder.</summary>
    public static string PathTo(params string[] parts) => Path.Combine(new[] { Directory }.Concat(parts).ToArray());

    /// <summary>The repository root (the folder holding Suanwang.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Load options pointing at the data folder.</summary>
    public static NetworkLoadOptions Options { get; } = new(Directory);

    private static string Find()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("SUANWANG_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "data"));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Suanwang.slnx above {AppContext.BaseDirectory}");
    }
}
