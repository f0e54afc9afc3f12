using System.Globalization;
using System.Text;

namespace Suanwang.Cli.Tests.Support;

/// <summary>
/// A small trace in the Philly per-job CSV format (<c>timestamp,duration,num_gpus,gpu_time,cluster</c>), made
/// deterministically: job i arrives 397 s after job i−1 from 2017-10-02 08:00, runs 10 min to about 6 h, on
/// 1–16 GPUs, in one of three virtual clusters.
/// </summary>
public static class PhillyTrace
{
    private static readonly int[] GpuCounts = [1, 1, 2, 4, 8, 1, 16];
    private static readonly string[] Clusters = ["6214e9", "7f04ca", "b436b2"];

    /// <summary>The CSV text of a trace of <paramref name="jobs"/> jobs.</summary>
    public static string Csv(int jobs)
    {
        var start = new DateTime(2017, 10, 2, 8, 0, 0);
        var csv = new StringBuilder("timestamp,duration,num_gpus,gpu_time,cluster\n");
        for (int i = 0; i < jobs; i++)
        {
            var submit = start.AddSeconds(i * 397);
            int durationSeconds = 600 + (i * 7919) % 20000;
            int gpus = GpuCounts[i % GpuCounts.Length];
            csv.Append(CultureInfo.InvariantCulture,
                $"{submit:yyyy-MM-dd HH:mm:ss},{durationSeconds}.0,{gpus},{durationSeconds * gpus}.0,{Clusters[i % Clusters.Length]}\n");
        }
        return csv.ToString();
    }

    /// <summary>Writes a trace of <paramref name="jobs"/> jobs as <c>philly-small.csv</c> in <paramref name="folder"/> and returns its path.</summary>
    public static string WriteTo(TempFolder folder, int jobs) => folder.Write("philly-small.csv", Csv(jobs));
}
