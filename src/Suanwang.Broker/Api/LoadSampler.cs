using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Network;
using Suanwang.Lifecycle;
using Suanwang.Model.Network;
using Suanwang.Placement.Capacity;
using Suanwang.Placement.Estimation;
using Suanwang.Store;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Api;

/// <summary>
/// Samples every center's load every <see cref="SampleInterval"/>: keeps the last hour for the
/// operations view and hands each sample (loads and east–west flows) to the live feed. The history
/// lives in memory only: a restarted broker starts a new one.
/// </summary>
public sealed class LoadSampler(NetworkState network, JobStore jobs, AccessStore access, EngineRegistry engines, LiveFeed feed, TimeProvider time,
    ILogger<LoadSampler> logger) : BackgroundService
{
    /// <summary>Seconds between samples.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(2);

    /// <summary>Samples kept (one hour).</summary>
    public const int MaxSamples = 1800;

    private readonly Lock _gate = new();
    private readonly Queue<Sample> _history = new();
    private readonly Dictionary<string, string?> _dataRegionOf = new();
    private string _layout = "";

    /// <summary>One sample: the centers and regions it was taken over, and the loads.</summary>
    public sealed record Sample(DateTimeOffset At, string[] CenterIds, string[] RegionIds, double[] Centers, double[] Regions, Dictionary<string, double> Tiers);

    /// <summary>The latest loads and flows, for a new subscriber to start from (null before the first sample).</summary>
    public (IReadOnlyList<CenterLoadView> Loads, IReadOnlyList<FlowView> Flows)? Latest { get; private set; }

    /// <summary>The samples kept, oldest first.</summary>
    public IReadOnlyList<Sample> History()
    {
        lock (_gate) return _history.ToArray();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sample (store briefly unavailable) leaves a gap in the chart, nothing more.
                logger.LogWarning(e, "Load sample failed");
            }
            try
            {
                await Task.Delay(SampleInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var revision = network.Current;
        var definition = revision.Definition;
        var views = await CenterEndpoints.ViewsAsync(revision, jobs, access, engines, time, cancellationToken);
        var active = await jobs.AtCentersAsync(cancellationToken);
        var now = time.GetUtcNow();

        string[] centerIds = views.Select(v => v.Id).ToArray();
        string[] regionIds = definition.Regions.Select(r => r.Id).ToArray();
        double[] regionLoads = regionIds.Select(region =>
        {
            var inRegion = views.Where(v => v.RegionId == region).ToArray();
            var inUse = new ResourceVector(inRegion.Sum(v => v.AcceleratorsInUse), inRegion.Sum(v => v.CpusInUse), 0);
            return Math.Min(1, inUse.DominantShareOf(new ResourceVector(inRegion.Sum(v => v.Accelerators), inRegion.Sum(v => v.Cpus), 0)));
        }).ToArray();
        var sample = new Sample(now, centerIds, regionIds, views.Select(v => v.Load).ToArray(), regionLoads, TierShares(revision, active));

        var flows = await FlowsAsync(definition, active, cancellationToken);
        var loads = views.Select(v => new CenterLoadView(v.Id, v.Availability, v.Load, v.Running, v.Queued)).ToArray();
        lock (_gate)
        {
            // A changed network (centers added or removed) starts a new history: old columns would not line up.
            string layout = string.Join(',', centerIds) + "|" + string.Join(',', regionIds);
            if (layout != _layout) _history.Clear();
            _layout = layout;
            _history.Enqueue(sample);
            while (_history.Count > MaxSamples) _history.Dequeue();
            Latest = (loads, flows);
        }
        feed.PublishToAll(LiveFeed.CentersEvent, JsonSerializer.Serialize(loads, LiveFeed.Json));
        feed.PublishToAll(LiveFeed.FlowsEvent, JsonSerializer.Serialize(flows, LiveFeed.Json));
    }

    /// <summary>Each tier's dominant share of the whole network held now (running jobs), 0..1.</summary>
    internal static Dictionary<string, double> TierShares(NetworkRevision revision, IReadOnlyList<JobRow> active)
    {
        var definition = revision.Definition;
        var network = revision.Compiled;
        // Accelerators and cores only (memory left out, as the operators' chart has always shown it).
        var total = network.TotalCapacity with { MemoryGiB = 0 };
        var shares = definition.FairShare.Tiers.ToDictionary(t => t.Name, _ => 0.0);
        foreach (var tier in active.Where(j => j.State is JobState.Running or JobState.Unknown).GroupBy(j => j.Tier))
        {
            var held = default(ResourceVector);
            foreach (var job in tier)
            {
                int pool = network.PoolIndexOf(job.CenterId, job.PoolId);
                held += Runtime.Demand(JobViews.Resources(job), pool >= 0 && network.PoolIsCpu[pool]);
            }
            shares[tier.Key] = Math.Min(1, held.DominantShareOf(total));
        }
        return shares;
    }

    // Work whose input data lives in another region than the center running it: the east-to-west
    // flows the map draws. A job's data region never changes, so each request is read once.
    private async Task<IReadOnlyList<FlowView>> FlowsAsync(NetworkDefinition definition, IReadOnlyList<JobRow> active, CancellationToken cancellationToken)
    {
        var present = active.Select(j => j.Id).ToHashSet();
        foreach (var gone in _dataRegionOf.Keys.Where(id => !present.Contains(id)).ToArray()) _dataRegionOf.Remove(gone);
        var unknown = active.Where(j => !_dataRegionOf.ContainsKey(j.Id)).ToArray();
        if (unknown.Length > 0)
        {
            // Inputs are the same for every element of an array: each body is read once.
            var requests = await jobs.RequestTemplatesAsync(unknown.Select(j => j.BodyId).Distinct().ToArray(), cancellationToken);
            var regionOfBody = requests.ToDictionary(r => r.Key, r => JsonSerializer.Deserialize<Suanwang.Model.Jobs.JobRequest>(r.Value, JobViews.StoreJson)?
                .Inputs.OrderByDescending(i => i.SizeGiB).FirstOrDefault()?.RegionId);
            foreach (var job in unknown)
                if (regionOfBody.TryGetValue(job.BodyId, out string? region)) _dataRegionOf[job.Id] = region;
        }
        var regionOfCenter = definition.Centers.ToDictionary(c => c.Id, c => c.RegionId);
        return active
            .Where(j => j.CenterId is not null && _dataRegionOf.GetValueOrDefault(j.Id) is not null && regionOfCenter.ContainsKey(j.CenterId))
            .GroupBy(j => (From: _dataRegionOf[j.Id]!, j.CenterId))
            .Where(g => g.Key.From != regionOfCenter[g.Key.CenterId!])
            .Select(g => new FlowView(g.Key.From, regionOfCenter[g.Key.CenterId!], g.Key.CenterId!, g.Count()))
            .OrderByDescending(f => f.Jobs)
            .ToArray();
    }
}
