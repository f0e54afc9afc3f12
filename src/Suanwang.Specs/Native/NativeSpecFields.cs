namespace Suanwang.Specs.Native;

/// <summary>
/// The vocabulary of the native spec: every field name, per object. The binder may only read fields
/// listed here, unknown fields are reported against these lists, and a test checks that the published
/// JSON Schema lists exactly the same names, so the three cannot drift apart.
/// </summary>
internal static class NativeSpecFields
{
    public static readonly string[] Root =
    [
        "$schema", "name", "kind", "command", "env", "resources", "work", "inputs", "outputs",
        "constraints", "preferences", "tenant", "tier", "dependsOn", "requeue",
    ];

    public static readonly string[] Resources = ["accelerators", "cpus", "memoryGiB", "nodes"];

    public static readonly string[] Accelerators = ["count", "minMemoryGiB", "models"];

    public static readonly string[] Work = ["referenceHours", "timeLimitHours"];

    public static readonly string[] Input = ["dataset", "sizeGiB", "at"];

    public static readonly string[] Output = ["sizeGiB", "to"];

    public static readonly string[] Constraints =
    [
        "residency", "deadline", "maxPrice", "centers", "preferredCenters", "maxLatencyMs", "usersAt", "notBefore", "features",
    ];

    public static readonly string[] Preferences = ["carbonWeight", "flexibleStartHours"];

    /// <summary>Each object's fields by path; <c>[]</c> marks the items of a list.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByPath { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = Root,
        ["resources"] = Resources,
        ["resources.accelerators"] = Accelerators,
        ["work"] = Work,
        ["inputs[]"] = Input,
        ["outputs"] = Output,
        ["constraints"] = Constraints,
        ["preferences"] = Preferences,
    };
}
