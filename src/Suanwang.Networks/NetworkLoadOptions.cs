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

    /// <summary>
    /// More folders series files may be read from, searched for relative paths after the network file's folder
    /// and <see cref="PublicData"/> (the broker: the folder of the network file it was started with, and each
    /// <c>serve --series-dir</c>). A series file is read only when its real path (symbolic links resolved) lies
    /// inside the network file's folder, <see cref="PublicData"/> or one of these; any other is refused unread.
    /// </summary>
    public IReadOnlyList<string> SeriesDirectories { get; init; } = [];
}
