using System.Collections.Concurrent;
using Suanwang.Engines;
using Suanwang.Model.Network;

namespace Suanwang.Broker.Tests.Scheduling.Harness;

/// <summary>Serves every center of one backend with a <see cref="FakeEngine"/>, the same one for a center whenever the registry asks again.</summary>
public sealed class FakeEngineFactory(TimeProvider time, string name = "local") : ICenterEngineFactory
{
    private readonly ConcurrentDictionary<string, FakeEngine> _engines = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public ICenterEngine Create(Center center) => this[center.Id];

    /// <summary>The center's engine.</summary>
    public FakeEngine this[string centerId] => _engines.GetOrAdd(centerId, id => new FakeEngine(id, time));
}
