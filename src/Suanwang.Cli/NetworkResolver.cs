using System.CommandLine;
using Suanwang.Cli.Commands;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Networks;

namespace Suanwang.Cli;

/// <summary>Loads the network named by <c>--network</c>: a file path or the name of a bundled network.</summary>
public static class NetworkResolver
{
    /// <summary>
    /// Loads <paramref name="fileOrName"/>, resolving series files against the public data folder the command line or
    /// environment names (<see cref="PublicDataOption"/>). The old <c>$SUANWANG_DATA_DIR</c> is tried only when the
    /// network cannot be loaded without it, and then warned of: a variable left in a profile says nothing while the
    /// networks in use do not need it.
    /// </summary>
    public static NetworkDefinition Load(string fileOrName, PublicDataOption publicData, ParseResult result, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(publicData);
        if (publicData.Given(result, env) is { } folder) return Load(fileOrName, folder);
        if (PublicDataOption.DeprecatedVariableValue(env) is not { } old) return Load(fileOrName, null);
        try
        {
            return Load(fileOrName, null);
        }
        catch (SpecException)
        {
            PublicDataOption.WarnOfDeprecatedVariable(env);
            return Load(fileOrName, old);
        }
    }

    /// <summary>Loads <paramref name="fileOrName"/>, resolving series files against <paramref name="publicData"/>.</summary>
    public static NetworkDefinition Load(string fileOrName, string? publicData) =>
        NetworkLoader.Load(fileOrName, new NetworkLoadOptions(publicData));

    /// <summary>The name to show for a network argument: the bundled name, or the file name.</summary>
    public static string DisplayName(string fileOrName) =>
        File.Exists(fileOrName) ? Path.GetFileName(fileOrName) : fileOrName;
}
