namespace Suanwang.Specs;

/// <summary>
/// Caps applied to every job spec. They exist so that hostile or mistaken input (a 1 GB file, a
/// million-element array, <c>count: 1e300</c>) gets a clear error instead of unbounded work or memory.
/// Each cap is far above any real job.
/// </summary>
public static class SpecLimits
{
    /// <summary>Largest spec or script accepted, in bytes of UTF-8 (1 MiB).</summary>
    public const int MaxTextBytes = 1024 * 1024;

    /// <summary>Deepest YAML/JSON nesting accepted (the spec itself needs 3 levels).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most YAML/JSON values (scalars, lists, mappings) in one spec.</summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>Most errors listed in one <see cref="Suanwang.Model.Errors.SpecException"/>; the rest are counted.</summary>
    public const int MaxErrors = 100;

    /// <summary>Most accelerators one job may ask for.</summary>
    public const int MaxAccelerators = 100_000;

    /// <summary>Most nodes one job may span.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Most CPU cores one job may ask for.</summary>
    public const int MaxCpus = 10_000_000;

    /// <summary>Most host memory one job may ask for, GiB (1 PiB).</summary>
    public const double MaxMemoryGiB = 1024.0 * 1024.0;

    /// <summary>Largest device memory a job may require per accelerator, GiB.</summary>
    public const double MaxAcceleratorMemoryGiB = 65_536;

    /// <summary>Most tasks one job array may expand into.</summary>
    public const int MaxArrayTasks = 10_000;

    /// <summary>Largest job-array index.</summary>
    public const int MaxArrayIndex = 1_000_000;

    /// <summary>Most elements of a command's argv.</summary>
    public const int MaxCommandArgs = 4096;

    /// <summary>Longest single argument or environment value, in characters (Linux's MAX_ARG_STRLEN).</summary>
    public const int MaxArgumentChars = 131_072;

    /// <summary>Most items in any other list (inputs, centers, dependencies, accelerator models).</summary>
    public const int MaxListItems = 1000;

    /// <summary>Most environment variables.</summary>
    public const int MaxEnvironmentEntries = 4096;

    /// <summary>Longest job name, in characters.</summary>
    public const int MaxNameChars = 256;

    /// <summary>Longest id (tenant, tier, region, center, data set, accelerator model, job), in characters.</summary>
    public const int MaxIdChars = 128;

    /// <summary>Longest work estimate or time limit, hours (10 years).</summary>
    public const double MaxHours = 87_600;

    /// <summary>Largest data size, GiB (1 EiB).</summary>
    public const double MaxSizeGiB = 1024.0 * 1024.0 * 1024.0;

    /// <summary>Highest price ceiling, yuan.</summary>
    public const double MaxPriceYuan = 1e12;

    /// <summary>Highest latency bound, milliseconds.</summary>
    public const double MaxLatencyMs = 60_000;

    /// <summary>Longest a flexible job may be deferred, hours (one week).</summary>
    public const double MaxFlexibleStartHours = 168;
}
