using Suanwang.Model.Network;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation;

/// <summary>Everything a simulation run needs.</summary>
/// <param name="Network">The network (as loaded; capacity scaling is applied by the runner).</param>
/// <param name="NetworkName">Name shown in the summary (bundled name or file name).</param>
/// <param name="OpenArrivals">Opens a fresh, ordered stream of arrivals; called once per policy and for the bounds, so traces are streamed, never held.</param>
/// <param name="DescribeTrace">Describes the trace after a full read (file hash, rows, skipped rows).</param>
/// <param name="Policies">Policy names, in the order to report them.</param>
/// <param name="Seed">The workload model's seed (recorded).</param>
/// <param name="CapacityScale">Multiplier on every pool's node count (what-if studies).</param>
/// <param name="WorkloadModel">The workload model's rules, as text.</param>
/// <param name="Options">Simulated broker settings.</param>
/// <param name="MaxParallelism">How many policies to run at once.</param>
public sealed record SimulationRequest(
    NetworkDefinition Network,
    string NetworkName,
    Func<IEnumerable<SimulationArrival>> OpenArrivals,
    Func<TraceInput> DescribeTrace,
    IReadOnlyList<string> Policies,
    int Seed,
    double CapacityScale,
    IReadOnlyList<string> WorkloadModel,
    SimulationOptions Options,
    int MaxParallelism = 2);
