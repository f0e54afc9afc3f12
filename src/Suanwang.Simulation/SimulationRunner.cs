using Suanwang.Model.Network;
using Suanwang.Placement.Network;
using Suanwang.Placement.Policies;
using Suanwang.Simulation.Bounds;
using Suanwang.Simulation.Engine;
using Suanwang.Simulation.Metrics;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation;

/// <summary>
/// Replays a trace through the placement core once per policy (in parallel, each on its own
/// stream of the trace), computes the lower bounds, and assembles the summary and report data.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Runs <paramref name="request"/>.</summary>
    public static SimulationReportData Run(SimulationRequest request)
    {
        var policies = request.Policies.Select(PolicyCatalog.Create).ToList(); // fails fast on an unknown name
        var definition = ScaleCapacity(request.Network, request.CapacityScale);
        var network = new CompiledNetwork(definition);
        var pooled = new CompiledNetwork(LowerBoundCalculator.PooledNetwork(definition));

        // Work items: each policy, the pooled-capacity bound, and the per-job bounds.
        var results = new PolicyMetrics[policies.Count];
        PolicyMetrics? pooledMetrics = null;
        var bounds = new LowerBoundCalculator(network);
        var work = new List<Action>();
        for (int i = 0; i < policies.Count; i++)
        {
            int index = i;
            work.Add(() => results[index] = new Simulator(network, policies[index], request.Options).Run(request.OpenArrivals()));
        }
        work.Add(() => pooledMetrics = new Simulator(pooled, new FirstToStartPolicy(), request.Options).Run(request.OpenArrivals().Select(LowerBoundCalculator.ForPooledNetwork)));
        work.Add(() => { foreach (var arrival in request.OpenArrivals()) bounds.Add(arrival); });
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism) }, action => action());

        var lowerBounds = new LowerBounds(
            bounds.MeanCompletionNoQueueSeconds,
            pooledMetrics!.CompletionSeconds.Mean,
            bounds.CarbonGreenestKg,
            bounds.Jobs,
            BoundMethods);
        var trace = request.DescribeTrace();
        var inputs = new SimulationInputs(
            new InputFile(request.NetworkName, definition.Revision),
            trace with { JobsUsed = results.Length > 0 ? results[0].Submitted : 0 },
            request.Seed,
            request.CapacityScale,
            request.WorkloadModel,
            request.Options);
        var summaries = policies.Select((p, i) => SummaryBuilder.Build(p, results[i], network, lowerBounds)).ToList();
        var summary = new SimulationSummary("suanwang-simulation-summary/1", inputs, lowerBounds, summaries, SummaryBuilder.Definitions);
        var series = policies.Select((p, i) => SummaryBuilder.Series(p.Name, results[i], network)).ToList();
        return new SimulationReportData(
            summary,
            network.Centers.Select(c => c.Id).ToList(),
            network.Centers.Select(c => c.DisplayNameZh is { Length: > 0 } zh ? $"{zh} ({c.DisplayName})" : c.DisplayName).ToList(),
            series);
    }

    /// <summary>The network with every pool's node count multiplied by <paramref name="scale"/> (at least one node).</summary>
    public static NetworkDefinition ScaleCapacity(NetworkDefinition network, double scale)
    {
        if (scale == 1.0) return network;
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "capacity scale must be a positive number");
        return network with
        {
            Centers = network.Centers.Select(c => c with
            {
                Pools = c.Pools.Select(p => p with { NodeCount = Math.Max(1, (int)Math.Round(p.NodeCount * scale)) }).ToList(),
            }).ToList(),
        };
    }

    private static readonly IReadOnlyList<string> BoundMethods =
    [
        "meanCompletionNoQueueSeconds: for each job, the earliest predicted finish over every feasible center on an idle network (input transfer + run time on that center's accelerator + output transfer, no queueing), averaged over the jobs. No policy can finish a job sooner.",
        "meanCompletionPooledSeconds: the trace simulated on one center holding all of the network's accelerators (and CPU cores), each of the fastest model in the catalog, with no data transfer and no model or residency constraints, in the same fair-share order with backfilling. It removes what spreading capacity over many centers costs; it bounds placement, not queue ordering.",
        "carbonGreenestKg: for each job, the least carbon over every feasible center and every whole-hour start within 24 hours of its arrival, on an idle network, summed. versusBounds.carbonVsGreenest compares carbon per completed job. Only a policy that holds jobs for more than a day can go below it (the grid's later hours may be cleaner).",
    ];
}
