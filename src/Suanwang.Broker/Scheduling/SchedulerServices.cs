using Microsoft.Extensions.DependencyInjection;
using Suanwang.Store;
using Suanwang.Store.Dependencies;

namespace Suanwang.Broker.Scheduling;

/// <summary>Registers the scheduler and its parts: one of each per broker, sharing their state through the container.</summary>
public static class SchedulerServices
{
    /// <summary>
    /// Adds <see cref="Scheduler"/> with its parts, and runs it as a hosted service. Needs the store, the network, the
    /// engine registry, the metrics, the options, the clock and the broker's ownership registered beside it.
    /// </summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DependencyGate(sp.GetRequiredService<JobStore>()));
        services.AddSingleton<LoopSignals>();
        services.AddSingleton<RequestCache>();
        services.AddSingleton<JobMoves>();
        services.AddSingleton<SnapshotBuilder>();
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<CenterTracker>();
        services.AddSingleton<QueueGates>();
        services.AddSingleton<UsageLedger>();
        services.AddSingleton<QueuePlacement>();
        services.AddSingleton<Scheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<Scheduler>());
        return services;
    }
}
