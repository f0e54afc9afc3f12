using System.CommandLine;
using Spectre.Console;
using Suanwang.Cli.Output;
using Suanwang.Networks;

namespace Suanwang.Cli.Commands;

/// <summary><c>suanwang networks</c>: the bundled networks.</summary>
public static class NetworksCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("networks", "List the bundled networks that --network accepts by name.");
        command.SetAction(_ => CommandRunner.Run(env, () =>
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("name").AddColumn($"needs {PublicDataOption.Name}").AddColumn("description");
            foreach (var info in BundledNetworks.Describe())
                table.AddRow(TerminalText.Markup(info.Name), info.NeedsPublicData ? "yes" : "no", TerminalText.Markup(info.Description));
            env.Console(colours: true).Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }
}
