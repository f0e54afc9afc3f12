using System.CommandLine;
using Suanwang.Networks;

namespace Suanwang.Cli.Commands;

/// <summary>Options several commands share.</summary>
public static class CommonOptions
{
    /// <summary><c>--network</c>: a network file or a bundled network's name.</summary>
    public static Option<string> Network() => new("--network", "-n")
    {
        Description = $"The network: a YAML file, or a bundled network ({string.Join(", ", BundledNetworks.Names)}).",
        DefaultValueFactory = _ => BundledNetworks.DefaultName,
        HelpName = "NAME|FILE",
    };

    /// <summary><c>--data-dir</c>: where hourly grid series and traces live.</summary>
    public static Option<string?> DataDirectory() => new("--data-dir")
    {
        Description = $"Folder with the public data sets a network's series files refer to (default: ${NetworkResolver.DataDirectoryVariable}).",
        HelpName = "DIR",
    };
}
