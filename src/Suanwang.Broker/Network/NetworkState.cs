using Suanwang.Model.Network;
using Suanwang.Placement.Network;

namespace Suanwang.Broker.Network;

/// <summary>The network the broker runs now: one immutable revision, swapped whole when an operator changes a center.</summary>
/// <param name="Number">Revision number in the store.</param>
/// <param name="Yaml">The network document.</param>
/// <param name="Definition">The validated definition.</param>
/// <param name="Compiled">The core's compiled form.</param>
public sealed record NetworkRevision(long Number, string Yaml, NetworkDefinition Definition, CompiledNetwork Compiled);

/// <summary>Holds the current network revision; readers take it once per request or scheduling cycle.</summary>
public sealed class NetworkState
{
    private NetworkRevision? _current;

    /// <summary>The current revision (set at start-up).</summary>
    public NetworkRevision Current => _current ?? throw new InvalidOperationException("The network has not been loaded yet.");

    /// <summary>Raised after the revision changed.</summary>
    public event Action<NetworkRevision>? Changed;

    /// <summary>Replaces the current revision.</summary>
    public void Set(NetworkRevision revision)
    {
        Volatile.Write(ref _current, revision);
        Changed?.Invoke(revision);
    }
}
