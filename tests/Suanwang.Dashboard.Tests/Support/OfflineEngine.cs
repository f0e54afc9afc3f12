using Suanwang.Engines;
using Suanwang.Model.Network;

namespace Suanwang.Dashboard.Tests.Support;

/// <summary>
/// An engine for centers that exist only to be drawn (<c>backend: offline</c>): it opens none, so they take no work and
/// run no processes, and only the dashboard's load is measured.
/// </summary>
public sealed class OfflineEngine : ICenterEngineFactory
{
    public const string EngineName = "offline";

    public string Name => EngineName;

    public ICenterEngine Create(Center center) =>
        throw new InvalidOperationException($"center '{center.Id}' is drawn only: the {EngineName} engine runs nothing");
}
