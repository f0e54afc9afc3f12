using Microsoft.Extensions.DependencyInjection;

namespace Suanwang.Engines;

/// <summary>
/// How an engine joins a host: each engine's project offers an <c>Add…Engine()</c> extension (<c>AddLocalEngine</c>,
/// <c>AddSlurmEngine</c>) that calls <see cref="AddCenterEngine"/>. The broker resolves every center's <c>backend</c>
/// against the factories registered so, by <see cref="ICenterEngineFactory.Name"/>; nothing else needs to know the engine.
/// </summary>
public static class EngineServices
{
    /// <summary>Registers the engine <paramref name="factory"/> builds (one singleton factory; its name must be unique).</summary>
    public static IServiceCollection AddCenterEngine(this IServiceCollection services, Func<IServiceProvider, ICenterEngineFactory> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        return services.AddSingleton(factory);
    }

    /// <summary>The clock a host registered, else the system's.</summary>
    public static TimeProvider Clock(this IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;
}
