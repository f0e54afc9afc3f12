using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Suanwang.Engines.Local;

/// <summary>Registers the local engine with a host (<c>backend: local</c>).</summary>
public static class LocalEngineServices
{
    /// <summary>
    /// Registers the local engine: its centers keep their runs under <paramref name="rootDirectory"/> (one folder per
    /// center) and run jobs as <paramref name="isolation"/> says. The engines use the host's <see cref="TimeProvider"/>
    /// and <see cref="ILoggerFactory"/> when it registers them.
    /// </summary>
    public static IServiceCollection AddLocalEngine(this IServiceCollection services, string rootDirectory, JobIsolation? isolation = null) =>
        services.AddCenterEngine(sp => new LocalEngineFactory(rootDirectory, sp.Clock(), sp.GetService<ILoggerFactory>(), isolation));
}
