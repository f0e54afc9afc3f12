using Suanwang.Model.Network;
using Suanwang.Networks;

namespace Suanwang.Cli;

/// <summary>Loads the network named by <c>--network</c>: a file path or the name of a bundled network.</summary>
public static class NetworkResolver
{
    /// <summary>The environment variable naming the data directory (hourly grid series and traces).</summary>
    public const string DataDirectoryVariable = "SUANWANG_DATA_DIR";

    /// <summary>Loads <paramref name="fileOrName"/>, resolving series files against <paramref name="dataDirectory"/> or the environment.</summary>
    public static NetworkDefinition Load(string fileOrName, string? dataDirectory, CliEnvironment environment) =>
        NetworkLoader.Load(fileOrName, new NetworkLoadOptions(dataDirectory ?? environment.GetEnvironmentVariable(DataDirectoryVariable)));

    /// <summary>The name to show for a network argument: the bundled name, or the file name.</summary>
    public static string DisplayName(string fileOrName) =>
        File.Exists(fileOrName) ? Path.GetFileName(fileOrName) : fileOrName;
}
