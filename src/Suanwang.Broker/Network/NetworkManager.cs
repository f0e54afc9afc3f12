using Suanwang.Broker.Engines;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Networks;
using Suanwang.Placement.Network;
using Suanwang.Store;

namespace Suanwang.Broker.Network;

/// <summary>
/// Loads the network the broker runs and applies operators' changes to it. The network document lives
/// in the store as numbered revisions; every change is validated by loading the whole new document
/// before it is stored, so a bad change is refused with every error and the running network stays.
/// </summary>
public sealed class NetworkManager(AccessStore access, NetworkState state, EngineRegistry engines, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// At start: the stored network, or — on first start, or when <paramref name="networkFile"/> is given
    /// and differs from what is stored — the file (or bundled network) as a new revision.
    /// </summary>
    /// <remarks>
    /// Series files are read only from <paramref name="options"/>' folders and, when <paramref name="networkFile"/> is a
    /// file, its folder (also for the revisions operators make later in this run).
    /// </remarks>
    /// <exception cref="SpecException">The network is invalid, or the file names an engine this broker does not have.
    /// A stored network naming one is loaded, that center down and saying why: an engine dropped since must not stop
    /// the rest of the network.</exception>
    public async Task LoadAsync(string? networkFile, NetworkLoadOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _networkDirectory = networkFile is not null && File.Exists(networkFile) ? Path.GetDirectoryName(Path.GetFullPath(networkFile)) : null;
        var stored = await access.LatestNetworkAsync(cancellationToken);
        if (networkFile is not null || stored is null)
        {
            string name = networkFile ?? "china-hubs";
            if (Suanwang.Model.Files.StoreFileGuard.IsStore(name))
                throw new SpecException(name, [new SpecError(name, "is the broker's store, not a network file")]);
            string seed = File.Exists(name) ? await File.ReadAllTextAsync(name, cancellationToken) : BundledNetworks.ReadText(name);
            var definition = NetworkLoader.LoadFromText(seed, name, options, _networkDirectory);
            CheckBackends(definition, name, definition.Centers.Select(c => c.Id));
            if (stored is not null && stored.Yaml == seed)
            {
                await PublishAsync(new NetworkRevision(stored.Number, seed, definition, new CompiledNetwork(definition)));
                return;
            }
            long number = stored?.Number ?? 0;
            if (!await access.AddNetworkRevisionAsync(number, seed, stored is null ? "initial" : $"replaced from {networkFile}", Now(), cancellationToken))
                throw new InvalidOperationException("another broker changed the network at the same time; start again");
            await PublishAsync(new NetworkRevision(number + 1, seed, definition, new CompiledNetwork(definition)));
            return;
        }
        var current = NetworkLoader.LoadFromText(stored!.Yaml, $"network revision {stored.Number}", options, _networkDirectory);
        await PublishAsync(new NetworkRevision(stored.Number, stored.Yaml, current, new CompiledNetwork(current)));
    }

    private NetworkLoadOptions _options = new(null);
    private string? _networkDirectory;

    /// <summary>
    /// Registers or replaces a center. Throws <see cref="SpecException"/> listing what is wrong (nothing changes then):
    /// the network's rules, a backend no registered engine has, and the center's engine settings as its engine judges
    /// them (a slurmrestd socket or host the broker may not use is refused here, not left as a center that is down).
    /// </summary>
    public Task<NetworkRevision> PutCenterAsync(string centerId, string centerText, CancellationToken cancellationToken) =>
        ChangeAsync(yaml => NetworkDocument.PutCenter(yaml, centerId, centerText), $"center {centerId} registered or replaced", cancellationToken, centerId);

    /// <summary>Removes a center; null when there is no such center.</summary>
    public async Task<NetworkRevision?> RemoveCenterAsync(string centerId, CancellationToken cancellationToken)
    {
        if (state.Current.Definition.FindCenter(centerId) is null) return null;
        return await ChangeAsync(yaml => NetworkDocument.RemoveCenter(yaml, centerId) ?? yaml, $"center {centerId} removed", cancellationToken);
    }

    private async Task<NetworkRevision> ChangeAsync(Func<string, string> edit, string change, CancellationToken cancellationToken, string? checkEngineOf = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = state.Current;
            string yaml = edit(current.Yaml);
            var definition = NetworkLoader.LoadFromText(yaml, "network", _options, _networkDirectory);
            if (checkEngineOf is not null) CheckEngine(definition, checkEngineOf);
            if (!await access.AddNetworkRevisionAsync(current.Number, yaml, change, Now(), cancellationToken))
                throw new InvalidOperationException("the network changed at the same time; try again");
            var revision = new NetworkRevision(current.Number + 1, yaml, definition, new CompiledNetwork(definition));
            await PublishAsync(revision);
            return revision;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Only the center being registered: another center's settings that a later start no longer allows (the operator
    // narrowed --slurm-socket-dir, say) leave that center down, and must not block every other change.
    private void CheckEngine(NetworkDefinition definition, string centerId)
    {
        int index = definition.Centers.ToList().FindIndex(c => c.Id == centerId);
        if (index < 0) return;
        CheckBackends(definition, "network", [centerId]);
        string at = $"centers[{index}]({centerId}).engine";
        var errors = engines.Check(definition.Centers[index])
            .Select(e => new SpecError(e.Setting.Length == 0 ? at : $"{at}.{e.Setting}", e.Message)).ToList();
        if (errors.Count > 0) throw new SpecException("network", errors);
    }

    // Every named center's backend must be a registered engine's name: refused with the center, the name and the engines.
    private void CheckBackends(NetworkDefinition definition, string source, IEnumerable<string> centerIds)
    {
        var ids = centerIds.ToHashSet(StringComparer.Ordinal);
        var errors = definition.Centers
            .Select((center, index) => (center, index))
            .Where(c => ids.Contains(c.center.Id) && !engines.Knows(c.center.Backend))
            .Select(c => new SpecError($"centers[{c.index}]({c.center.Id}).backend", engines.UnknownEngine(c.center.Backend)))
            .ToList();
        if (errors.Count > 0) throw new SpecException(source, errors);
    }

    private async Task PublishAsync(NetworkRevision revision)
    {
        await engines.ApplyAsync(revision);
        state.Set(revision);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
