using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Limits;
using Suanwang.Broker.Network;
using Suanwang.Lifecycle;
using Suanwang.Model.Network;
using Suanwang.Store;
using ApiRole = Suanwang.Api.Contracts.RegionRole;
using RegionRole = Suanwang.Model.Network.RegionRole;

namespace Suanwang.Broker.Api;

/// <summary>
/// The routes the web dashboard needs beyond the job and center routes, public like the rest of
/// the API so a script can get everything the dashboard shows: the network's shape, the live feed
/// (server-sent events) and the operations view.
/// </summary>
public static class DashboardApiEndpoints
{
    private const int FinishPoints = 200;
    private static readonly TimeSpan PingAfter = TimeSpan.FromSeconds(15);

    /// <summary>Registers the live feed and the load sampler.</summary>
    public static IServiceCollection AddDashboardApi(this IServiceCollection services)
    {
        services.AddSingleton<LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<LoadSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<LoadSampler>());
        return services;
    }

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().WithTags("Dashboard");
        group.ProducesProblem(401);
        group.MapGet(ApiRoutes.Network, GetNetwork).WithName("GetNetwork").WithSummary("The network's regions, links and tenant tiers").Produces<NetworkView>();
        group.MapGet(ApiRoutes.Live, Live).WithName("Live")
            .WithSummary("Live updates as server-sent events: 'jobs' (changed jobs the caller may see), 'centers' (load, every 2 s), 'flows' (work by data region and center), 'ping'")
            .WithDescription("429: the caller's tenant (or admin token) already holds as many open streams as it may, or the broker does (Retry-After; the problem names the limit).")
            .Produces(200, contentType: "text/event-stream").ProducesProblem(429);
        group.MapGet(ApiRoutes.Operations, OperationsAsync).RequireAuthorization(BrokerHost.AdminPolicy).WithName("GetOperations")
            .WithSummary("Utilisation over time, east–west share, energy and carbon, fairness by tier, flagged centers, predicted against actual finish times")
            .Produces<OperationsView>().ProducesProblem(403);
    }

    private static IResult GetNetwork(NetworkState network)
    {
        var definition = network.Current.Definition;
        return Results.Json(new NetworkView(definition.Id, definition.Description, definition.Revision,
            definition.Regions.Select(r => new RegionView(r.Id, r.DisplayName, r.DisplayNameZh, ViewOf(r.Role), r.Latitude, r.Longitude)).ToArray(),
            definition.Links.Select(l => new LinkView(l.FromRegionId, l.ToRegionId, l.LatencyMs, l.BandwidthGbps, l.PricePerGbYuan)).ToArray(),
            definition.FairShare.Tiers.Select(t => new TierView(t.Name, t.GuaranteedShare, t.Weight)).ToArray()));
    }

    // The API's name for a region's side of the network.
    private static ApiRole ViewOf(RegionRole role) => role switch
    {
        RegionRole.East => ApiRole.East,
        RegionRole.West => ApiRole.West,
        RegionRole.Other => ApiRole.Other,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "a region role the API does not name"),
    };

    private static IResult Live(HttpContext http, LiveFeed feed, LoadSampler sampler, LiveStreamLimits limits)
    {
        var caller = Caller.From(http.User);
        IDisposable slot;
        try
        {
            slot = limits.Take(caller);
        }
        catch (LimitExceededException e)
        {
            return Problems.Limited(e);
        }
        // Freed when the response ends, however it ends (even if the stream is never read).
        http.Response.RegisterForDispose(slot);
        var subscriber = feed.Subscribe(caller);
        http.Response.RegisterForDispose(subscriber);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Stream(subscriber, sampler, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(LiveFeed.Subscriber subscriber, LoadSampler sampler,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscriber)
        {
            // Start from the latest sample so a page draws loads and flows at once.
            yield return new SseItem<string>("{}", "hello") { ReconnectionInterval = TimeSpan.FromSeconds(3) };
            if (sampler.Latest is { } latest)
            {
                yield return new SseItem<string>(System.Text.Json.JsonSerializer.Serialize(latest.Loads, LiveFeed.Json), LiveFeed.CentersEvent);
                yield return new SseItem<string>(System.Text.Json.JsonSerializer.Serialize(latest.Flows, LiveFeed.Json), LiveFeed.FlowsEvent);
            }
            await foreach (var item in subscriber.ReadAllAsync(PingAfter, cancellationToken)) yield return item;
        }
    }

    private static async Task<IResult> OperationsAsync(HttpContext http, NetworkState network, JobStore jobs, AccessStore access, EngineRegistry engines,
        LoadSampler sampler, TimeProvider time, int? maxSamples = null)
    {
        var cancellationToken = http.RequestAborted;
        var revision = network.Current;
        var definition = revision.Definition;
        var now = time.GetUtcNow();
        var period = Usage.PeriodStart(now);
        var views = await CenterEndpoints.ViewsAsync(revision, jobs, access, engines, time, cancellationToken);
        var active = await jobs.AtCentersAsync(cancellationToken);
        var totals = await jobs.CenterTierTotalsAsync(JobViews.Ms(period), cancellationToken);
        var unfinished = await jobs.CountActiveAsync(cancellationToken);

        var roleOfCenter = definition.Centers.ToDictionary(c => c.Id, c => definition.FindRegion(c.RegionId)?.Role ?? RegionRole.Other);
        RegionRole RoleOf(string? center) => center is not null && roleOfCenter.TryGetValue(center, out var role) ? role : RegionRole.Other;
        var running = active.Where(j => j.State == JobState.Running).ToArray();
        int RunningIn(RegionRole role) => running.Count(j => RoleOf(j.CenterId) == role);
        int FinishedIn(RegionRole role) => totals.Where(t => RoleOf(t.CenterId) == role).Sum(t => t.Runs);
        double work = totals.Sum(t => t.AcceleratorHours + t.CpuHours);
        double westWork = totals.Where(t => RoleOf(t.CenterId) == RegionRole.West).Sum(t => t.AcceleratorHours + t.CpuHours);
        var eastWest = new EastWestView(RunningIn(RegionRole.East), RunningIn(RegionRole.West), RunningIn(RegionRole.Other),
            FinishedIn(RegionRole.East), FinishedIn(RegionRole.West), FinishedIn(RegionRole.Other), work > 0 ? westWork / work : 0);

        var renewableNow = views.ToDictionary(v => v.Id, v => v.RenewableShare);
        var perCenter = totals.GroupBy(t => t.CenterId)
            .Select(g => new CenterEnergyView(g.Key, g.Sum(t => t.Runs), g.Sum(t => t.EnergyKwh), g.Sum(t => t.CarbonKg), g.Sum(t => t.CostYuan), renewableNow.GetValueOrDefault(g.Key)))
            .OrderByDescending(c => c.EnergyKwh).ToArray();
        double energy = perCenter.Sum(c => c.EnergyKwh);
        var energyView = new EnergyView(energy, perCenter.Sum(c => c.CarbonKg), perCenter.Sum(c => c.CostYuan),
            energy > 0 ? perCenter.Sum(c => c.EnergyKwh * c.RenewableShare) / energy : 0, perCenter);

        var sharesNow = LoadSampler.TierShares(revision, active);
        var tiers = definition.FairShare.Tiers.Select(t =>
        {
            double shareNow = sharesNow.GetValueOrDefault(t.Name);
            int waitingJobs = unfinished.Where(w => w.Tier == t.Name && JobLifecycle.IsWaiting(w.State)).Sum(w => w.Count);
            int runningJobs = unfinished.Where(w => w.Tier == t.Name && w.State == JobState.Running).Sum(w => w.Count);
            double tierWork = totals.Where(x => x.Tier == t.Name).Sum(x => x.AcceleratorHours + x.CpuHours);
            return new TierFairnessView(t.Name, t.GuaranteedShare, shareNow, waitingJobs, runningJobs, work > 0 ? tierWork / work : 0,
                waitingJobs == 0 || shareNow + 1e-9 >= t.GuaranteedShare);
        }).ToArray();

        var flagged = views.Where(v => v.Availability != CenterAvailability.Up).Select(v =>
        {
            var health = engines.Health(v.Id);
            string detail = v.Availability switch
            {
                CenterAvailability.Draining => "drained by an operator: finishes its work, takes no new work",
                CenterAvailability.Down when !health.HasEngine => health.LastError ?? "no engine serves this center",
                _ => health.LastError ?? $"{health.ConsecutiveFailures} failed call{(health.ConsecutiveFailures == 1 ? "" : "s")} in a row",
            };
            return new CenterFlagView(v.Id, v.Availability, detail);
        }).ToArray();

        var ended = (await jobs.RecentlyEndedAsync(JobState.Succeeded, FinishPoints, cancellationToken))
            .Select(j => new FinishPointView(j.Id, j.CenterId, JobViews.Time(j.PlannedFinishAtMs!.Value), JobViews.Time(j.EndedAtMs!.Value))).ToArray();
        double? mae = ended.Length == 0 ? null : ended.Average(p => Math.Abs((p.ActualFinishAt - p.PredictedFinishAt).TotalSeconds));

        return Results.Json(new OperationsView(now, period, History(sampler, definition, Math.Clamp(maxSamples ?? 360, 10, LoadSampler.MaxSamples)),
            eastWest, energyView, tiers, flagged, new FinishAccuracyView(mae, ended)));
    }

    // The kept samples thinned evenly to at most maxSamples, columns in the network's current order.
    private static UtilisationHistoryView History(LoadSampler sampler, NetworkDefinition definition, int maxSamples)
    {
        var samples = sampler.History();
        string[] centerIds = samples.Count > 0 ? samples[^1].CenterIds : definition.Centers.Select(c => c.Id).ToArray();
        string[] regionIds = samples.Count > 0 ? samples[^1].RegionIds : definition.Regions.Select(r => r.Id).ToArray();
        int step = Math.Max(1, (int)Math.Ceiling(samples.Count / (double)maxSamples));
        var kept = new List<UtilisationSampleView>();
        for (int i = samples.Count - 1; i >= 0; i -= step)
        {
            var s = samples[i];
            kept.Add(new UtilisationSampleView(s.At, s.Centers, s.Regions, s.Tiers));
        }
        kept.Reverse();
        return new UtilisationHistoryView(LoadSampler.SampleInterval.TotalSeconds * step, centerIds, regionIds, kept);
    }
}
