using Suanwang.Model.Network;

namespace Suanwang.Engines;

/// <summary>
/// Builds the engine for a center from its network definition: one factory per engine, found by its <see cref="Name"/>,
/// which centers name as their <c>backend</c>. Registered with the engine's own <c>Add…Engine()</c> extension of
/// <c>IServiceCollection</c> (<see cref="EngineServices.AddCenterEngine"/>).
/// </summary>
public interface ICenterEngineFactory
{
    /// <summary>The engine's name, as a center's <c>backend</c> writes it (<c>local</c>, <c>slurm</c>); see <see cref="EngineNames"/>.</summary>
    string Name { get; }

    /// <summary>
    /// The engine for <paramref name="center"/>, configured from its <see cref="Center.Engine"/>
    /// settings. Throws <see cref="ArgumentException"/> naming the setting when one is invalid.
    /// </summary>
    ICenterEngine Create(Center center);

    /// <summary>
    /// What is wrong with <paramref name="center"/>'s engine settings, each naming its setting; empty when
    /// <see cref="Create"/> would accept them. Creates nothing and contacts nothing: the broker calls it before it
    /// stores a center an operator registers, so a bad setting is refused then rather than leaving the center down.
    /// </summary>
    IReadOnlyList<EngineSettingError> Check(Center center) => [];
}
