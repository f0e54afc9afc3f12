namespace Suanwang.Networks;

/// <summary>How to load a network file.</summary>
/// <param name="PublicData">
/// The public data folder: relative <c>file:</c> paths of series are resolved against it when they
/// are not next to the network file (e.g. the shared folder holding <c>greendcc-grid-signals/</c>).
/// The caller decides it (the CLI: <c>--public-data</c> or <c>SUANWANG_PUBLIC_DATA</c>); the loader
/// never reads the environment. Null = only the network file's own folder is searched.
/// </param>
public sealed record NetworkLoadOptions(string? PublicData = null)
{
    /// <summary>No public data folder.</summary>
    public static NetworkLoadOptions Default { get; } = new();
}
