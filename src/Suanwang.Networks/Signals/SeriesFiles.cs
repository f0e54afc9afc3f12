using Suanwang.Model.Errors;
using Suanwang.Model.Paths;

namespace Suanwang.Networks.Signals;

/// <summary>A series file one load read: its bytes go into the network's revision.</summary>
internal sealed record LoadedSeriesFile(string FullPath, byte[] Bytes, GreenDccTable Table);

/// <summary>
/// Finds, reads and caches the series files of one load. A relative path is looked up next to the network file
/// first, then in the public data folder, then in each further series folder; each file is read once and
/// remembered in first-use order so the revision hash covers exactly the inputs used.
/// </summary>
/// <remarks>
/// Only files whose real path (every symbolic link resolved) lies inside one of those folders are read: a network
/// description may come from someone who must not read the host's files through it (the broker's admin API), so
/// <c>/etc/shadow</c>, <c>../../etc/shadow</c> and a link inside a folder pointing out of it are refused unread,
/// and no message ever quotes a file's contents.
/// </remarks>
internal sealed class SeriesFiles
{
    private readonly List<LoadedSeriesFile> _loaded = new();
    private readonly Dictionary<string, LoadedSeriesFile> _byPath = new(StringComparer.Ordinal);
    private readonly string? _publicData;
    private readonly List<string> _searched; // folders relative paths are looked up in, in order
    private readonly List<string> _allowed;  // the same folders' real paths

    public SeriesFiles(string? networkDirectory, string? publicData, IReadOnlyList<string> moreDirectories)
    {
        _publicData = publicData;
        _searched = new[] { networkDirectory, publicData }.Concat(moreDirectories)
            .Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => Path.GetFullPath(d!)).Distinct(StringComparer.Ordinal).ToList();
        _allowed = _searched.Select(RealPath.Resolve).Distinct(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<LoadedSeriesFile> Loaded => _loaded;

    /// <summary>Reads the file, or returns null and an error message that says where it looked or why it may not be read.</summary>
    public LoadedSeriesFile? TryLoad(string fileAsWritten, out string? error)
    {
        error = null;
        List<string> candidates;
        try
        {
            candidates = Candidates(fileAsWritten);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"'{fileAsWritten}' is not a usable file path";
            return null;
        }
        // Refused before asking whether it exists: whether a file outside the folders exists is not the caller's to learn.
        var inside = candidates.Where(c => _searched.Any(folder => RealPath.IsInside(c, folder))).ToList();
        if (inside.Count == 0 && candidates.Count > 0)
        {
            error = Outside(fileAsWritten, link: false);
            return null;
        }
        string? found = inside.FirstOrDefault(File.Exists);
        if (found is null)
        {
            error = candidates.Count == 0
                ? $"series file '{fileAsWritten}' not found: it is a relative path and there is no network folder or public data folder to look in (the CLI takes --public-data DIR or SUANWANG_PUBLIC_DATA)"
                : $"series file '{fileAsWritten}' not found; looked in: {string.Join(", ", inside)}"
                  + (_publicData is null ? " (no public data folder was given; the CLI takes --public-data DIR or SUANWANG_PUBLIC_DATA)" : "");
            return null;
        }
        string real;
        try
        {
            real = RealPath.Resolve(found);
        }
        catch (IOException)
        {
            error = $"series file '{fileAsWritten}' is a loop of symbolic links";
            return null;
        }
        if (!_allowed.Any(folder => RealPath.IsInside(real, folder)))
        {
            error = Outside(fileAsWritten, link: true);
            return null;
        }
        if (_byPath.TryGetValue(real, out var cached)) return cached;
        if (Suanwang.Model.Files.StoreFileGuard.IsStore(real))
        {
            error = $"series file '{fileAsWritten}' cannot be read: it is the broker's store";
            return null;
        }

        byte[] bytes;
        try
        {
            // The resolved path is the one checked, so it is the one read.
            bytes = File.ReadAllBytes(real);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"series file '{found}' cannot be read ({(e is UnauthorizedAccessException ? "permission denied" : "I/O error")})";
            return null;
        }
        GreenDccTable table;
        try
        {
            table = GreenDccCsv.Parse(bytes, fileAsWritten);
        }
        catch (SpecException e)
        {
            error = $"series file '{found}' is not a valid GreenDCC file: " + string.Join("; ", e.Errors);
            return null;
        }
        var loaded = new LoadedSeriesFile(found, bytes, table);
        _loaded.Add(loaded);
        _byPath[real] = loaded;
        return loaded;
    }

    private string Outside(string fileAsWritten, bool link) =>
        $"series file '{fileAsWritten}' {(link ? "leads through a symbolic link to a file" : "is")} outside the folders series files are read from: "
        + (_searched.Count == 0
            ? "none was given (the network file's own folder, the public data folder: --public-data DIR or SUANWANG_PUBLIC_DATA)"
            : string.Join(", ", _searched) + " (the network file's own folder, the public data folder and the broker's --series-dir folders)");

    private List<string> Candidates(string file)
    {
        if (file.Contains('\0')) throw new ArgumentException("NUL in path");
        if (Path.IsPathRooted(file)) return new List<string> { Path.GetFullPath(file) };
        return _searched.Select(folder => Path.GetFullPath(Path.Combine(folder, file))).ToList();
    }
}
