namespace Suanwang.Networks;

/// <summary>How to load a network file.</summary>
/// <param name="DataDirectory">
/// Folder that relative <c>file:</c> paths of series are resolved against when they are not next
/// to the network file (e.g. the shared data folder holding <c>greendcc-grid-signals/</c>).
/// The caller decides it (the CLI: <c>--data-dir</c> or <c>SUANWANG_DATA_DIR</c>); the loader
/// never reads the environment. Null = only the network file's own folder is searched.
/// </param>
public sealed record NetworkLoadOptions(string? DataDirectory = null)
{
    /// <summary>No data directory.</summary>
    public static NetworkLoadOptions Default { get; } = new();
}
