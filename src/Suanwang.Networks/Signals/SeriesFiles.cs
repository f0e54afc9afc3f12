using Suanwang.Model.Errors;

namespace Suanwang.Networks.Signals;

/// <summary>A series file one load read: its bytes go into the network's revision.</summary>
internal sealed record LoadedSeriesFile(string FullPath, byte[] Bytes, GreenDccTable Table);

/// <summary>
/// Finds, reads and caches the series files of one load. A relative path is looked up next to
/// the network file first, then in the public data folder; each file is read once and remembered in
/// first-use order so the revision hash covers exactly the inputs used.
/// </summary>
internal sealed class SeriesFiles(string? networkDirectory, string? publicData)
{
    private readonly List<LoadedSeriesFile> _loaded = new();
    private readonly Dictionary<string, LoadedSeriesFile> _byPath = new(StringComparer.Ordinal);

    public IReadOnlyList<LoadedSeriesFile> Loaded => _loaded;

    /// <summary>Reads the file, or returns null and an error message that says where it looked.</summary>
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
            error = $"'{fileAsWritten}' is not a usable file path: {e.Message}";
            return null;
        }
        string? found = candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            error = candidates.Count == 0
                ? $"series file '{fileAsWritten}' not found: it is a relative path and there is no network folder or public data folder to look in (the CLI takes --public-data DIR or SUANWANG_PUBLIC_DATA)"
                : $"series file '{fileAsWritten}' not found; looked in: {string.Join(", ", candidates)}"
                  + (publicData is null ? " (no public data folder was given; the CLI takes --public-data DIR or SUANWANG_PUBLIC_DATA)" : "");
            return null;
        }
        if (_byPath.TryGetValue(found, out var cached)) return cached;
        if (Suanwang.Model.Files.StoreFileGuard.IsStore(found))
        {
            error = $"series file '{found}' cannot be read: it is the broker's store";
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(found);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"series file '{found}' cannot be read: {e.Message}";
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
        _byPath[found] = loaded;
        return loaded;
    }

    private List<string> Candidates(string file)
    {
        if (Path.IsPathRooted(file)) return new List<string> { Path.GetFullPath(file) };
        var list = new List<string>();
        if (networkDirectory is not null) list.Add(Path.GetFullPath(Path.Combine(networkDirectory, file)));
        if (publicData is not null) list.Add(Path.GetFullPath(Path.Combine(publicData, file)));
        return list;
    }
}
