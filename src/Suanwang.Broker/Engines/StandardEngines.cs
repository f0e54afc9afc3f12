using Microsoft.Extensions.DependencyInjection;
using Suanwang.Broker.Hosting;
using Suanwang.Engines.Local;
using Suanwang.Engines.Slurm;

namespace Suanwang.Broker.Engines;

/// <summary>
/// The engines a broker has unless its host registers others (<see cref="BrokerHost.BuildAsync"/>'s <c>engines</c>):
/// local processes (<c>backend: local</c>) and Slurm (<c>backend: slurm</c>). Another engine joins with its own
/// <c>Add…Engine()</c> beside these, where the host composes the broker; nothing here changes.
/// </summary>
public static class StandardEngines
{
    /// <summary>
    /// Registers the local engine (runs under <c>DATA/centers</c>, jobs as <see cref="BrokerOptions.JobUids"/>, never
    /// seeing the data folder) and the Slurm engine (endpoints as <see cref="BrokerOptions.SlurmEndpoints"/> allows).
    /// </summary>
    public static IServiceCollection AddStandardEngines(this IServiceCollection services, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services
            .AddLocalEngine(Path.Combine(options.DataDirectory, "centers"), new JobIsolation { Uids = options.JobUids, HiddenDirectories = [options.DataDirectory] })
            .AddSlurmEngine(options.SlurmEndpoints);
    }
}
