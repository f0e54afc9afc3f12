namespace Suanwang.Specs;

/// <summary>
/// What the caller knows that a spec does not: the id to give the job, the current time, whose job it
/// is by default and, optionally, which ids exist. The readers never read a clock or invent an id.
/// </summary>
/// <param name="JobId">Id for the job. Each element of a job array gets <c>{JobId}_{index}</c>.</param>
/// <param name="Now">The current time, used for relative times (<c>--begin=now+1hour</c>) and to refuse deadlines in the past.</param>
/// <param name="DefaultTenant">Tenant used when the spec names none.</param>
/// <param name="DefaultTier">Tier used when the spec names none.</param>
public sealed record JobSpecContext(string JobId, DateTimeOffset Now, string DefaultTenant, string DefaultTier)
{
    /// <summary>
    /// Offset of the local time in which a script's wall-clock times (<c>--begin=16:00</c>,
    /// <c>--begin=tomorrow</c>) are meant. Default: UTC+8, China Standard Time.
    /// </summary>
    public TimeSpan TimeZoneOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Says whether a region id exists; null = region ids are not checked.</summary>
    public Func<string, bool>? IsKnownRegion { get; init; }

    /// <summary>Says whether a center id exists; null = center ids are not checked.</summary>
    public Func<string, bool>? IsKnownCenter { get; init; }

    /// <summary>Says whether an accelerator model id exists; null = model ids are not checked.</summary>
    public Func<string, bool>? IsKnownAcceleratorModel { get; init; }

    /// <summary>
    /// The network's accelerator catalog. When given, the accelerator names a spec uses (<c>--gres=gpu:a100:2</c>, the
    /// native spec's models) are checked against it as placement reads them: a model id, else an alias standing for one
    /// or more models (<see cref="Suanwang.Model.Network.AcceleratorCatalog.Resolve"/>); a name nothing matches is refused
    /// with the closest ids and aliases. Takes the place of <see cref="IsKnownAcceleratorModel"/>.
    /// </summary>
    public Suanwang.Model.Network.AcceleratorCatalog? AcceleratorCatalog { get; init; }

    /// <summary>Says whether a tier exists; null = tiers are not checked.</summary>
    public Func<string, bool>? IsKnownTier { get; init; }

    internal void EnsureUsable()
    {
        // A bad context is the caller's bug, not the user's: it gets an ArgumentException, not a SpecException.
        if (string.IsNullOrWhiteSpace(JobId)) throw new ArgumentException("The job id must not be empty.", nameof(JobId));
        if (string.IsNullOrWhiteSpace(DefaultTenant)) throw new ArgumentException("The default tenant must not be empty.", nameof(DefaultTenant));
        if (string.IsNullOrWhiteSpace(DefaultTier)) throw new ArgumentException("The default tier must not be empty.", nameof(DefaultTier));
        if (TimeZoneOffset < TimeSpan.FromHours(-14) || TimeZoneOffset > TimeSpan.FromHours(14) || TimeZoneOffset.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentException("The time zone offset must be whole minutes within ±14 hours.", nameof(TimeZoneOffset));
    }
}
