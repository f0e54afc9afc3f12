using Suanwang.Testing.Data;

namespace Suanwang.Traces.Tests.Support;

/// <summary>
/// The real traces the tests read, by their path in the public data folder. The committed samples
/// (<see cref="TestData.Sample"/>) hold the head of each; the full files (<see cref="TestData.Full"/>)
/// are read only by tests marked <see cref="FullDataFactAttribute"/>.
/// </summary>
internal static class TraceFiles
{
    /// <summary>Philly 2017 jobs. Sample: the first 2000 jobs.</summary>
    public const string Philly = "philly-2017-jobs/philly.csv.gz";

    /// <summary>Alibaba openb pod list. Sample: the first 500 pods.</summary>
    public const string AlibabaPods = "alibaba-gpu-v2023-openb/openb_pod_list_default.csv.gz";

    /// <summary>Alibaba openb node list (machines, not jobs). Sample: the first 20 nodes.</summary>
    public const string AlibabaNodes = "alibaba-gpu-v2023-openb/openb_node_list_all_node.csv";

    /// <summary>The NASA iPSC/860 SWF log. Sample: the header and the first 1000 jobs.</summary>
    public const string NasaSwf = "pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz";
}
