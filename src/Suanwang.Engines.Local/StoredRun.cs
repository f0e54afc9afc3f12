using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Suanwang.Model.Jobs;

namespace Suanwang.Engines.Local;

/// <summary>What <c>request.json</c> holds: the dispatch request and what the engine knew when it accepted it.</summary>
/// <param name="Format">File format version (1).</param>
/// <param name="CenterId">The center that accepted the run.</param>
/// <param name="SubmittedAt">When the engine accepted it (its <see cref="TimeProvider"/>).</param>
/// <param name="Request">The request, as the broker sent it.</param>
internal sealed record StoredRun(int Format, string CenterId, DateTimeOffset SubmittedAt, DispatchRequest Request)
{
    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The file's bytes.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a file written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a run this version can read.</exception>
    public static StoredRun FromJson(byte[] json)
    {
        StoredRun? run;
        try
        {
            // A run accepted by an earlier version keeps its job in that version's form (its batch script under "slurm").
            var node = JsonNode.Parse(json);
            if (node is JsonObject { } whole && whole["request"] is JsonObject request && request["job"] is JsonObject job) StoredJobRequest.Upgrade(job);
            run = node.Deserialize<StoredRun>(Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a run request: {e.Message}", e);
        }
        if (run?.Request?.Job?.Command is null) throw new InvalidDataException("not a run request: request or its job is missing");
        if (run.Format != CurrentFormat) throw new InvalidDataException($"run request format {run.Format} is not {CurrentFormat}");
        return run;
    }
}
