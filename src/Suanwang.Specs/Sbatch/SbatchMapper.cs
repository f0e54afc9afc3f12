using System.Collections.ObjectModel;
using System.Globalization;
using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;
using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// Turns a scanned script into jobs: one, or one per index of <c>--array</c>. The command is the
/// interpreter from <c>#!</c>; the executor writes <see cref="JobRequest.Script"/> to a file and appends
/// its path, so the script is never passed through a shell string. The options only Slurm acts on travel as the job's
/// <see cref="SbatchEngineSettings.Engine"/> engine settings (<see cref="SbatchEngineSettings"/>).
/// </summary>
internal static class SbatchMapper
{
    public static IReadOnlyList<JobRequest>? Map(string script, string sourceName, ScriptHeader header, JobSpecContext context, ErrorSink errors)
    {
        var settings = new SbatchSettings(
            DirectiveParser.Parse(header.Directives.Where(d => d.Kind == DirectiveKind.Sbatch), errors), errors);
        var extensions = SuanwangDirectives.Read(header.Directives.Where(d => d.Kind == DirectiveKind.Suanwang), context, errors);
        string firstLine = header.Directives.FirstOrDefault()?.Location ?? "line 1";

        string name = settings.Text("job-name", SpecLimits.MaxNameChars) ?? DefaultName(sourceName);
        string? partition = settings.Text("partition", SpecLimits.MaxNameChars);
        string? account = settings.Text("account", SpecLimits.MaxIdChars);
        string? qos = settings.Text("qos", SpecLimits.MaxIdChars);
        string? constraint = ReadConstraint(settings);
        string? timeMin = SbatchTimes.ReadTimeMin(settings);
        CheckExclusive(settings);
        SbatchLayout layout = SbatchResources.Read(settings, extensions, context, firstLine);
        WorkEstimate work = SbatchTimes.ReadWork(settings, extensions.ReferenceHours);
        DateTimeOffset? notBefore = SbatchTimes.ReadTime(settings, "begin", context);
        DateTimeOffset? deadline = SbatchTimes.ReadTime(settings, "deadline", context);
        TimeRules.CheckWindow(notBefore, deadline, context.Now, settings.LocationOf("deadline", firstLine), errors);
        IReadOnlyList<string> dependsOn = ReadDependencies(settings, context);
        IReadOnlyList<int>? array = ReadArray(settings);
        foreach (string preferred in extensions.PreferredCenters.Where(p => extensions.Centers.Count > 0 && !extensions.Centers.Contains(p)))
            errors.Add(extensions.Locations.GetValueOrDefault("preferred-centers", firstLine), $"preferred center '{preferred}' is not among #SUANWANG centers; add it there or drop it");

        if (errors.HasErrors) return null;

        var constraints = WithFeatures(new JobConstraints(extensions.Residency, deadline, extensions.MaxPriceYuan, extensions.Centers,
            extensions.PreferredCenters, MaxLatencyMs: null, UsersRegionId: null, notBefore), constraint);
        var preferences = new JobPreferences(extensions.CarbonWeight ?? 0, extensions.FlexibleStartHours ?? 0);
        var slurm = SbatchEngineSettings.Of(SbatchSlurmSettings.Read(settings, partition, account, qos, constraint, timeMin));
        var job = new JobRequest(context.JobId, name, JobKind.Batch, header.Interpreter, ReadOnlyDictionary<string, string>.Empty,
            layout.Resources, work, extensions.Inputs.ToArray(), extensions.Output, constraints, preferences,
            extensions.Tenant ?? context.DefaultTenant, extensions.Tier ?? context.DefaultTier, dependsOn, ArrayIndex: null, slurm)
        {
            Script = script,
            Requeue = ReadRequeue(settings),
        };

        return array is null ? [job] : Expand(job, array);
    }

    /// <summary>
    /// Where a script's <c>--constraint</c> reaches the job's model: the parsed <see cref="FeatureConstraint"/> for
    /// placement; the raw text also travels in the Slurm settings (<c>constraint</c>), as Slurm reads it.
    /// </summary>
    private static JobConstraints WithFeatures(JobConstraints constraints, string? constraint) =>
        constraint is null ? constraints : constraints with { Features = FeatureConstraint.Parse(constraint) };

    // sbatch's --exclusive takes no value (whole nodes), or user, mcs or topo (24.11).
    private static void CheckExclusive(SbatchSettings settings)
    {
        if (settings["exclusive"] is { } directive && directive.Value is not ("" or "user" or "mcs" or "topo"))
            settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' is not a sharing mode; use --exclusive alone, or --exclusive=user, mcs or topo");
    }

    private static string? ReadConstraint(SbatchSettings settings)
    {
        if (settings["constraint"] is not { } directive) return null;
        string? text = settings.Text("constraint", SpecLimits.MaxNameChars);
        if (text is null) return null;
        if (FeatureConstraint.TryParse(text, out _, out string? error)) return text;
        settings.Error(directive, $"'{TextRules.Shorten(text, 40)}' is not a node-feature constraint: {error}");
        return null;
    }

    // --requeue / --no-requeue: the later line wins, as on sbatch's command line; neither means requeue.
    private static bool ReadRequeue(SbatchSettings settings) =>
        (settings["requeue"], settings["no-requeue"]) switch
        {
            ({ } yes, { } no) => yes.Line.Number > no.Line.Number,
            (null, { }) => false,
            _ => true,
        };

    // sbatch names a job after its script when --job-name is absent.
    private static string DefaultName(string sourceName)
    {
        string file = Path.GetFileName(sourceName.Replace('\\', '/'));
        return file.Length == 0 || file.Length > SpecLimits.MaxNameChars || TextRules.HasControlCharacter(file) ? "sbatch" : file;
    }

    private static IReadOnlyList<string> ReadDependencies(SbatchSettings settings, JobSpecContext context)
    {
        if (settings["dependency"] is not { } directive) return [];
        if (!DependencySpec.TryParse(directive.Value, out IReadOnlyList<string> ids, out string error))
        {
            settings.Error(directive, error);
            return [];
        }
        if (ids.Contains(context.JobId)) settings.Error(directive, "a job cannot depend on itself");
        return ids;
    }

    private static IReadOnlyList<int>? ReadArray(SbatchSettings settings)
    {
        if (settings["array"] is not { } directive) return null;
        if (ArraySpec.TryParse(directive.Value, out IReadOnlyList<int> indices, out string error)) return indices;
        settings.Error(directive, error);
        return null;
    }

    /// <summary>
    /// One job per array index, id <c>{id}_{index}</c> (see <see cref="JobArrays"/>). Each gets the SLURM_ARRAY_*
    /// variables a Slurm array task would see, since the element may run on a center that is not Slurm or as a plain job.
    /// </summary>
    private static IReadOnlyList<JobRequest> Expand(JobRequest job, IReadOnlyList<int> indices)
    {
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        var shared = job with
        {
            Environment = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["SLURM_ARRAY_JOB_ID"] = job.Id,
                ["SLURM_ARRAY_TASK_COUNT"] = Text(indices.Count),
                ["SLURM_ARRAY_TASK_MIN"] = Text(indices[0]),
                ["SLURM_ARRAY_TASK_MAX"] = Text(indices[^1]),
            }),
        };
        return indices.Select(index => JobArrays.Element(shared, index)).ToArray();
    }
}
