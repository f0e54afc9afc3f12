using Microsoft.Extensions.Logging;
using Suanwang.Model.Network;

namespace Suanwang.Engines.Local;

/// <summary>
/// Builds <see cref="LocalEngine"/>s for centers with <c>backend: local</c> (registered with
/// <see cref="LocalEngineServices.AddLocalEngine"/>): each local center keeps its runs under
/// <c>&lt;root&gt;/&lt;center id&gt;</c> (e.g. <c>&lt;data&gt;/centers/qingyang</c>). Every engine it builds shares one
/// <see cref="JobSandbox"/>, so a tenant's jobs run as the same user id on every local center and two tenants never
/// share one; the tenant → id map is kept in <c>&lt;root&gt;/tenant-uids.json</c>.
/// </summary>
/// <param name="rootDirectory">The directory holding every local center's runs directory.</param>
/// <param name="time">The clock engines use for submission, cancellation and time-limit times.</param>
/// <param name="loggerFactory">Where engines log; null for no logging.</param>
/// <param name="isolation">Job user ids and the folders jobs must never see (the broker's data folder); null for the
/// defaults, hiding <paramref name="rootDirectory"/>. The root directory is always hidden.</param>
public sealed class LocalEngineFactory(string rootDirectory, TimeProvider time, ILoggerFactory? loggerFactory = null, JobIsolation? isolation = null) : ICenterEngineFactory
{
    private readonly string _rootDirectory = string.IsNullOrWhiteSpace(rootDirectory)
        ? throw new ArgumentException("the local centers' root directory must not be empty", nameof(rootDirectory))
        : Path.GetFullPath(rootDirectory);
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Lock _sync = new();
    private JobSandbox? _sandbox;

    /// <summary>The engine's name: centers with <c>backend: local</c> are this factory's.</summary>
    public const string EngineName = "local";

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the center's engine settings <c>slots</c>, <c>cpus</c>, <c>memoryGiB</c>, <c>expose</c> and
    /// <c>exposeWritable</c> (<see cref="LocalEngineOptions.FromCenter"/>) and opens the engine, which reads back the runs
    /// already in its directory. Call once per center and dispose the engine when done; a second engine on the same
    /// center's directory throws <see cref="InvalidOperationException"/> while the first is open. The sandbox is made
    /// (and tried) when the first local center opens, so a broker without local centers needs no bubblewrap.
    /// </remarks>
    /// <exception cref="ArgumentException">The center is not a local one, or a setting is unknown or invalid.</exception>
    /// <exception cref="InvalidOperationException">No job sandbox can be made on this machine (the message says what to install or enable).</exception>
    public ICenterEngine Create(Center center) => Create(center, options => options);

    /// <summary>
    /// As <see cref="Create(Center)"/>, with <paramref name="adjust"/> applied to the options read from the
    /// center (e.g. a shorter poll interval or grace period).
    /// </summary>
    public LocalEngine Create(Center center, Func<LocalEngineOptions, LocalEngineOptions> adjust)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(adjust);
        if (center.Backend != EngineName)
            throw new ArgumentException($"center '{center.Id}' has backend '{center.Backend}', not '{EngineName}'", nameof(center));
        LocalEngineOptions options = adjust(LocalEngineOptions.FromCenter(center, _rootDirectory));
        return new LocalEngine(options, _time, loggerFactory?.CreateLogger<LocalEngine>(), Sandbox(center.Id));
    }

    private JobSandbox Sandbox(string centerId)
    {
        lock (_sync)
        {
            if (_sandbox is not null) return _sandbox;
            JobIsolation settings = isolation ?? new JobIsolation();
            FileModes.PrivateDirectory(_rootDirectory);
            try
            {
                _sandbox = JobSandbox.Create(settings with { HiddenDirectories = [.. settings.HiddenDirectories, _rootDirectory] },
                    Path.Combine(_rootDirectory, "tenant-uids.json"));
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"center '{centerId}': {e.Message}", e);
            }
            return _sandbox;
        }
    }
}
