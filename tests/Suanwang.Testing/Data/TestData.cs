namespace Suanwang.Testing.Data;

/// <summary>
/// Where tests find their files: the repository, the small samples of the public data sets
/// committed under <c>tests/data</c> (always there), and the full public data sets (optional).
/// The samples keep the full data's folder layout, so the same relative path names a file in
/// either, e.g. <c>TestData.Sample("philly-2017-jobs/philly.csv.gz")</c> and
/// <c>TestData.Full("philly-2017-jobs/philly.csv.gz")</c>.
/// </summary>
/// <remarks>
/// The full data folder is <c>SUANWANG_PUBLIC_DATA</c>, else the older <c>SUANWANG_DATA_DIR</c>,
/// else <c>../shared/data</c> beside the repository. A variable that is set wins even when its
/// folder does not exist: the data then counts as absent, which is how a run hides it
/// (<c>SUANWANG_PUBLIC_DATA=/nonexistent</c>). Tests that need the full data are marked
/// <see cref="FullDataFactAttribute"/> or <see cref="FullDataTheoryAttribute"/> and are skipped,
/// saying why, when it is absent.
/// </remarks>
public static class TestData
{
    /// <summary>The environment variable naming the full public data folder.</summary>
    public const string PublicDataVariable = "SUANWANG_PUBLIC_DATA";

    /// <summary>Its former name, still read when <see cref="PublicDataVariable"/> is not set.</summary>
    public const string LegacyDataVariable = "SUANWANG_DATA_DIR";

    /// <summary>The repository root (the folder holding Suanwang.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The committed samples: <c>tests/data</c> in the repository.</summary>
    public static string SamplesDirectory { get; } = Path.Combine(RepositoryRoot, "tests", "data");

    /// <summary>Where the full public data was looked for, and whether it is there.</summary>
    public static PublicDataLocation FullData { get; } = PublicDataLocation.Find(Environment.GetEnvironmentVariable, RepositoryRoot);

    /// <summary>True when the full public data folder is present.</summary>
    public static bool HasFullData => FullData.Present;

    /// <summary>The full public data folder, or null when it is absent.</summary>
    public static string? FullDirectory => FullData.Present ? FullData.Directory : null;

    /// <summary>A file of the committed samples, e.g. <c>Sample("philly-2017-jobs/philly.csv.gz")</c>.</summary>
    public static string Sample(string relativePath) => Path.GetFullPath(Path.Combine(SamplesDirectory, relativePath));

    /// <summary>
    /// A file of the full public data. Only tests marked <see cref="FullDataFactAttribute"/> or
    /// <see cref="FullDataTheoryAttribute"/> may call it; elsewhere, with the data absent, it throws
    /// with the reason those tests are skipped for.
    /// </summary>
    public static string Full(string relativePath) =>
        Path.GetFullPath(Path.Combine(FullDirectory ?? throw new InvalidOperationException(FullData.MissingReason), relativePath));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Suanwang.slnx not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>The full public data folder a run uses: where it was looked for, who said so, and whether it is there.</summary>
/// <param name="Directory">The folder (absolute).</param>
/// <param name="ChosenBy">What named it: an environment variable, or the default beside the repository.</param>
/// <param name="Present">True when the folder exists.</param>
public sealed record PublicDataLocation(string Directory, string ChosenBy, bool Present)
{
    /// <summary>What the default location is called in messages.</summary>
    public const string Beside = "../shared/data beside the repository";

    /// <summary>
    /// <see cref="TestData.PublicDataVariable"/>, else <see cref="TestData.LegacyDataVariable"/>, else
    /// <c>../shared/data</c> beside <paramref name="repositoryRoot"/>. An empty variable counts as unset;
    /// a set one is used even when its folder is missing (then the data is absent; no fallback).
    /// </summary>
    public static PublicDataLocation Find(Func<string, string?> environment, string repositoryRoot)
    {
        foreach (string variable in new[] { TestData.PublicDataVariable, TestData.LegacyDataVariable })
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                string named = Path.GetFullPath(value);
                return new PublicDataLocation(named, variable, System.IO.Directory.Exists(named));
            }
        }
        string beside = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "data"));
        return new PublicDataLocation(beside, Beside, System.IO.Directory.Exists(beside));
    }

    /// <summary>Why a full-data check cannot run, and what to do about it (null when the data is present).</summary>
    public string? MissingReason => Present
        ? null
        : $"full public data not found at {Directory} ({ChosenBy}); set {TestData.PublicDataVariable}=DIR or put it at ../shared/data to run this check";
}
