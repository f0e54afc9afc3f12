namespace Suanwang.Api;

/// <summary>
/// The broker's REST routes, shared by the broker, the client and the tests so they cannot drift.
/// Every route under <c>/v1</c> needs a bearer token (<c>Authorization: Bearer …</c>).
/// </summary>
public static class ApiRoutes
{
    /// <summary>POST: submit a spec (YAML, JSON or #SBATCH script as the body; optional <c>Idempotency-Key</c> header) → 201 <c>SubmitResult</c> (200 when replayed; 400 invalid spec, 422 valid but no center could ever run it). GET: list jobs (<c>state</c>, <c>tenant</c>, <c>center</c>, <c>since</c>, <c>until</c>, <c>limit</c>, <c>cursor</c>) → <c>JobPage</c>.</summary>
    public const string Jobs = "/v1/jobs";
    /// <summary>GET one job → <c>JobView</c>.</summary>
    public const string Job = "/v1/jobs/{id}";
    /// <summary>POST: cancel → <c>JobView</c> (idempotent; 409 when already finished otherwise).</summary>
    public const string JobCancel = "/v1/jobs/{id}/cancel";
    /// <summary>GET: state history → <c>JobEventView[]</c>.</summary>
    public const string JobEvents = "/v1/jobs/{id}/events";
    /// <summary>GET: the committed placement decision with every candidate → <c>DecisionView</c>.</summary>
    public const string JobExplanation = "/v1/jobs/{id}/explanation";
    /// <summary>GET: output (<c>stream</c>=stdout|stderr, <c>offset</c>, <c>limit</c>) → <c>OutputView</c>.</summary>
    public const string JobOutput = "/v1/jobs/{id}/output";
    /// <summary>GET: estimated and metered cost, energy, carbon → <c>MeteringView</c>.</summary>
    public const string JobMetering = "/v1/jobs/{id}/metering";
    /// <summary>POST a spec: where it would go and why, nothing stored → <c>DecisionView[]</c> (job id <see cref="DryRunJobId"/>); 400 invalid spec, 422 valid but no center could ever run it.</summary>
    public const string DryRun = "/v1/placements/dry-run";
    /// <summary>GET: centers with live state → <c>CenterView[]</c>.</summary>
    public const string Centers = "/v1/centers";
    /// <summary>GET one center; PUT (admin) registers or replaces it (body: the center in network-file YAML or JSON); DELETE (admin) removes it.</summary>
    public const string Center = "/v1/centers/{id}";
    /// <summary>POST (admin): drain — finish its work, take no new work.</summary>
    public const string CenterDrain = "/v1/centers/{id}/drain";
    /// <summary>POST (admin): undo a drain.</summary>
    public const string CenterResume = "/v1/centers/{id}/resume";
    /// <summary>GET: usage of the caller's tenant (admin: every tenant) → <c>UsageView[]</c>.</summary>
    public const string Usage = "/v1/usage";
    /// <summary>GET (admin): tenants; POST (admin): create one → <c>TenantView</c>.</summary>
    public const string Tenants = "/v1/tenants";
    /// <summary>GET (admin): tokens without secrets; POST (admin): issue one → <c>IssuedToken</c>.</summary>
    public const string Tokens = "/v1/tokens";
    /// <summary>DELETE (admin): revoke a token.</summary>
    public const string Token = "/v1/tokens/{id}";
    /// <summary>The OpenAPI document.</summary>
    public const string OpenApi = "/openapi/v1.json";
    /// <summary>Prometheus metrics (no token).</summary>
    public const string Metrics = "/metrics";
    /// <summary>Liveness (no token).</summary>
    public const string Health = "/healthz";
    /// <summary>Readiness: store reachable and migrated, engines started (no token).</summary>
    public const string Ready = "/readyz";

    /// <summary>
    /// The job id a dry run's decisions carry (<c>dry-run_{index}</c> for the elements of a job array): a dry run creates
    /// no job, so it is given no job id.
    /// </summary>
    public const string DryRunJobId = "dry-run";

    /// <summary>The header that makes a submission idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The header naming where a submitted spec came from (a file name, percent-encoded), used in error locations and as a script's default job name.</summary>
    public const string SourceHeader = "X-Suanwang-Source";

    /// <summary>Fills <c>{id}</c> in a route.</summary>
    public static string With(string route, string id) => route.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

    /// <summary>GET: the network's regions, links and tiers → <c>NetworkView</c>.</summary>
    public const string Network = "/v1/network";
    /// <summary>GET: live updates as server-sent events (<c>jobs</c>: changed jobs the caller may see; <c>centers</c>: load; <c>flows</c>: work by data region and center).</summary>
    public const string Live = "/v1/live";
    /// <summary>GET (admin): utilisation over time, east–west share, energy and carbon, fairness by tier, flagged centers, prediction accuracy → <c>OperationsView</c>.</summary>
    public const string Operations = "/v1/operations";
    /// <summary>The web dashboard (no token needed to load the page; it asks for one before showing anything).</summary>
    public const string Dashboard = "/dashboard/";
}
