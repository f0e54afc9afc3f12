namespace Suanwang.Placement.Policies;

/// <summary>The policies Suanwang ships, by name.</summary>
public static class PolicyCatalog
{
    /// <summary>Every policy's name, ours first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["suanwang", "first-to-start", "cheapest", "greenest", "round-robin", "least-loaded"];

    /// <summary>Creates the named policy; throws <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static IPlacementPolicy Create(string name) => name.ToLowerInvariant() switch
    {
        "suanwang" => new SuanwangPolicy(),
        "first-to-start" => new FirstToStartPolicy(),
        "cheapest" => new CheapestPolicy(),
        "greenest" => new GreenestPolicy(),
        "round-robin" => new RoundRobinPolicy(),
        "least-loaded" => new LeastLoadedPolicy(),
        _ => throw new ArgumentException($"unknown policy '{name}'; known policies: {string.Join(", ", Names)}", nameof(name)),
    };
}
