using Suanwang.Model.Network;

namespace Suanwang.Engines.Slurm;

/// <summary>Builds a <see cref="SlurmEngine"/> for each center with <c>backend: slurm</c>.</summary>
/// <param name="time">The clock for report times.</param>
public sealed class SlurmEngineFactory(TimeProvider time) : ICenterEngineFactory
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <inheritdoc />
    public BackendKind Backend => BackendKind.Slurm;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the center's engine settings (<see cref="SlurmEngineOptions.FromCenter"/>). Connects lazily: an
    /// unreachable slurmrestd shows on the first call, as <see cref="EngineUnavailableException"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The center is not a Slurm one, or a setting is unknown, missing or invalid.</exception>
    public ICenterEngine Create(Center center) => Create(center, options => options);

    /// <summary>As <see cref="Create(Center)"/>, with <paramref name="adjust"/> applied to the options read from the center.</summary>
    public SlurmEngine Create(Center center, Func<SlurmEngineOptions, SlurmEngineOptions> adjust)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(adjust);
        if (center.Backend != BackendKind.Slurm)
            throw new ArgumentException($"center '{center.Id}' has backend {center.Backend}, not {BackendKind.Slurm}", nameof(center));
        return new SlurmEngine(adjust(SlurmEngineOptions.FromCenter(center)), _time);
    }
}
