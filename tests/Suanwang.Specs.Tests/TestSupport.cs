using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests;

/// <summary>Builders for the tests: a fixed clock and a context, so every case reads the same time.</summary>
internal static class A
{
    /// <summary>2026-06-01 09:30 in Beijing.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 30, 0, TimeSpan.FromHours(8));

    public static JobSpecContext Context(string jobId = "job-1") => new(jobId, Now, "tenant-default", "sme");

    /// <summary>A context that knows a small network: regions, centers, models, tiers.</summary>
    public static JobSpecContext KnowingNetwork() => Context() with
    {
        IsKnownRegion = id => id is "yangtze-delta" or "greater-bay-area" or "gansu",
        IsKnownCenter = id => id is "qingyang" or "zhongwei" or "guian",
        IsKnownAcceleratorModel = id => id is "a100-80g" or "h800" or "a100",
        IsKnownTier = id => id is "enterprise" or "sme" or "research" or "education",
    };
}

/// <summary>Reading helpers that keep the cases short.</summary>
internal static class Read
{
    public static JobRequest Native(string yaml, JobSpecContext? context = null) =>
        JobSpecReader.ReadNative(yaml, "spec.yaml", context ?? A.Context());

    public static IReadOnlyList<SpecError> NativeErrors(string yaml, JobSpecContext? context = null) =>
        Assert.Throws<SpecException>(() => JobSpecReader.ReadNative(yaml, "spec.yaml", context ?? A.Context())).Errors;

    public static IReadOnlyList<JobRequest> Sbatch(string script, JobSpecContext? context = null) =>
        JobSpecReader.ReadSbatch(script, "train.sbatch", context ?? A.Context());

    public static JobRequest OneSbatch(string script, JobSpecContext? context = null) => Assert.Single(Sbatch(script, context));

    public static IReadOnlyList<SpecError> SbatchErrors(string script, JobSpecContext? context = null) =>
        Assert.Throws<SpecException>(() => JobSpecReader.ReadSbatch(script, "train.sbatch", context ?? A.Context())).Errors;

    /// <summary>A batch script from its directive lines (and a command after them).</summary>
    public static string Script(params string[] directives) =>
        "#!/bin/bash\n" + string.Join("\n", directives) + "\n\n./run\n";

    /// <summary>The smallest valid native spec with extra top-level YAML appended.</summary>
    public static string Spec(string extra = "") => "command: [./run]\nwork: { referenceHours: 1 }\n" + extra;
}

/// <summary>Assertions on errors.</summary>
internal static class Has
{
    /// <summary>Exactly one error, at this location, whose message contains this text.</summary>
    public static SpecError OneError(IReadOnlyList<SpecError> errors, string location, string messagePart)
    {
        SpecError error = Assert.Single(errors);
        Assert.Equal(location, error.Location);
        Assert.Contains(messagePart, error.Message);
        return error;
    }

    /// <summary>An error at this location whose message contains this text (others may exist).</summary>
    public static SpecError Error(IReadOnlyList<SpecError> errors, string location, string messagePart)
    {
        SpecError? match = errors.FirstOrDefault(e => e.Location == location && e.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.True(match is not null, $"no error at '{location}' containing '{messagePart}'; got:\n  " + string.Join("\n  ", errors));
        return match!;
    }
}

/// <summary>Files copied beside the test assembly.</summary>
internal static class TestFiles
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, .. parts]);

    public static IEnumerable<string> In(string folder, string pattern) =>
        Directory.EnumerateFiles(Path(folder), pattern).OrderBy(f => f, StringComparer.Ordinal);
}
