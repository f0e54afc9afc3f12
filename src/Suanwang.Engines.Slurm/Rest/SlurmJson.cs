using System.Text.Json;
using System.Text.Json.Nodes;

namespace Suanwang.Engines.Slurm;

/// <summary>Tolerant readers of Slurm's JSON: a field that is missing or of another type reads as empty, never throws.</summary>
internal static class SlurmJson
{
    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string[] Texts(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    public static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : 0;

    /// <summary>
    /// A number as v0.0.40 and later write it, <c>{"set": true, "infinite": false, "number": N}</c>, or a plain number:
    /// 0 when unset, infinite or missing (what v0.0.38 leaves out or writes as 0).
    /// </summary>
    public static long Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value)) return 0;
        if (value.ValueKind == JsonValueKind.Number) return value.TryGetInt64(out long plain) ? plain : 0;
        if (value.ValueKind != JsonValueKind.Object) return 0;
        bool set = value.TryGetProperty("set", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        bool infinite = value.TryGetProperty("infinite", out JsonElement i) && i.ValueKind == JsonValueKind.True;
        return set && !infinite ? Long(value, "number") : 0;
    }

    /// <summary>A set number in v0.0.40's form.</summary>
    public static JsonObject NumberObject(long number) => new() { ["set"] = true, ["infinite"] = false, ["number"] = number };
}
