using System.Text.Json;
using static Suanwang.Engines.Slurm.SlurmJson;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// slurmrestd's <c>v0.0.42</c> (Slurm 24.11–25.11): as <see cref="RestV0041"/>, without <c>exclusive</c> or the submit
/// answer's <c>result</c>; a cancel answers each job's outcome in <c>status</c>.
/// </summary>
internal sealed class RestV0042 : RestV0041
{
    public new const string Name = "v0.0.42";

    public static new RestV0042 Instance { get; } = new();

    public override string Version => Name;

    private const string NonZeroReturn = "Job submission resulted in non-zero return code: ";

    /// <summary>A queued job's non-zero return code, which v0.0.42 reports only as a warning (without its number), and the parser's warnings about our body.</summary>
    public override IEnumerable<SlurmError> SubmitRemarks(JsonElement answer)
    {
        if (!answer.TryGetProperty("warnings", out JsonElement warnings) || warnings.ValueKind != JsonValueKind.Array) yield break;
        foreach (JsonElement warning in warnings.EnumerateArray())
            if (Text(warning, "description") is { } text && text.StartsWith(NonZeroReturn, StringComparison.Ordinal))
                yield return new SlurmError(0, EngineText.Bounded(text[NonZeroReturn.Length..], 200));
        foreach (SlurmError remark in BodyWarnings(answer)) yield return remark;
    }

    /// <summary><c>status: [{error: {code, message}, job_id…}]</c>: 2017 (no such job), 2021 (already ended)…</summary>
    public override IEnumerable<SlurmError> CancelRemarks(JsonElement answer)
    {
        if (!answer.TryGetProperty("status", out JsonElement status) || status.ValueKind != JsonValueKind.Array) yield break;
        foreach (JsonElement entry in status.EnumerateArray())
        {
            if (!entry.TryGetProperty("error", out JsonElement error) || error.ValueKind != JsonValueKind.Object) continue;
            if (Long(error, "code") is var code and not 0)
                yield return new SlurmError((int)code, EngineText.Bounded(Text(error, "message") ?? Text(error, "string") ?? "(no message)", 200));
        }
    }
}
