using System.Reflection;

namespace Suanwang.Specs;

/// <summary>The published JSON Schema of the native job spec (<c>schemas/job-spec.schema.json</c>).</summary>
public static class JobSpecSchema
{
    private static readonly Lazy<string> Text = new(Load);

    /// <summary>The schema document, exactly as published (JSON Schema draft-07).</summary>
    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Suanwang.Specs.job-spec.schema.json")
            ?? throw new InvalidOperationException("The job-spec schema is not embedded in Suanwang.Specs.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
