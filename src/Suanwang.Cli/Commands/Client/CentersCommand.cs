using System.CommandLine;
using Spectre.Console;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Model.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang centers</c>: the network's centers with their live state, and the admin verbs that change them.</summary>
public static class CentersCommand
{
    /// <summary>Builds the command with its subcommands.</summary>
    public static Command Create(CliEnvironment env)
    {
        var options = new ClientOptions("Print the centers as JSON, with their pools and engine reports.");
        var command = new Command("centers", "List the centers with their live state: availability, load, running and queued jobs, price of an accelerator-hour now, PUE, grid carbon and renewable share now.");
        command.WithExamples("suanwang centers", "suanwang centers show qingyang", "suanwang centers drain qingyang");
        options.AddTo(command);
        command.WithClientAction(env, options, async (session, _, cancellationToken) =>
        {
            var centers = await session.Client.ListCentersAsync(cancellationToken);
            if (session.Json)
            {
                session.WriteJson(centers);
                return ExitCodes.Success;
            }
            var table = ClientText.Table("id", "name", "region", "backend", "availability", "load %>", "running>", "queued>", "¥/acc-h>", "PUE>", "gCO₂/kWh>", "renewable %>");
            foreach (var c in centers)
                table.AddRow(TerminalText.Markup(c.Id), TerminalText.Markup(c.NameZh is { Length: > 0 } zh ? $"{c.Name} {zh}" : c.Name), TerminalText.Markup(c.RegionId), TerminalText.Markup(c.Backend),
                    Availability(c.Availability), ClientText.Percent(c.Load), Count(c.Running), Count(c.Queued), Formats.Number(c.PerAcceleratorHourYuan, "0.00"),
                    Formats.Number(c.Pue, "0.00"), Formats.Number(c.CarbonGramsPerKwh, "0"), ClientText.Percent(c.RenewableShare));
            if (centers.Count == 0) env.Out.WriteLine("No centers are registered.");
            else session.Console().Write(table);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(Show(env));
        command.Subcommands.Add(Register(env));
        command.Subcommands.Add(Change(env, "drain", "Drain a center (admin): it finishes the work it has and is given no new work. Draining a draining center does nothing.",
            (s, id, ct) => s.Client.DrainCenterAsync(id, ct), "draining"));
        command.Subcommands.Add(Change(env, "resume", "Undo a drain (admin): the center takes new work again.",
            (s, id, ct) => s.Client.ResumeCenterAsync(id, ct), "resumed"));
        command.Subcommands.Add(Remove(env));
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The center's id." };
        var options = new ClientOptions("Print the center as JSON.");
        var command = new Command("show", "Show one center: its live state, its node pools and what its engine last reported.") { id };
        command.WithExamples("suanwang centers show qingyang");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var c = await session.Client.GetCenterAsync(result.GetValue(id)!, cancellationToken);
            if (session.Json)
            {
                session.WriteJson(c);
                return ExitCodes.Success;
            }
            var console = session.Console();
            console.MarkupLine($"[bold]{TerminalText.Markup(c.Id)}[/] · {TerminalText.Markup(c.Name)}{(c.NameZh is { Length: > 0 } zh ? " " + TerminalText.Markup(zh) : "")} · region {TerminalText.Markup(c.RegionId)} · {TerminalText.Markup(c.Backend)} · {Availability(c.Availability)}");
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("load", $"{ClientText.Percent(c.Load)}% ({Formats.Number(c.AcceleratorsInUse)} of {Formats.Count(c.Accelerators, "accelerator")}, {Formats.Number(c.CpusInUse)} of {Formats.Count(c.Cpus, "CPU core")} in use)");
            grid.AddRow("jobs", $"{c.Running} running, {c.Queued} queued");
            grid.AddRow("price now", TerminalText.Markup($"{Formats.Money(c.PerAcceleratorHourYuan)} per accelerator-hour, {Formats.Money(c.PerCpuHourYuan)} per core-hour"));
            grid.AddRow("energy now", TerminalText.Markup($"PUE {Formats.Number(c.Pue, "0.00")}, {Formats.Number(c.CarbonGramsPerKwh, "0")} gCO₂/kWh, {ClientText.Percent(c.RenewableShare)}% renewable"));
            grid.AddRow("location", TerminalText.Markup($"{Formats.Number(c.Latitude, "0.##")}°N {Formats.Number(c.Longitude, "0.##")}°E"));
            grid.AddRow("engine", c.Engine is { } e
                ? TerminalText.Markup($"{(e.Reachable ? "reachable" : "unreachable")}: {e.Running} running, {e.Pending} pending of {Formats.Count(e.SlotsTotal, "slot")} (reported {session.Time(e.ReportedAt)}){(e.Access is { } access ? $"; {access}" : "")}")
                : "no report yet");
            console.Write(grid);
            console.WriteLine();
            var pools = ClientText.Table("pool", "model", "nodes>", "accelerators/node>", "CPU cores/node>", "memory GiB/node>");
            foreach (var p in c.Pools)
                ClientText.Row(pools, p.Id, p.AcceleratorModelId, Count(p.Nodes), Count(p.AcceleratorsPerNode), Count(p.CpusPerNode), Formats.Number(p.MemoryGiBPerNode, "0"));
            console.Write(pools);
            return ExitCodes.Success;
        });
    }

    private static Command Register(CliEnvironment env)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "One center in network-file format (YAML or JSON): the mapping that would sit under centers: in a network file, with its id." };
        var options = new ClientOptions("Print the center as JSON, as the broker now shows it.");
        var command = new Command("register", "Register a center, or replace the one with the same id (admin). The file is sent as it is; the broker validates it against its network and lists every problem.") { file };
        command.WithExamples("suanwang centers register lanzhou.yaml");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            string text = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            string id = CenterId(text, path.Name);
            var center = await session.Client.PutCenterAsync(id, text, cancellationToken);
            if (session.Json)
            {
                if (center is not null) session.WriteJson(center);
            }
            else env.Out.WriteLine($"registered center {TerminalText.Escape(id)}");
            return ExitCodes.Success;
        });
    }

    private static Command Change(CliEnvironment env, string verb, string description,
        Func<ClientSession, string, CancellationToken, Task<CenterView?>> change, string done)
    {
        var id = new Argument<string>("ID") { Description = "The center's id." };
        var options = new ClientOptions("Print the center as JSON, as the broker now shows it.");
        var command = new Command(verb, $"{description}") { id };
        command.WithExamples($"suanwang centers {verb} qingyang");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string centerId = result.GetValue(id)!;
            var center = await change(session, centerId, cancellationToken);
            if (session.Json)
            {
                if (center is not null) session.WriteJson(center);
            }
            else env.Out.WriteLine(TerminalText.Escape(center is null ? $"{centerId}: {done}" : $"{centerId}: {done} ({center.Availability}; {center.Running} running, {center.Queued} queued)"));
            return ExitCodes.Success;
        });
    }

    private static Command Remove(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The center's id." };
        var options = new ClientOptions("Print nothing on success (the broker answers without a body).");
        var command = new Command("remove", "Remove a center (admin). Drain it first so that its work can finish.") { id };
        command.WithExamples("suanwang centers remove lanzhou");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string centerId = result.GetValue(id)!;
            await session.Client.DeleteCenterAsync(centerId, cancellationToken);
            if (!session.Json) env.Out.WriteLine($"removed center {TerminalText.Escape(centerId)}");
            return ExitCodes.Success;
        });
    }

    /// <summary>The <c>id:</c> of the one center in <paramref name="text"/> (YAML, or JSON, which YAML reads too).</summary>
    internal static string CenterId(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new SpecException(fileName, [new SpecError($"line {e.Start.Line}", e.Message)]);
        }
        if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("id"), out var node) && node is YamlScalarNode { Value: { Length: > 0 } id })
            return id;
        throw new SpecException(fileName, [new SpecError("id", "expected one center: a mapping with its id (as under centers: in a network file)")]);
    }

    private static string Availability(CenterAvailability availability) => availability switch
    {
        CenterAvailability.Up => "[green]Up[/]",
        CenterAvailability.Degraded => "[yellow]Degraded[/]",
        CenterAvailability.Down => "[red]Down[/]",
        _ => availability.ToString(),
    };

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
