using Prometheus;

namespace Suanwang.Broker.Observability;

/// <summary>The broker's Prometheus metrics, in a registry of its own (served at <c>/metrics</c>).</summary>
public sealed class BrokerMetrics
{
    /// <summary>A fresh registry and its metrics.</summary>
    public BrokerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        JobsByState = factory.CreateGauge("suanwang_jobs", "Jobs not yet final, by state (final states: jobs that reached them since start).", "state");
        QueueLength = factory.CreateGauge("suanwang_queue_length", "Jobs waiting for a placement, by tenant tier.", "tier");
        Decisions = factory.CreateCounter("suanwang_placement_decisions_total", "Placement decisions made, by outcome (placed, unplaceable).", "outcome");
        DecisionSeconds = factory.CreateHistogram("suanwang_placement_decision_seconds", "Time to make one explained placement decision.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16) });
        DispatchLatency = factory.CreateHistogram("suanwang_dispatch_latency_seconds", "From a committed placement to the center's engine accepting the run.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        Submissions = factory.CreateCounter("suanwang_submissions_total", "Submissions by outcome (created, replayed, invalid, refused, conflict, rate_limited, over_quota, unavailable).", "outcome");
        Transitions = factory.CreateCounter("suanwang_job_transitions_total", "Job state transitions committed, by new state.", "to");
        CycleSeconds = factory.CreateHistogram("suanwang_scheduler_cycle_seconds", "Duration of one scheduling cycle.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        CentersUp = factory.CreateGauge("suanwang_center_up", "1 when the center's engine answered its last call, else 0.", "center");
        OrphansCancelled = factory.CreateCounter("suanwang_orphan_runs_cancelled_total", "Runs found at a center without a live job attempt (e.g. after a requeue) and cancelled.");
    }

    /// <summary>The registry served at /metrics.</summary>
    public CollectorRegistry Registry { get; }
    /// <summary>Jobs by state.</summary>
    public Gauge JobsByState { get; }
    /// <summary>Queue length by tier.</summary>
    public Gauge QueueLength { get; }
    /// <summary>Decisions by outcome.</summary>
    public Counter Decisions { get; }
    /// <summary>Decision time.</summary>
    public Histogram DecisionSeconds { get; }
    /// <summary>Dispatch latency.</summary>
    public Histogram DispatchLatency { get; }
    /// <summary>Submissions by outcome.</summary>
    public Counter Submissions { get; }
    /// <summary>Transitions by new state.</summary>
    public Counter Transitions { get; }
    /// <summary>Scheduler cycle time.</summary>
    public Histogram CycleSeconds { get; }
    /// <summary>Center reachability.</summary>
    public Gauge CentersUp { get; }
    /// <summary>Orphan runs cancelled.</summary>
    public Counter OrphansCancelled { get; }
}
