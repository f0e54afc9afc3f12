using System.Globalization;
using Suanwang.Networks;
using Suanwang.Placement.Policies;
using Suanwang.Simulation;
using Suanwang.Simulation.Reporting;
using Suanwang.Simulation.Summary;
using Suanwang.Testing.Data;
using Suanwang.Traces;
using Suanwang.Traces.Workload;

namespace Suanwang.Dashboard.Tests.Support;

/// <summary>
/// A real <c>suanwang simulate</c> result on disk: the committed Philly sample (2,000 jobs) on china-hubs at a
/// tenth of its capacity, every policy, as the simulator's golden test runs it; its summary.json and report.html
/// in a folder of their own. Made once per test run (about 15 s on two cores).
/// </summary>
public sealed record SimulatedReport(SimulationReportData Data, string Folder)
{
    private static readonly Lazy<SimulatedReport> Shared = new(Simulate);

    /// <summary>The result, simulated on first use.</summary>
    public static SimulatedReport Get() => Shared.Value;

    /// <summary>The report's path.</summary>
    public string ReportPath => Path.Combine(Folder, "report.html");

    /// <summary>The summary's path.</summary>
    public string SummaryPath => Path.Combine(Folder, "summary.json");

    /// <summary>Writes <paramref name="data"/>'s report.html and summary.json into a new folder.</summary>
    public static SimulatedReport Write(SimulationReportData data)
    {
        string folder = Directory.CreateTempSubdirectory("suanwang-report-").FullName;
        var report = new SimulatedReport(data, folder);
        File.WriteAllText(report.SummaryPath, SummaryJson.Serialize(data.Summary));
        SimulationReportWriter.Write(data, report.ReportPath);
        return report;
    }

    private static SimulatedReport Simulate()
    {
        var network = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);
        var model = new WorkloadModel(network, WorkloadModelOptions.Default with { Seed = 1 });
        TraceReader? last = null;
        IEnumerable<SimulationArrival> Open()
        {
            last = TraceReaders.Open(TestData.Sample("philly-2017-jobs/philly.csv.gz"), null, TraceReadOptions.Default with { Limit = 2000 });
            return model.Enrich(last).Select(j => new SimulationArrival(j.Request, j.SubmitTime, j.ActualReferenceHours));
        }
        TraceInput Describe() => new(new InputFile(last!.Source.FileName, last.Stats!.Sha256), last.Source.Format.ToString(), last.Stats.DataRows, 0,
            last.Stats.Skipped.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value));
        var data = SimulationRunner.Run(new SimulationRequest(network, "china-hubs", Open, Describe, PolicyCatalog.Names, 1, 0.1,
            model.Describe(), SimulationOptions.Default));
        return Write(data);
    }

    /// <summary>A quantity as the report's tables and charts print it: thousands separators, two decimals below 100.</summary>
    public static string Quantity(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N2", CultureInfo.InvariantCulture);
}
