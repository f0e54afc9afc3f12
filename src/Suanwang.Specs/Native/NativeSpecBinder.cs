using System.Collections.ObjectModel;
using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;
using Suanwang.Specs.Native.Sections;

namespace Suanwang.Specs.Native;

/// <summary>
/// Turns the tree of a native spec into a <see cref="JobRequest"/>: identity, command and environment
/// here, the rest in one section reader each. Reports every error it finds; returns null when any.
/// </summary>
internal static class NativeSpecBinder
{
    private static readonly string[] Kinds = ["batch", "service"];

    public static JobRequest? Bind(YamlValue root, JobSpecContext context, ErrorSink errors)
    {
        if (root is not YamlMapping)
        {
            errors.Add("document", $"a job spec must be a mapping of fields (name: …, command: …), not {root.Describe()}");
            return null;
        }
        SpecObject spec = SpecObject.From(root, "", NativeSpecFields.Root, errors)!;

        _ = spec.Text("$schema"); // Editors' schema hint; carries nothing for the job.
        string name = ReadName(spec) ?? context.JobId;
        JobKind kind = ReadKind(spec);
        IReadOnlyList<string> command = ReadCommand(spec);
        IReadOnlyDictionary<string, string> environment = ReadEnvironment(spec);
        ResourceRequest resources = ResourcesSection.Read(spec, context);
        WorkEstimate work = WorkSection.Read(spec, kind);
        IReadOnlyList<DataInput> inputs = DataSection.ReadInputs(spec, context);
        DataOutput? output = DataSection.ReadOutput(spec, context);
        JobConstraints constraints = ConstraintsSection.Read(spec, kind, context);
        JobPreferences preferences = PreferencesSection.Read(spec);
        string tenant = ReadId(spec, "tenant") ?? context.DefaultTenant;
        string? tierGiven = ReadId(spec, "tier");
        if (tierGiven is not null) KnownIds.Tier(context, tierGiven, "tier", errors);
        string tier = tierGiven ?? context.DefaultTier;
        IReadOnlyList<string> dependsOn = ReadDependencies(spec, context);
        bool requeue = spec.Flag("requeue") ?? true;

        if (errors.HasErrors) return null;
        return new JobRequest(context.JobId, name, kind, command, environment, resources, work, inputs, output,
            constraints, preferences, tenant, tier, dependsOn, ArrayIndex: null, EngineSettings: null) { Requeue = requeue };
    }

    private static string? ReadName(SpecObject spec)
    {
        string? name = spec.Text("name");
        if (name is null) return null;
        if (name.Trim().Length == 0 || name.Length > SpecLimits.MaxNameChars || TextRules.HasControlCharacter(name))
        {
            spec.Errors.Add("name", $"must be 1-{SpecLimits.MaxNameChars} characters without line breaks or other control characters");
            return null;
        }
        return name;
    }

    private static JobKind ReadKind(SpecObject spec)
    {
        string? kind = spec.Text("kind");
        switch (kind)
        {
            case null or "batch":
                return JobKind.Batch;
            case "service":
                return JobKind.Service;
            default:
                spec.Errors.Add("kind", $"must be 'batch' or 'service', not '{TextRules.Shorten(kind, 30)}'{Suggestions.DidYouMean(kind, Kinds)}");
                return JobKind.Batch;
        }
    }

    private static IReadOnlyList<string> ReadCommand(SpecObject spec)
    {
        const string Example = "[\"python3\", \"train.py\"]";
        if (spec.Raw("command") is YamlScalar { IsNull: false })
        {
            // Splitting a string would need a shell's quoting rules, and running it through a shell would
            // make every argument code. A list says exactly what runs.
            spec.Errors.Add("command", $"must be a list of arguments, e.g. command: {Example}; a single string is not split or passed to a shell");
            return [];
        }
        var items = spec.List("command", SpecLimits.MaxCommandArgs, Example, required: true);
        if (items is null) return [];
        if (items.Count == 0)
        {
            spec.Errors.Add("command", $"is empty; give the program and its arguments, e.g. {Example}");
            return [];
        }
        var argv = new List<string>(items.Count);
        foreach (var (value, path) in items)
        {
            string? argument = Values.Text(value, path, spec.Errors, required: true);
            if (argument is null) continue;
            if (argument.Contains('\0'))
                spec.Errors.Add(path, "contains a NUL character, which no program can receive as an argument");
            else
                argv.Add(argument);
        }
        if (argv.Count > 0 && argv[0].Trim().Length == 0)
            spec.Errors.Add("command[0]", "the program to run is blank");
        return argv;
    }

    private static IReadOnlyDictionary<string, string> ReadEnvironment(SpecObject spec)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        YamlMapping? map = spec.Map("env");
        if (map is null) return ReadOnlyDictionary<string, string>.Empty;
        if (map.Entries.Count > SpecLimits.MaxEnvironmentEntries)
        {
            spec.Errors.Add("env", $"has {map.Entries.Count} variables; at most {SpecLimits.MaxEnvironmentEntries} are allowed");
            return ReadOnlyDictionary<string, string>.Empty;
        }
        foreach (var (key, value) in map.Entries)
        {
            string path = $"env.{TextRules.Shorten(key, 40)}";
            if (!TextRules.IsEnvironmentName(key))
            {
                spec.Errors.Add(path, "is not a valid variable name: use letters, digits and '_', not starting with a digit");
                continue;
            }
            // Plain scalars such as 8080 or true are taken as the text written: environment values are strings.
            string? text = value is YamlScalar { IsNull: true } ? "" : Values.Text(value, path, spec.Errors);
            if (text is null) continue;
            if (text.Contains('\0'))
                spec.Errors.Add(path, "contains a NUL character, which no environment variable can hold");
            else
                environment[key] = text;
        }
        return new ReadOnlyDictionary<string, string>(environment);
    }

    private static string? ReadId(SpecObject spec, string field)
    {
        string? id = spec.Text(field);
        if (id is null) return null;
        if (TextRules.IsId(id)) return id;
        spec.Errors.Add(field, TextRules.IdRule(id));
        return null;
    }

    private static IReadOnlyList<string> ReadDependencies(SpecObject spec, JobSpecContext context)
    {
        IReadOnlyList<string> ids = spec.IdList("dependsOn", "[prepare-data]");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            if (ids[i] == context.JobId)
                spec.Errors.Add($"dependsOn[{i}]", "a job cannot depend on itself");
            else if (!seen.Add(ids[i]))
                spec.Errors.Add($"dependsOn[{i}]", $"'{ids[i]}' is listed twice");
        }
        return ids;
    }
}
