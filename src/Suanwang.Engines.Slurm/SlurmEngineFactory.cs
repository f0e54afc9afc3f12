using Suanwang.Model.Network;

namespace Suanwang.Engines.Slurm;

/// <summary>Builds a <see cref="SlurmEngine"/> for each center with <c>backend: slurm</c> (registered with <see cref="SlurmEngineServices.AddSlurmEngine"/>).</summary>
/// <param name="time">The clock for report times.</param>
/// <param name="endpoints">Which sockets and hosts a center may name (default: <see cref="SlurmEndpointPolicy.Default"/>).</param>
public sealed class SlurmEngineFactory(TimeProvider time, SlurmEndpointPolicy? endpoints = null) : ICenterEngineFactory
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Which sockets and hosts a center may name.</summary>
    public SlurmEndpointPolicy Endpoints { get; } = endpoints ?? SlurmEndpointPolicy.Default;

    /// <summary>The engine's name: centers with <c>backend: slurm</c> are this factory's.</summary>
    public const string EngineName = "slurm";

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the center's engine settings (<see cref="SlurmEngineOptions.FromCenter"/>) and checks its endpoints
    /// against <see cref="Endpoints"/>. Connects lazily: an unreachable slurmrestd shows on the first call, as
    /// <see cref="EngineUnavailableException"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The center is not a Slurm one, or a setting is unknown, missing, invalid or not allowed.</exception>
    public ICenterEngine Create(Center center) => Create(center, options => options);

    /// <summary>As <see cref="Create(Center)"/>, with <paramref name="adjust"/> applied to the options read from the center.</summary>
    public SlurmEngine Create(Center center, Func<SlurmEngineOptions, SlurmEngineOptions> adjust)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(adjust);
        if (center.Backend != EngineName)
            throw new ArgumentException($"center '{center.Id}' has backend '{center.Backend}', not '{EngineName}'", nameof(center));
        var options = adjust(SlurmEngineOptions.FromCenter(center));
        if (Endpoints.Check(options) is { Count: > 0 } refused) throw SlurmEngineOptions.Invalid(center.Id, refused);
        return new SlurmEngine(options, _time);
    }

    /// <inheritdoc />
    public IReadOnlyList<EngineSettingError> Check(Center center)
    {
        ArgumentNullException.ThrowIfNull(center);
        if (center.Backend != EngineName) return [];
        var form = SlurmEngineOptions.Check(center);
        return form.Count > 0 ? form : Endpoints.Check(SlurmEngineOptions.FromCenter(center));
    }
}
