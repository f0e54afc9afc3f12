using System.CommandLine;
using Suanwang.Bench.Commands;
using Suanwang.Cli.Commands;
using Suanwang.Cli.Commands.Client;

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
            "With a broker (--broker URL, $SUANWANG_BROKER or the config file; default http://127.0.0.1:8080):\n" +
            "  suanwang submit examples/jobs/finetune-7b.yaml --wait       submit a job and follow it to the end\n" +
            "  suanwang jobs                                               your jobs; 'job ID', 'explain ID', 'logs ID' for one\n" +
            "  suanwang centers                                            the centers, their load, price and carbon now\n\n" +
            ExitCodes.Help);
        root.Subcommands.Add(PlaceCommand.Create(env));
        root.Subcommands.Add(SimulateCommand.Create(env));
        root.Subcommands.Add(NetworksCommand.Create(env));
        root.Subcommands.Add(BenchCommand.Create(env));
        root.Subcommands.Add(LoadCommand.Create(env));
        root.Subcommands.Add(ServeCommand.Create(env));
        root.Subcommands.Add(SubmitCommand.Create(env));
        root.Subcommands.Add(JobsCommand.Create(env));
        root.Subcommands.Add(JobCommand.Create(env));
        root.Subcommands.Add(ExplainCommand.Create(env));
        root.Subcommands.Add(CancelCommand.Create(env));
        root.Subcommands.Add(LogsCommand.Create(env));
        root.Subcommands.Add(CentersCommand.Create(env));
        root.Subcommands.Add(UsageCommand.Create(env));
        root.Subcommands.Add(TenantsCommand.Create(env));
        root.Subcommands.Add(TokensCommand.Create(env));
        var help = HelpExamples.Install(root);
        // Help written anywhere but a terminal does not depend on the width of the terminal running it.
        if (help is not null && !env.IsTerminal) help.MaxWidth = CliEnvironment.RedirectedWidth;
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/> against the real environment variables.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider clock, TextReader? input = null) =>
        Run(args, new CliEnvironment(input ?? Console.In, output, error, clock, Environment.GetEnvironmentVariable));

    /// <summary>Parses and runs <paramref name="args"/> in <paramref name="env"/> (tests inject the environment, the clock and a fake broker here).</summary>
    public static int Run(string[] args, CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var parsed = Build(env).Parse(args);
        if (parsed.Errors.Count > 0 && !HelpExamples.IsHelp(parsed.Action))
        {
            foreach (var e in parsed.Errors) env.Error.WriteLine($"error: {Output.TerminalText.Escape(e.Message)}");
            env.Error.WriteLine("Run 'suanwang --help' or 'suanwang COMMAND --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = env.Out, Error = env.Error });
    }
}
