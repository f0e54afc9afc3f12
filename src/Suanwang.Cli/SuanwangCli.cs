using System.CommandLine;
using Suanwang.Cli.Commands;

namespace Suanwang.Cli;

/// <summary>The <c>suanwang</c> command line.</summary>
public static class SuanwangCli
{
    /// <summary>The root command with every verb.</summary>
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "Suanwang (算网) schedules jobs across a computing power network: GPU clusters, supercomputers and CPU clouds far apart, " +
            "joined by fast links. It picks the center and hour that serve each job best — weighing data transfer, queue wait, " +
            "accelerator speed, price, energy and carbon, data residency and fair access for small users — and explains every decision.\n\n" +
            "Start here:\n" +
            "  suanwang place examples/jobs/finetune-7b.yaml               where would this job go, and why?\n" +
            "  suanwang simulate --trace philly.csv.gz --out results/      replay a real trace with every policy\n" +
            "  suanwang networks                                           the bundled networks\n\n" +
            "Exit codes: 0 done, 1 failure, 2 invalid input (nothing was done), 3 no center can take the job.");
        root.Subcommands.Add(PlaceCommand.Create(env));
        root.Subcommands.Add(SimulateCommand.Create(env));
        root.Subcommands.Add(NetworksCommand.Create(env));
        root.Subcommands.Add(BenchCommand.Create(env));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider clock, TextReader? input = null)
    {
        var env = new CliEnvironment(input ?? Console.In, output, error, clock, Environment.GetEnvironmentVariable);
        var root = Build(env);
        // Help written anywhere but a terminal does not depend on the width of the terminal running it.
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
            foreach (var option in root.Options)
                if (option is System.CommandLine.Help.HelpOption { Action: System.CommandLine.Help.HelpAction help }) help.MaxWidth = CliEnvironment.RedirectedWidth;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run 'suanwang --help' or 'suanwang COMMAND --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
