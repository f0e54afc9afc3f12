using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Hosting;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Network;
using Suanwang.Broker.Scheduling;
using Suanwang.Lifecycle;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Store;
using Suanwang.Store.Entities;
using CoreAvailability = Suanwang.Placement.Snapshot.CenterAvailability;

namespace Suanwang.Broker.Api;

/// <summary>The center routes: list with live state (everyone), register, replace, drain, resume and remove (admins).</summary>
public static class CenterEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var centers = app.MapGroup("").RequireAuthorization().WithTags("Centers");
        centers.ProducesProblem(401);
        centers.MapGet(ApiRoutes.Centers, ListAsync).WithName("ListCenters").WithSummary("Centers with live capacity, load, queue, price, PUE and carbon").Produces<CenterView[]>();
        centers.MapGet(ApiRoutes.Center, GetAsync).WithName("GetCenter").WithSummary("One center with its live state").Produces<CenterView>().ProducesProblem(404);
        var admin = centers.MapGroup("").RequireAuthorization(BrokerHost.AdminPolicy);
        admin.ProducesProblem(403);
        admin.MapPut(ApiRoutes.Center, PutAsync).WithName("PutCenter").WithSummary("Register or replace a center (body: one center in network-file YAML or JSON)")
            .Accepts<string>("application/yaml", "application/json").Produces<CenterView>().ProducesProblem(400).ProducesProblem(403);
        admin.MapDelete(ApiRoutes.Center, RemoveAsync).WithName("RemoveCenter").WithSummary("Remove a center that holds no work").Produces(204).ProducesProblem(404).ProducesProblem(409);
        admin.MapPost(ApiRoutes.CenterDrain, (HttpContext h, AccessStore a, NetworkState n, JobStore j, EngineRegistry e, Scheduler s, TimeProvider t, string id) => SetDrainedAsync(h, a, n, j, e, s, t, id, true))
            .WithName("DrainCenter").WithSummary("Drain: finish its work, take no new work").Produces<CenterView>().ProducesProblem(404);
        admin.MapPost(ApiRoutes.CenterResume, (HttpContext h, AccessStore a, NetworkState n, JobStore j, EngineRegistry e, Scheduler s, TimeProvider t, string id) => SetDrainedAsync(h, a, n, j, e, s, t, id, false))
            .WithName("ResumeCenter").WithSummary("Undo a drain").Produces<CenterView>().ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(HttpContext http, NetworkState network, JobStore jobs, AccessStore access, EngineRegistry engines, TimeProvider time)
    {
        var views = await ViewsAsync(network.Current, jobs, access, engines, time, http.RequestAborted);
        return Results.Json(views);
    }

    private static async Task<IResult> GetAsync(HttpContext http, NetworkState network, JobStore jobs, AccessStore access, EngineRegistry engines, TimeProvider time, string id)
    {
        var views = await ViewsAsync(network.Current, jobs, access, engines, time, http.RequestAborted);
        return views.FirstOrDefault(v => v.Id == id) is { } view ? Results.Json(view) : Problems.NotFound("center", id);
    }

    private static async Task<IResult> PutAsync(HttpContext http, NetworkManager manager, NetworkState network, JobStore jobs, AccessStore access, EngineRegistry engines, Scheduler scheduler, TimeProvider time, string id)
    {
        if (!IsValidId(id)) return Problems.Of(400, "Bad request", "center ids are lower-case letters, digits, '-' and '_'", [new SpecError("id", $"'{id}' is not a valid center id")]);
        using var reader = new StreamReader(http.Request.Body);
        string text = await reader.ReadToEndAsync(http.RequestAborted);
        try
        {
            var revision = await manager.PutCenterAsync(id, text, http.RequestAborted);
            scheduler.Wake();
            var views = await ViewsAsync(revision, jobs, access, engines, time, http.RequestAborted);
            return Results.Json(views.First(v => v.Id == id));
        }
        catch (SpecException e)
        {
            return Problems.Of(400, "Invalid center", $"{e.What}: {e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}", e.Errors);
        }
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, NetworkManager manager, NetworkState network, JobStore jobs, string id)
    {
        if (network.Current.Definition.FindCenter(id) is null) return Problems.NotFound("center", id);
        var holding = (await jobs.AtCentersAsync(http.RequestAborted)).Count(j => j.CenterId == id);
        if (holding > 0) return Problems.Of(409, "Center busy", $"{(holding == 1 ? "1 job is" : $"{holding} jobs are")} placed or running at '{id}'; drain it and wait for {(holding == 1 ? "it" : "them")} to finish");
        try
        {
            return await manager.RemoveCenterAsync(id, http.RequestAborted) is null ? Problems.NotFound("center", id) : Results.NoContent();
        }
        catch (SpecException e)
        {
            return Problems.Of(409, "Center still needed", $"removing '{id}' would leave the network invalid", e.Errors);
        }
    }

    private static async Task<IResult> SetDrainedAsync(HttpContext http, AccessStore access, NetworkState network, JobStore jobs, EngineRegistry engines, Scheduler scheduler, TimeProvider time, string id, bool drained)
    {
        if (network.Current.Definition.FindCenter(id) is null) return Problems.NotFound("center", id);
        await access.SetDrainedAsync(id, drained, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        scheduler.Wake();
        var views = await ViewsAsync(network.Current, jobs, access, engines, time, http.RequestAborted);
        return Results.Json(views.First(v => v.Id == id));
    }

    private static bool IsValidId(string id) => id.Length is > 0 and <= 63 && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');

    /// <summary>The API's name for the core's availability of a center.</summary>
    internal static CenterAvailability ViewOf(CoreAvailability availability) => availability switch
    {
        CoreAvailability.Up => CenterAvailability.Up,
        CoreAvailability.Degraded => CenterAvailability.Degraded,
        CoreAvailability.Down => CenterAvailability.Down,
        CoreAvailability.Draining => CenterAvailability.Draining,
        _ => throw new ArgumentOutOfRangeException(nameof(availability), availability, "an availability the API does not name"),
    };

    /// <summary>Every center of <paramref name="revision"/> with what it holds now.</summary>
    internal static async Task<IReadOnlyList<CenterView>> ViewsAsync(NetworkRevision revision, JobStore jobs, AccessStore access, EngineRegistry engines, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = await jobs.AtCentersAsync(cancellationToken);
        var drained = await access.DrainedCentersAsync(cancellationToken);
        var network = revision.Compiled;
        var byCenter = active.Where(j => j.CenterId is not null).GroupBy(j => j.CenterId!).ToDictionary(g => g.Key, g => g.ToList());
        var views = new List<CenterView>(revision.Definition.Centers.Count);
        foreach (var center in revision.Definition.Centers)
        {
            var held = byCenter.GetValueOrDefault(center.Id) ?? [];
            var inUse = default(ResourceVector);
            int running = 0, queued = 0;
            foreach (var job in held)
            {
                if (job.State is JobState.Running) running++;
                else if (job.State is JobState.Placed or JobState.Dispatched) queued++;
                if (job.State is not (JobState.Running or JobState.Unknown)) continue;
                int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
                inUse += Runtime.Demand(JobViews.Resources(job), pool >= 0 && network.PoolIsCpu[pool]);
            }
            int totalAccelerators = center.Pools.Sum(p => p.TotalAccelerators);
            int totalCpus = center.Pools.Sum(p => p.TotalCpus);
            double load = inUse.DominantShareOf(new ResourceVector(totalAccelerators, totalCpus, center.Pools.Sum(p => p.TotalMemoryGiB)));
            var health = engines.Health(center.Id);
            var availability = ViewOf(health.AvailabilityWhen(drained.Contains(center.Id)));
            // The core's price shape: the center's hour-of-day multiplier now, in its own time zone.
            double multiplier = network.PriceShape[network.CenterIndex[center.Id]].ValueAt(SimTime.ToSeconds(now));
            views.Add(new CenterView(center.Id, center.DisplayName, center.DisplayNameZh, center.RegionId, center.Backend,
                availability, center.Latitude, center.Longitude, totalAccelerators, inUse.Accelerators, totalCpus, inUse.Cpus, Math.Min(1, load), running, queued,
                center.Pricing.PerAcceleratorHourYuan * multiplier, center.Pricing.PerCpuHourYuan * multiplier, center.Energy.Pue,
                center.Energy.CarbonIntensity.ValueAt(now), center.Energy.RenewableShare.ValueAt(now),
                center.Pools.Select(p => new PoolView(p.Id, p.AcceleratorModelId, p.NodeCount, p.AcceleratorsPerNode, p.CpusPerNode, p.MemoryGiBPerNode)).ToArray(),
                health.LastReport is { } r ? new EngineView(health.Reachable, r.SlotsTotal, r.Running, r.Pending, r.ReportedAt, r.Access) : null));
        }
        return views;
    }
}
