namespace Suanwang.Api.Client;

/// <summary>
/// The content types a spec is sent with. The broker reads the format from the body as well; the type tells
/// proxies and logs what the body is. Mirrors <c>Suanwang.Specs.JobSpecReader.DetectFormat</c> without
/// depending on it.
/// </summary>
public static class SpecMediaTypes
{
    /// <summary>A native spec in YAML (the default).</summary>
    public const string Yaml = "application/yaml";

    /// <summary>A native spec in JSON.</summary>
    public const string Json = "application/json";

    /// <summary>An unchanged Slurm batch script with <c>#SBATCH</c> directives.</summary>
    public const string Script = "text/x-shellscript";

    /// <summary>The content type for <paramref name="text"/>: a script when it starts with <c>#!</c> or has a line starting with <c>#SBATCH</c>; JSON when it starts with <c>{</c>; YAML otherwise.</summary>
    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.TrimStart('\uFEFF');
        if (body.StartsWith("#!", StringComparison.Ordinal)
            || body.StartsWith("#SBATCH", StringComparison.Ordinal)
            || body.Contains("\n#SBATCH", StringComparison.Ordinal))
            return Script;
        return DetectDocument(body);
    }

    /// <summary>JSON when <paramref name="text"/> starts with <c>{</c> (after white space), YAML otherwise: for documents that cannot be scripts, such as a center.</summary>
    public static string DetectDocument(string text) =>
        text.TrimStart('\uFEFF').TrimStart().StartsWith('{') ? Json : Yaml;
}
