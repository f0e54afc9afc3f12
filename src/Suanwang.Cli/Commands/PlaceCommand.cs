using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Suanwang.Broker;
using Suanwang.Cli.Output;
using Suanwang.Model.Errors;
using Suanwang.Placement;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Specs;

namespace Suanwang.Cli.Commands;

/// <summary><c>suanwang place JOBSPEC --network NET</c>: where would this job go, and why.</summary>
public static class PlaceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var spec = new Argument<FileInfo>("JOBSPEC") { Description = "The job: a native spec (YAML or JSON) or an unchanged #SBATCH batch script. '-' reads standard input." };
        var network = CommonOptions.Network();
        var at = new Option<string?>("--at") { Description = "Decide as if it were this time (ISO 8601, e.g. 2026-12-01T09:00+08:00). Default: now.", HelpName = "TIME" };
        var policy = new Option<string>("--policy") { Description = $"Placement policy: {string.Join(", ", PolicyCatalog.Names)}; suanwang takes weights by objective name, e.g. suanwang:cost=1,carbon=0.5.", DefaultValueFactory = _ => "suanwang", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print the decision and its explanation as JSON." };
        var offset = new Option<double>("--utc-offset") { Description = "Hours from UTC to show times in (China: 8).", DefaultValueFactory = _ => 8, HelpName = "HOURS" };
        var publicData = CommonOptions.PublicData();
        var command = new Command("place", "Ask where a job would run and why, without submitting it: the chosen center and start, predicted finish, cost, energy and carbon, and every candidate center with the filter or score that lost it.")
        {
            spec, network, at, policy, json, offset, publicData.Option, publicData.DeprecatedOption,
        };
        command.SetAction(result => CommandRunner.Run(env, () =>
        {
            var definition = NetworkResolver.Load(result.GetValue(network)!, publicData, result, env);
            var compiled = new CompiledNetwork(definition);
            var chosenPolicy = PolicyCatalog.Create(result.GetValue(policy)!);
            var now = ParseTime(result.GetValue(at)) ?? env.Clock.GetUtcNow();
            var file = result.GetValue(spec)!;
            string text = file.Name == "-" ? env.In.ReadToEnd() : File.ReadAllText(file.FullName);
            var context = new JobSpecContext(Path.GetFileNameWithoutExtension(file.Name) is { Length: > 0 } n ? n : "job", now, "default", "sme")
            {
                IsKnownRegion = id => compiled.RegionIndex.ContainsKey(id),
                IsKnownCenter = id => compiled.CenterIndex.ContainsKey(id),
                AcceleratorCatalog = definition.Catalog,
            };
            var jobs = JobSpecReader.Read(text, file.Name, context);
            var engine = new PlacementEngine();
            var snapshot = new NetworkSnapshot(compiled);
            var decisions = jobs.Select((job, i) => engine.Decide(snapshot, job, i, chosenPolicy, now)).ToList();
            var utcOffset = TimeSpan.FromHours(result.GetValue(offset));
            if (result.GetValue(json))
            {
                env.Out.WriteLine(decisions.Count == 1
                    ? JsonSerializer.Serialize(decisions[0], Formats.Json)
                    : JsonSerializer.Serialize(decisions, Formats.Json));
            }
            else
            {
                var console = env.Console(colours: true);
                foreach (var decision in decisions)
                {
                    DecisionRenderer.Render(console, DecisionViews.From(decision), NetworkResolver.DisplayName(result.GetValue(network)!), utcOffset);
                    console.WriteLine();
                }
            }
            return decisions.All(d => d.IsPlaced) ? ExitCodes.Success : ExitCodes.Unplaceable;
        }));
        return command;
    }

    private static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new SpecException("--at", [new SpecError("--at", $"'{text}' is not a time; use ISO 8601, e.g. 2026-12-01T09:00+08:00")]);
    }
}
