using System.Text.Json.Serialization;
using Suanwang.Lifecycle;

namespace Suanwang.Api.Contracts;

/// <summary>The network's shape: its regions (hubs), the links between them and its tenant tiers.</summary>
/// <param name="Id">Network id, e.g. <c>china-hubs</c>.</param>
/// <param name="Description">What the network models.</param>
/// <param name="Revision">Content hash of the definition (the one decisions record).</param>
/// <param name="Regions">Regions.</param>
/// <param name="Links">Links between regions (symmetric).</param>
/// <param name="Tiers">Tenant tiers with their guaranteed shares.</param>
public sealed record NetworkView(string Id, string Description, string Revision, IReadOnlyList<RegionView> Regions, IReadOnlyList<LinkView> Links, IReadOnlyList<TierView> Tiers);

/// <summary>A region: a hub, where centers sit and where data lives.</summary>
/// <param name="Id">Region id.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name, if any.</param>
/// <param name="Role">Its side of the network (东数西算).</param>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east.</param>
public sealed record RegionView(string Id, string Name, string? NameZh, RegionRole Role, double Latitude, double Longitude);

/// <summary>A region's side of the network (东数西算), written in lower case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegionRole>))]
public enum RegionRole
{
    /// <summary>Where data and users are: latency-sensitive work.</summary>
    [JsonStringEnumMemberName("east")] East,
    /// <summary>Cheap, green compute: batch and offline work.</summary>
    [JsonStringEnumMemberName("west")] West,
    /// <summary>Neither (e.g. a network outside China).</summary>
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>A link between two regions.</summary>
/// <param name="From">One end (region id).</param>
/// <param name="To">Other end (region id).</param>
/// <param name="LatencyMs">One-way latency.</param>
/// <param name="BandwidthGbps">Bandwidth available to the network's transfers.</param>
/// <param name="PricePerGbYuan">Transfer price per gigabyte.</param>
public sealed record LinkView(string From, string To, double LatencyMs, double BandwidthGbps, double PricePerGbYuan);

/// <summary>A tenant tier.</summary>
/// <param name="Name">Tier name.</param>
/// <param name="GuaranteedShare">Share (0..1) of the network's dominant resource guaranteed while it has work.</param>
/// <param name="Weight">Weight when sharing what is left.</param>
public sealed record TierView(string Name, double GuaranteedShare, double Weight);

/// <summary>A job that changed, as the live feed (<c>GET /v1/live</c>, event <c>jobs</c>) sends it.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Name">Job name.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="State">Its state now.</param>
/// <param name="Version">Record version (a client keeps the highest it has seen).</param>
/// <param name="CenterId">Center it is placed on, if any.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Reason">Why it is in its state.</param>
public sealed record JobChangeView(string Id, string Name, string Tenant, JobState State, long Version, string? CenterId, DateTimeOffset UpdatedAt, string Reason);

/// <summary>A center's load, as the live feed (event <c>centers</c>) sends it every few seconds.</summary>
/// <param name="Id">Center id.</param>
/// <param name="Availability">Whether it takes work now.</param>
/// <param name="Load">Dominant share in use, 0..1.</param>
/// <param name="Running">Jobs running.</param>
/// <param name="Queued">Jobs placed or dispatched, not yet running.</param>
public sealed record CenterLoadView(string Id, CenterAvailability Availability, double Load, int Running, int Queued);

/// <summary>Work held at centers of one region whose input data lives in another region (东数西算): the live feed's event <c>flows</c>.</summary>
/// <param name="FromRegionId">Where the data lives.</param>
/// <param name="ToRegionId">Region of the center running the work.</param>
/// <param name="CenterId">The center.</param>
/// <param name="Jobs">Jobs placed, dispatched or running there with their data in <paramref name="FromRegionId"/>.</param>
public sealed record FlowView(string FromRegionId, string ToRegionId, string CenterId, int Jobs);

/// <summary>What an operator watches: utilisation over time, east–west share, energy and carbon, fairness by tier, flagged centers, prediction accuracy.</summary>
/// <param name="GeneratedAt">When this was computed.</param>
/// <param name="PeriodStart">Start of the accounting period (first of the month, UTC) that the totals cover.</param>
/// <param name="Utilisation">Sampled load per center and per region.</param>
/// <param name="EastWest">Where work ran, by region role.</param>
/// <param name="Energy">Energy, carbon and green share of the runs that ended this period.</param>
/// <param name="Tiers">Per tier: guaranteed share against what it holds and used.</param>
/// <param name="Flagged">Centers that are down, degraded or draining.</param>
/// <param name="Finishes">Recently finished jobs: predicted against actual end.</param>
public sealed record OperationsView(
    DateTimeOffset GeneratedAt,
    DateTimeOffset PeriodStart,
    UtilisationHistoryView Utilisation,
    EastWestView EastWest,
    EnergyView Energy,
    IReadOnlyList<TierFairnessView> Tiers,
    IReadOnlyList<CenterFlagView> Flagged,
    FinishAccuracyView Finishes);

/// <summary>Load sampled by the broker every few seconds since it started (the most recent hour at most).</summary>
/// <param name="SampleSeconds">Seconds between samples.</param>
/// <param name="CenterIds">Centers, in the order of <see cref="UtilisationSampleView.Centers"/>.</param>
/// <param name="RegionIds">Regions, in the order of <see cref="UtilisationSampleView.Regions"/>.</param>
/// <param name="Samples">Samples, oldest first (at most <c>maxSamples</c>, evenly thinned).</param>
public sealed record UtilisationHistoryView(double SampleSeconds, IReadOnlyList<string> CenterIds, IReadOnlyList<string> RegionIds, IReadOnlyList<UtilisationSampleView> Samples);

/// <summary>One sample of load.</summary>
/// <param name="At">When.</param>
/// <param name="Centers">Each center's dominant share in use, 0..1.</param>
/// <param name="Regions">Each region's dominant share in use over its centers' summed capacity, 0..1.</param>
/// <param name="Tiers">Each tier's dominant share of the whole network in use, 0..1.</param>
public sealed record UtilisationSampleView(DateTimeOffset At, IReadOnlyList<double> Centers, IReadOnlyList<double> Regions, IReadOnlyDictionary<string, double> Tiers);

/// <summary>Where work runs, by the role of its center's region.</summary>
/// <param name="RunningEast">Jobs running now at eastern centers.</param>
/// <param name="RunningWest">Jobs running now at western centers.</param>
/// <param name="RunningOther">Jobs running now elsewhere.</param>
/// <param name="FinishedEast">Runs that ended this period at eastern centers.</param>
/// <param name="FinishedWest">Runs that ended this period at western centers.</param>
/// <param name="FinishedOther">Runs that ended this period elsewhere.</param>
/// <param name="WestShareOfWork">Western share of the accelerator- and core-hours metered this period (0..1; 0 when none).</param>
public sealed record EastWestView(int RunningEast, int RunningWest, int RunningOther, int FinishedEast, int FinishedWest, int FinishedOther, double WestShareOfWork);

/// <summary>Energy and carbon of the runs that ended this period.</summary>
/// <param name="EnergyKwh">Facility energy (IT × PUE).</param>
/// <param name="CarbonKg">Carbon, kg CO₂.</param>
/// <param name="CostYuan">Cost.</param>
/// <param name="GreenShare">Renewable share of that energy, weighting each center's energy by its renewable share now (an approximation: the hour-by-hour share is not stored per run).</param>
/// <param name="Centers">Per center.</param>
public sealed record EnergyView(double EnergyKwh, double CarbonKg, double CostYuan, double GreenShare, IReadOnlyList<CenterEnergyView> Centers);

/// <summary>A center's metered totals this period.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="Runs">Runs that ended.</param>
/// <param name="EnergyKwh">Facility energy.</param>
/// <param name="CarbonKg">Carbon.</param>
/// <param name="CostYuan">Cost.</param>
/// <param name="RenewableShare">The center's renewable share now.</param>
public sealed record CenterEnergyView(string CenterId, int Runs, double EnergyKwh, double CarbonKg, double CostYuan, double RenewableShare);

/// <summary>Did a tier get its guaranteed share?</summary>
/// <param name="Tier">Tier.</param>
/// <param name="GuaranteedShare">Guaranteed share of the network while it has work, 0..1.</param>
/// <param name="ShareNow">Dominant share of the network it holds now, 0..1.</param>
/// <param name="Waiting">Its jobs waiting for a center now.</param>
/// <param name="Running">Its jobs running now.</param>
/// <param name="ShareOfPeriodWork">Its share of the accelerator- and core-hours metered this period, 0..1.</param>
/// <param name="Met">True when it holds at least its guarantee or has nothing waiting (a tier with no demand is not short-changed).</param>
public sealed record TierFairnessView(string Tier, double GuaranteedShare, double ShareNow, int Waiting, int Running, double ShareOfPeriodWork, bool Met);

/// <summary>A center an operator should look at.</summary>
/// <param name="CenterId">Center.</param>
/// <param name="Availability">Down, Degraded or Draining (never Up).</param>
/// <param name="Detail">What is known.</param>
public sealed record CenterFlagView(string CenterId, CenterAvailability Availability, string Detail);

/// <summary>How well the broker predicted when jobs finish.</summary>
/// <param name="MeanAbsoluteErrorSeconds">Mean of |actual − predicted| over <paramref name="Points"/> (null when none).</param>
/// <param name="Points">Recently finished jobs, newest first.</param>
public sealed record FinishAccuracyView(double? MeanAbsoluteErrorSeconds, IReadOnlyList<FinishPointView> Points);

/// <summary>One finished job's predicted and actual end.</summary>
/// <param name="JobId">Job.</param>
/// <param name="CenterId">Where it ran.</param>
/// <param name="PredictedFinishAt">When its plan said it would finish.</param>
/// <param name="ActualFinishAt">When it did.</param>
public sealed record FinishPointView(string JobId, string? CenterId, DateTimeOffset PredictedFinishAt, DateTimeOffset ActualFinishAt);
