namespace Suanwang.Engines.Local;

/// <summary>
/// How a broker's local centers keep jobs away from it and from each other (ADR 0007): every job runs in a
/// bubblewrap sandbox that shows it only the system folders, its own run's <c>work/</c> and <c>tmp/</c> and what its
/// center exposes; a broker running as root also runs each tenant's jobs as that tenant's own user id from
/// <see cref="Uids"/>.
/// </summary>
public sealed record JobIsolation
{
    /// <summary>The ids tenants' jobs get when the broker runs as root (default <see cref="JobUidRange.Default"/>).</summary>
    public JobUidRange Uids { get; init; } = JobUidRange.Default;

    /// <summary>
    /// Folders no job may see even where they lie under a folder a sandbox shows (e.g. the broker's data folder under
    /// <c>/opt</c>), and that no center may expose (nor a folder holding them). The runs directories are always among them.
    /// </summary>
    public IReadOnlyList<string> HiddenDirectories { get; init; } = [];
}
