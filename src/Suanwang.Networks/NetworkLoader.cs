using System.Security.Cryptography;
using System.Text;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Networks.Format;
using Suanwang.Networks.Signals;
using Suanwang.Networks.Validation;

namespace Suanwang.Networks;

/// <summary>
/// Loads a network description (YAML, see docs/networks.md) into a validated, immutable
/// <see cref="NetworkDefinition"/>. Pure apart from reading the network file and the series
/// files it names (only from the network file's folder, the public data folder and
/// <see cref="NetworkLoadOptions.SeriesDirectories"/>): no clock, no environment variables.
/// </summary>
public static class NetworkLoader
{
    /// <summary>
    /// Loads a network from a file path, or, when no such file exists, from the bundled network of
    /// that name (<c>china-hubs</c> or <c>china-hubs.yaml</c>; see <see cref="BundledNetworks.Names"/>).
    /// </summary>
    /// <exception cref="SpecException">
    /// The file is missing or unreadable, or the network is invalid: lists every error found, each
    /// located by field path (with ids) and line, e.g. <c>centers[3](qingyang).energy.pue (line 57)</c>.
    /// </exception>
    public static NetworkDefinition Load(string fileOrBundledName, NetworkLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(fileOrBundledName);
        ArgumentNullException.ThrowIfNull(options);
        if (File.Exists(fileOrBundledName))
        {
            byte[] bytes;
            try
            {
                Suanwang.Model.Files.StoreFileGuard.ThrowIfStore(fileOrBundledName);
                bytes = File.ReadAllBytes(fileOrBundledName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Single(fileOrBundledName, $"cannot read the file: {e.Message}");
            }
            string folder = Path.GetDirectoryName(Path.GetFullPath(fileOrBundledName))!;
            return LoadBytes(bytes, fileOrBundledName, folder, options);
        }
        if (BundledNetworks.TryReadBytes(fileOrBundledName, out var bundled))
            return LoadBytes(bundled, BundledNetworks.Normalise(fileOrBundledName) + " (bundled)", networkDirectory: null, options);

        throw Single(fileOrBundledName,
            Directory.Exists(fileOrBundledName)
                ? "is a folder; give a network file (.yaml)"
                : $"no such file, and no bundled network of that name (bundled: {string.Join(", ", BundledNetworks.Names)})");
    }

    /// <summary>
    /// Loads a network from YAML text. Relative series <c>file:</c> paths resolve against
    /// <see cref="NetworkLoadOptions.PublicData"/>, then <see cref="NetworkLoadOptions.SeriesDirectories"/>;
    /// series files outside those folders are refused unread. The revision hashes the UTF-8 bytes of
    /// <paramref name="yaml"/> and of every series file read.
    /// </summary>
    /// <param name="yaml">The network description.</param>
    /// <param name="sourceName">Name used in error messages (<see cref="SpecException.What"/>).</param>
    /// <param name="options">Where series files live.</param>
    /// <param name="networkDirectory">
    /// The folder of the file the text came from, when it came from one (the broker started with <c>--network FILE</c>):
    /// relative series paths are looked up there first, as <see cref="Load"/> does, and it is one of the folders
    /// series files may be read from.
    /// </param>
    /// <exception cref="SpecException">The network is invalid; lists every error found.</exception>
    public static NetworkDefinition LoadFromText(string yaml, string sourceName, NetworkLoadOptions options, string? networkDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(options);
        return Parse(Encoding.UTF8.GetBytes(yaml), yaml, sourceName, networkDirectory, options);
    }

    private static NetworkDefinition LoadBytes(byte[] bytes, string sourceName, string? networkDirectory, NetworkLoadOptions options)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Single(sourceName, "is not UTF-8 text");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return Parse(bytes, text, sourceName, networkDirectory, options);
    }

    private static NetworkDefinition Parse(byte[] bytes, string text, string sourceName, string? networkDirectory, NetworkLoadOptions options)
    {
        YNode? root;
        try
        {
            root = YamlTree.Parse(text);
        }
        catch (YamlTreeException e)
        {
            throw new SpecException(sourceName, new[] { new SpecError($"line {e.Line}, column {e.Column}", e.Message) });
        }

        var errors = new ErrorList();
        var files = new SeriesFiles(networkDirectory, options.PublicData, options.SeriesDirectories);
        var network = new NetworkFileReader(new SignalReader(files)).Read(root, errors);

        // Semantic rules run on the model; a rule broken only because a field could not be read
        // (and was already reported) is not reported twice.
        foreach (var (path, message) in NetworkValidator.Check(network))
        {
            if (!errors.HasErrorAtOrAbove(path)) errors.Add(path, message);
        }
        if (errors.Count > 0) throw new SpecException(sourceName, errors.ToSpecErrors());

        return network with { Revision = Revision(bytes, files.Loaded) };
    }

    /// <summary>Hex SHA-256 of the network file's bytes followed by each series file's bytes, in first-use order.</summary>
    private static string Revision(byte[] networkBytes, IReadOnlyList<LoadedSeriesFile> series)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(networkBytes);
        foreach (var file in series) hash.AppendData(file.Bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static SpecException Single(string what, string message) =>
        new(what, new[] { new SpecError(what, message) });
}
