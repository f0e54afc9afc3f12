using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Placement.Snapshot;

namespace Suanwang.Testing;

public static class Snapshots
{
    public static NetworkSnapshot Idle(NetworkDefinition network) => new(new CompiledNetwork(network));

    public static double Seconds(DateTimeOffset time) => SimTime.ToSeconds(time);

    /// <summary>Pool index of <paramref name="center"/>/<paramref name="pool"/> in the compiled network.</summary>
    public static int PoolIndex(this CompiledNetwork network, string center, string pool) =>
        network.PoolIndexOf(center, pool) is var index and >= 0 ? index : throw new ArgumentException($"no pool {center}/{pool}");
}
