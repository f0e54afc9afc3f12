namespace Suanwang.Testing;

/// <summary>Where tests find the public data sets: SUANWANG_DATA_DIR, else ../shared/data beside the repository.</summary>
public static class TestData
{
    /// <summary>The data directory, or null when it is nowhere to be found.</summary>
    public static string? Directory { get; } = Find();

    /// <summary>The repository root (the folder holding Suanwang.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A path inside the data directory; fails the test with a clear message when the data is missing.</summary>
    public static string File(string relative) =>
        Path.Combine(Directory ?? throw new InvalidOperationException("public data not found: set SUANWANG_DATA_DIR (see README, 'Data')"), relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Suanwang.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("SUANWANG_DATA_DIR") is { Length: > 0 } fromEnvironment && System.IO.Directory.Exists(fromEnvironment))
            return fromEnvironment;
        string sibling = Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "data"));
        return System.IO.Directory.Exists(sibling) ? sibling : null;
    }
}
