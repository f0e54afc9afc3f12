namespace Suanwang.Placement.Objectives;

/// <summary>The objectives Suanwang knows, by name.</summary>
public static class ObjectiveCatalog
{
    /// <summary>Every objective, in the order scores and explanations consider them.</summary>
    public static IReadOnlyList<IObjective> All { get; } =
    [
        new CompletionTimeObjective(),
        new CostObjective(),
        new CarbonObjective(),
        new WaterObjective(),
    ];

    /// <summary>Every objective's name, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(o => o.Name).ToArray();

    /// <summary>The objective named <paramref name="name"/> (any case); throws <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static IObjective Find(string name) =>
        All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown objective '{name}'; known objectives: {string.Join(", ", Names)}", nameof(name));
}
