using System.Globalization;

namespace Suanwang.Placement.Policies;

/// <summary>The policies Suanwang ships, by name.</summary>
public static class PolicyCatalog
{
    /// <summary>Every policy's name, ours first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["suanwang", "first-to-start", "cheapest", "greenest", "round-robin", "least-loaded"];

    /// <summary>
    /// Creates the named policy. <c>suanwang</c> also takes weights by objective name, replacing the defaults:
    /// <c>suanwang:water=0.5</c>, <c>suanwang:cost=1,carbon=0</c>. Throws <see cref="ArgumentException"/>
    /// naming the known policies (or objectives) otherwise.
    /// </summary>
    public static IPlacementPolicy Create(string name)
    {
        int colon = name.IndexOf(':');
        string baseName = (colon < 0 ? name : name[..colon]).ToLowerInvariant();
        if (colon >= 0)
        {
            if (baseName != SuanwangPolicy.BaseName)
                throw new ArgumentException($"only the '{SuanwangPolicy.BaseName}' policy takes weights ('{name}'); e.g. {SuanwangPolicy.BaseName}:water=0.5", nameof(name));
            return new SuanwangPolicy(ParseWeights(name, name[(colon + 1)..]));
        }
        return baseName switch
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

    // "water=0.5,cost=1": objective names are checked by the policy, which knows them.
    private static Dictionary<string, double> ParseWeights(string policy, string text)
    {
        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in text.Split(','))
        {
            int equals = part.IndexOf('=');
            string objective = equals < 0 ? part.Trim() : part[..equals].Trim();
            string value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (objective.Length == 0 || equals < 0)
                throw new ArgumentException($"'{policy}': weights are OBJECTIVE=NUMBER separated by commas, e.g. {SuanwangPolicy.BaseName}:water=0.5,cost=1; got '{part}'", nameof(policy));
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
                throw new ArgumentException($"'{policy}': the weight of '{objective}' must be a number, got '{value}'", nameof(policy));
            if (!weights.TryAdd(objective, weight))
                throw new ArgumentException($"'{policy}': objective '{objective}' is weighted twice", nameof(policy));
        }
        return weights;
    }
}
