using Suanwang.Networks;

namespace Suanwang.Broker.Tests.Support;

/// <summary>
/// The default network with every local center exposing one folder read-write to its jobs (engine setting
/// <c>exposeWritable</c>): local centers run jobs in a sandbox, so a gate or marker file a test keeps elsewhere is out
/// of their sight.
/// </summary>
public static class ExposingNetwork
{
    /// <summary>Writes the network into <paramref name="folder"/> (a <see cref="Suanwang.Testing.SharedFolder"/>) and returns its path, for <c>--network</c>.</summary>
    public static string Write(string folder)
    {
        const string Engine = "engine: { ";
        string text = BundledNetworks.ReadText(BundledNetworks.DefaultName);
        int centers = text.Split(Engine).Length - 1;
        if (centers == 0) throw new InvalidOperationException($"the {BundledNetworks.DefaultName} network no longer writes its local centers' settings as '{Engine}…'");
        string path = Path.Combine(folder, "network.yaml");
        File.WriteAllText(path, text.Replace(Engine, $"{Engine}exposeWritable: \"{folder}\", ", StringComparison.Ordinal));
        return path;
    }
}
