namespace Suanwang.Placement.Capacity;

/// <summary>An amount of a pool's resources: accelerators, CPU cores and host memory.</summary>
/// <param name="Accelerators">Accelerator devices.</param>
/// <param name="Cpus">CPU cores.</param>
/// <param name="MemoryGiB">Host memory, GiB.</param>
public readonly record struct ResourceVector(double Accelerators, double Cpus, double MemoryGiB)
{
    /// <summary>Component-wise sum.</summary>
    public static ResourceVector operator +(ResourceVector a, ResourceVector b) => new(a.Accelerators + b.Accelerators, a.Cpus + b.Cpus, a.MemoryGiB + b.MemoryGiB);
    /// <summary>Component-wise difference.</summary>
    public static ResourceVector operator -(ResourceVector a, ResourceVector b) => new(a.Accelerators - b.Accelerators, a.Cpus - b.Cpus, a.MemoryGiB - b.MemoryGiB);

    /// <summary>True when every component of this is at least <paramref name="demand"/>'s (with a small tolerance for rounding).</summary>
    public bool Covers(in ResourceVector demand) =>
        Accelerators + 1e-9 >= demand.Accelerators && Cpus + 1e-9 >= demand.Cpus && MemoryGiB + 1e-9 >= demand.MemoryGiB;

    /// <summary>Component-wise minimum.</summary>
    public static ResourceVector Min(in ResourceVector a, in ResourceVector b) =>
        new(Math.Min(a.Accelerators, b.Accelerators), Math.Min(a.Cpus, b.Cpus), Math.Min(a.MemoryGiB, b.MemoryGiB));

    /// <summary>The largest share this takes of <paramref name="total"/> over the dimensions total has (dominant share).</summary>
    public double DominantShareOf(in ResourceVector total)
    {
        double share = 0;
        if (total.Accelerators > 0) share = Math.Max(share, Accelerators / total.Accelerators);
        if (total.Cpus > 0) share = Math.Max(share, Cpus / total.Cpus);
        if (total.MemoryGiB > 0) share = Math.Max(share, MemoryGiB / total.MemoryGiB);
        return share;
    }
}
