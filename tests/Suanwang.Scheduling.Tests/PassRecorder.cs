using Suanwang.Placement;
using Suanwang.Placement.Estimation;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Placement.Snapshot;
using Suanwang.Model.Jobs;
using Suanwang.Model.Network;

namespace Suanwang.Scheduling.Tests;

/// <summary>A driver for tests: one snapshot that persists (as the simulator's does), a queue, and what the pass told it.</summary>
internal sealed class PassRecorder : IPassObserver
{
    private long _sequence;

    public PassRecorder(NetworkDefinition network, SchedulingOptions? options = null, string policy = "first-to-start")
    {
        Network = new CompiledNetwork(network);
        Snapshot = new NetworkSnapshot(Network);
        Pass = new SchedulingPass(PolicyCatalog.Create(policy), options ?? SchedulingOptions.Default);
    }

    public CompiledNetwork Network { get; }
    public NetworkSnapshot Snapshot { get; }
    public SchedulingPass Pass { get; }
    public WaitingQueue Queue { get; } = new();
    public List<(string Job, string Center, double Start, double End, CandidateEstimate Plan)> Bound { get; } = new();
    public List<string> NotPlacedJobs { get; } = new();
    public List<(string Job, bool Reserved)> Waiting { get; } = new();
    public List<(string Job, string Reason)> HeldBackJobs { get; } = new();
    public Func<WaitingJob, string?> Gate { get; set; } = _ => null;

    public WaitingJob Admit(JobRequest job, double atSeconds)
    {
        var waiting = new WaitingJob(job, atSeconds, _sequence++);
        Pass.Admit(Snapshot, Queue, waiting, atSeconds, this);
        return waiting;
    }

    public void RunPass(double atSeconds) => Pass.Run(Snapshot, Queue, atSeconds, Network.Definition.FairShare, this);

    /// <summary>Ends a bound job at <paramref name="atSeconds"/>, as a driver does when its run ends early (frees the rest of its hold).</summary>
    public void End(string jobId, double atSeconds)
    {
        var bound = Bound.Single(b => b.Job == jobId);
        Ends[jobId] = atSeconds;
        var job = BoundRequests[jobId];
        var demand = SnapshotCommits.Demand(Snapshot, job, bound.Plan.Pool);
        if (atSeconds < bound.End) Snapshot.PoolProfiles[bound.Plan.Pool].Release(atSeconds, bound.End, demand);
        Snapshot.Usage.Remove(job.Tenant, job.Tier, demand, atSeconds);
    }

    private Dictionary<string, JobRequest> BoundRequests { get; } = new();

    /// <summary>When each ended job ended.</summary>
    public Dictionary<string, double> Ends { get; } = new();

    string? IPassObserver.HoldBack(WaitingJob job) => Gate(job);

    void IPassObserver.Bound(WaitingJob job, in PlacementOutcome outcome)
    {
        var plan = outcome.Plan;
        Bound.Add((job.Request.Id, Network.Centers[plan.Center].Id, plan.StartSeconds, plan.StartSeconds + plan.RuntimeSeconds, plan));
        BoundRequests[job.Request.Id] = job.Request;
    }

    void IPassObserver.NotPlaced(WaitingJob job, in PlacementOutcome outcome) => NotPlacedJobs.Add(job.Request.Id);

    void IPassObserver.Waits(WaitingJob job, in PlacementOutcome outcome, bool reserved) => Waiting.Add((job.Request.Id, reserved));

    void IPassObserver.HeldBack(WaitingJob job, string reason) => HeldBackJobs.Add((job.Request.Id, reason));
}
