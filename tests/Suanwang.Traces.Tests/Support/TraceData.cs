namespace Suanwang.Traces.Tests.Support;

/// <summary>
/// Finds the shared trace data: <c>SUANWANG_DATA_DIR</c> if set, else <c>../shared/data</c> beside the
/// folder holding <c>Suanwang.slnx</c>, found by walking up from the test binaries.
/// </summary>
internal static class TraceData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string Philly => Path("philly-2017-jobs", "philly.csv.gz");
    public static string AlibabaPods => Path("alibaba-gpu-v2023-openb", "openb_pod_list_default.csv.gz");
    public static string AlibabaNodes => Path("alibaba-gpu-v2023-openb", "openb_node_list_all_node.csv");
    public static string NasaSwf => Path("pwa-nasa-ipsc-1993", "NASA-iPSC-1993-3.1-cln.swf.gz");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("SUANWANG_DATA_DIR") is { Length: > 0 } configured)
            return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Suanwang.slnx")))
            {
                string data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                if (Directory.Exists(data)) return data;
                throw new DirectoryNotFoundException($"trace data not found at {data}; set SUANWANG_DATA_DIR");
            }
        }
        throw new DirectoryNotFoundException("Suanwang.slnx not found above the test binaries; set SUANWANG_DATA_DIR");
    }
}
