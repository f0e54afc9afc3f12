using System.Text.Json;
using System.Text.Json.Nodes;

namespace Suanwang.Model.Jobs;

/// <summary>
/// Reads a <see cref="JobRequest"/> kept as JSON (the broker's job bodies, a local center's <c>request.json</c>) by this
/// version or an earlier one. Earlier versions kept a <c>slurm</c> object (<c>partition</c>, <c>account</c>,
/// <c>ntasks</c>, <c>cpusPerTask</c>, <c>script</c>); it is read as <see cref="JobRequest.Script"/> and the
/// <c>slurm</c> part of <see cref="JobRequest.EngineSettings"/>, so a job stored before still runs as it was written.
/// </summary>
public static class StoredJobRequest
{
    private const string LegacySlurm = "slurm";

    // The keys the earlier slurm object's fields become (the #SBATCH options they came from), in ordinal order as the
    // script reader writes them, so an upgraded request is the one that reader makes of the same script.
    private static readonly (string Old, string New)[] LegacyFields =
        [("account", "account"), ("cpusPerTask", "cpus-per-task"), ("ntasks", "ntasks"), ("partition", "partition")];

    /// <summary>The request stored as <paramref name="json"/>, or null for JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The JSON is not a job request.</exception>
    public static JobRequest? Read(string json, JsonSerializerOptions options)
    {
        if (!HasLegacySlurm(json)) return JsonSerializer.Deserialize<JobRequest>(json, options);
        var node = JsonNode.Parse(json);
        if (node is JsonObject job) Upgrade(job);
        return node.Deserialize<JobRequest>(options);
    }

    /// <summary>
    /// Rewrites a job request object in place from an earlier version's form to this one's (nothing changes when it is
    /// already in this form), for readers that hold the request inside a larger document.
    /// </summary>
    public static void Upgrade(JsonObject job)
    {
        ArgumentNullException.ThrowIfNull(job);
        string? name = job.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, LegacySlurm, StringComparison.OrdinalIgnoreCase));
        if (name is null) return;
        var slurm = job[name] as JsonObject;
        job.Remove(name);
        if (slurm is null) return;
        if (Field(slurm, "script") is JsonValue script && script.TryGetValue(out string? text)) job["script"] = text;
        var settings = new JsonObject();
        foreach (var (old, key) in LegacyFields)
        {
            if (Field(slurm, old) is not JsonValue value) continue;
            settings[key] = value.TryGetValue(out string? s) ? s : value.ToJsonString();
        }
        if (settings.Count > 0) job["engineSettings"] = new JsonObject { [LegacySlurm] = settings };
    }

    private static JsonNode? Field(JsonObject o, string name) =>
        o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    // Whether the top-level object has the earlier "slurm" property: scanned without building anything, so reading a
    // request in this version's form costs no more than before.
    private static bool HasLegacySlurm(string json)
    {
        if (!json.Contains("\"slurm\"", StringComparison.Ordinal)) return false;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("slurm"u8)) return true;
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the deserializer says what is wrong.
        }
        return false;
    }
}
