using Suanwang.Cli;

return SuanwangCli.Run(args, Console.Out, Console.Error, TimeProvider.System);
