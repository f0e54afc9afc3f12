namespace Suanwang.Api.Client;

/// <summary>Filters and paging for <see cref="SuanwangClient.ListJobsAsync"/>; every part is optional.</summary>
/// <param name="State">Only jobs in this lifecycle state (e.g. <c>Running</c>).</param>
/// <param name="Tenant">Only this tenant's jobs (admin tokens; a tenant token sees only its own).</param>
/// <param name="Center">Only jobs placed on this center.</param>
/// <param name="Since">Only jobs submitted at or after this time.</param>
/// <param name="Until">Only jobs submitted before this time.</param>
/// <param name="Limit">Page size (the broker caps it).</param>
/// <param name="Cursor">The previous page's <c>NextCursor</c>.</param>
public sealed record JobQuery(
    string? State = null,
    string? Tenant = null,
    string? Center = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int? Limit = null,
    string? Cursor = null);
