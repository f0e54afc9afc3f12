using System.Text.Json.Serialization;
using Suanwang.Scheduling;

namespace Suanwang.Simulation;

/// <summary>How the simulated broker schedules: the scheduling pass's settings (<see cref="SchedulingOptions"/>) and the report's bucket width.</summary>
/// <param name="ReservationDepth">See <see cref="SchedulingOptions.ReservationDepth"/>.</param>
/// <param name="MaxAttemptsPerPass">See <see cref="SchedulingOptions.MaxAttemptsPerPass"/>.</param>
/// <param name="MaxConsecutiveMisses">See <see cref="SchedulingOptions.MaxConsecutiveMisses"/>.</param>
/// <param name="TimelineBucketSeconds">Width of the buckets of the load-over-time series.</param>
/// <param name="Binding">See <see cref="SchedulingOptions.Binding"/>.</param>
public sealed record SimulationOptions(int ReservationDepth = 64, int MaxAttemptsPerPass = 256, int MaxConsecutiveMisses = 8, double TimelineBucketSeconds = 3600,
    BindingRule Binding = BindingRule.Late)
{
    /// <summary>The defaults (the broker's too).</summary>
    public static SimulationOptions Default { get; } = new();

    /// <summary>The settings of the pass the simulated broker runs.</summary>
    [JsonIgnore]
    public SchedulingOptions Scheduling => new(ReservationDepth, MaxAttemptsPerPass, MaxConsecutiveMisses, Binding);
}
