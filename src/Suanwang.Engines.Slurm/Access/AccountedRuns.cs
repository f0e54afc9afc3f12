using System.Globalization;

namespace Suanwang.Engines.Slurm;

/// <summary>Slurm's accounting record of a job as the broker meters it (<see cref="AccountedRun"/>).</summary>
internal static class AccountedRuns
{
    /// <summary>The run as accounted; the allocation read from its TRES (<c>cpu=4,mem=8G,node=1,gres/gpu=2</c>).</summary>
    public static AccountedRun Of(AccountedUsage usage)
    {
        double cpus = 0, accelerators = 0;
        foreach (string entry in usage.AllocatedTres.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0 || !double.TryParse(entry[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double count)) continue;
            string name = entry[..eq];
            if (name == "cpu") cpus = count;
            // gres/gpu=2 counts every GPU; gres/gpu:a100=2 repeats them by type.
            else if (name is "gres/gpu" or "gres/npu") accelerators += count;
        }
        double? kwh = usage.EnergyJoules is > 0 and var joules ? joules / 3.6e6 : null;
        return new AccountedRun(usage.ElapsedSeconds, accelerators, cpus, kwh, "Slurm accounting");
    }
}
