using Microsoft.Extensions.DependencyInjection;

namespace Suanwang.Engines.Slurm;

/// <summary>Registers the Slurm engine with a host (<c>backend: slurm</c>).</summary>
public static class SlurmEngineServices
{
    /// <summary>
    /// Registers the Slurm engine: its centers may name the slurmrestd sockets and hosts <paramref name="endpoints"/>
    /// allows (default <see cref="SlurmEndpointPolicy.Default"/>). The engines use the host's <see cref="TimeProvider"/>
    /// when it registers one.
    /// </summary>
    public static IServiceCollection AddSlurmEngine(this IServiceCollection services, SlurmEndpointPolicy? endpoints = null) =>
        services.AddCenterEngine(sp => new SlurmEngineFactory(sp.Clock(), endpoints));
}
