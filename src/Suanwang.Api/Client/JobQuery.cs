using Suanwang.Lifecycle;

namespace Suanwang.Api.Client;

/// <summary>Filters and paging for <see cref="SuanwangClient.ListJobsAsync"/>; every part is optional.</summary>
/// <param name="States">Only jobs in one of these lifecycle states (null or empty: any).</param>
/// <param name="Tenant">Only this tenant's jobs (admin tokens; a tenant token sees only its own).</param>
/// <param name="Center">Only jobs placed on this center.</param>
/// <param name="Since">Only jobs submitted at or after this time.</param>
/// <param name="Until">Only jobs submitted before this time.</param>
/// <param name="Limit">Page size (the broker caps it).</param>
/// <param name="Cursor">The previous page's <c>NextCursor</c>.</param>
public sealed record JobQuery(
    IReadOnlyList<JobState>? States = null,
    string? Tenant = null,
    string? Center = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int? Limit = null,
    string? Cursor = null);
