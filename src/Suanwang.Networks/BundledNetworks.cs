using System.Reflection;
using System.Text;
using Suanwang.Networks.Format;

namespace Suanwang.Networks;

/// <summary>A network shipped inside this assembly.</summary>
/// <param name="Name">Name to pass to <see cref="NetworkLoader.Load"/>, e.g. <c>china-hubs</c>.</param>
/// <param name="Id">The network's <c>id</c> field.</param>
/// <param name="Description">The network's <c>description</c> field.</param>
/// <param name="NeedsPublicData">True when it reads series files, so loading it needs <see cref="NetworkLoadOptions.PublicData"/>.</param>
public sealed record BundledNetworkInfo(string Name, string Id, string Description, bool NeedsPublicData);

/// <summary>
/// The networks bundled with Suanwang (the repository's <c>networks/*.yaml</c>, embedded as resources).
/// </summary>
public static class BundledNetworks
{
    private const string ResourcePrefix = "Suanwang.Networks.Bundled.";
    private const string Extension = ".yaml";

    private static Assembly Assembly => typeof(BundledNetworks).Assembly;

    /// <summary>Names of the bundled networks, sorted (e.g. <c>china-hubs</c>, <c>greendcc-zones</c>).</summary>
    public static IReadOnlyList<string> Names { get; } =
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(Extension, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^Extension.Length])
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The default network for a broker or simulator started without one.</summary>
    public const string DefaultName = "china-hubs";

    /// <summary>True if <paramref name="name"/> (with or without <c>.yaml</c>) is bundled.</summary>
    public static bool Contains(string name) => Names.Contains(Normalise(name), StringComparer.Ordinal);

    /// <summary>The YAML text of a bundled network.</summary>
    /// <exception cref="ArgumentException">No bundled network has that name.</exception>
    public static string ReadText(string name)
    {
        if (!TryReadBytes(name, out var bytes))
            throw new ArgumentException($"no bundled network '{name}' (bundled: {string.Join(", ", Names)})", nameof(name));
        return Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary>Name, id, description and whether a data directory is needed, for each bundled network.</summary>
    public static IReadOnlyList<BundledNetworkInfo> Describe() =>
        Names.Select(name =>
        {
            var root = YamlTree.Parse(ReadText(name)) as YMapping;
            string Field(string key) => root?.Entries.FirstOrDefault(e => e.Key.Value == key).Value is YScalar s ? s.Value.Trim() : "";
            return new BundledNetworkInfo(name, Field("id"), Field("description"), root is not null && HasKey(root, "file", new HashSet<YNode>()));
        }).ToArray();

    internal static string Normalise(string name) =>
        name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name[..^Extension.Length] : name;

    internal static bool TryReadBytes(string name, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (!Contains(name)) return false;
        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + Normalise(name) + Extension);
        if (stream is null) return false;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        bytes = buffer.ToArray();
        return true;
    }

    private static bool HasKey(YNode node, string key, HashSet<YNode> seen)
    {
        if (!seen.Add(node)) return false; // aliases share nodes; visit each once
        return node switch
        {
            YMapping m => m.Entries.Any(e => e.Key.Value == key || HasKey(e.Value, key, seen)),
            YSequence s => s.Items.Any(i => HasKey(i, key, seen)),
            _ => false,
        };
    }
}
