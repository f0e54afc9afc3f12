using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Suanwang.Api.Contracts;

namespace Suanwang.Api.Client;

/// <summary>
/// A typed client for the broker's REST API (<see cref="ApiRoutes"/>). Every method sends one request with the
/// bearer token, returns the answer's contract and throws <see cref="SuanwangApiException"/> for any non-2xx
/// answer (with the problem's title, detail, per-location errors and <c>Retry-After</c>) and, with
/// <see cref="SuanwangApiException.Status"/> 0, when the broker cannot be reached. The client never retries:
/// callers that do should pass an idempotency key to <see cref="SubmitAsync"/>.
/// </summary>
public sealed class SuanwangClient
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptProblem = new(ApiJson.ProblemMediaType);

    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly TimeProvider _clock;
    private readonly string _root;

    /// <summary>Creates a client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the broker's URL (a path prefix, for a broker behind a proxy, is kept).</summary>
    /// <param name="http">The HTTP client; the caller owns it.</param>
    /// <param name="token">Bearer token sent with every request (null sends none: only <c>/healthz</c>-style routes will answer).</param>
    /// <param name="clock">Clock used only to turn a dated <c>Retry-After</c> into a wait when the broker sent no <c>Date</c>.</param>
    public SuanwangClient(HttpClient http, string? token, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is not { IsAbsoluteUri: true } broker)
            throw new ArgumentException("The HttpClient needs a BaseAddress: the broker's URL, e.g. http://127.0.0.1:8080.", nameof(http));
        _http = http;
        _token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        _clock = clock ?? TimeProvider.System;
        BrokerUrl = broker;
        _root = broker.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The broker's URL, as given.</summary>
    public Uri BrokerUrl { get; }

    // ---- jobs

    /// <summary>
    /// Submits a spec: native YAML or JSON, or an unchanged <c>#SBATCH</c> script (the content type is chosen
    /// by <see cref="SpecMediaTypes.Detect"/>). With <paramref name="idempotencyKey"/>, a repeat of the same
    /// submission returns the jobs created the first time (<see cref="SubmitResult.Replayed"/>) instead of new
    /// ones, so a retry after a lost answer is safe; without it, every call creates jobs.
    /// </summary>
    /// <param name="specText">The spec or script.</param>
    /// <param name="sourceName">The file it came from, for error locations and a script's default name.</param>
    /// <param name="idempotencyKey">Key that makes retries safe.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SuanwangApiException">400 with a location for every problem in the spec; 422 when it is valid but no center could ever run it (each group of centers with its reason); 401, 403, 413, 429, 503; or 0 when unreachable.</exception>
    public async Task<SubmitResult> SubmitAsync(string specText, string? sourceName = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = SpecRequest(ApiRoutes.Jobs, specText, sourceName);
        if (!string.IsNullOrWhiteSpace(idempotencyKey)) request.Headers.TryAddWithoutValidation(ApiRoutes.IdempotencyKeyHeader, idempotencyKey);
        return await SendAsync<SubmitResult>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One job.</summary>
    /// <exception cref="SuanwangApiException">404 when there is no such job or it is not the caller's.</exception>
    public Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<JobView>(ApiRoutes.With(ApiRoutes.Job, id), cancellationToken);

    /// <summary>One page of jobs, newest first; follow <see cref="JobPage.NextCursor"/> for the rest.</summary>
    public Task<JobPage> ListJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new JobQuery();
        return GetAsync<JobPage>(ApiRoutes.Jobs + Query(
            ("state", query.States is { Count: > 0 } states ? string.Join(',', states) : null), ("tenant", query.Tenant), ("center", query.Center),
            ("since", Time(query.Since)), ("until", Time(query.Until)),
            ("limit", query.Limit?.ToString(CultureInfo.InvariantCulture)), ("cursor", query.Cursor)), cancellationToken);
    }

    /// <summary>Cancels a job: idempotent for a job already cancelled; the answer shows its state now (a running job may still be stopping).</summary>
    /// <exception cref="SuanwangApiException">409 when the job had already finished otherwise; 404 when unknown.</exception>
    public Task<JobView> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<JobView>(ApiRoutes.With(ApiRoutes.JobCancel, id), null, cancellationToken);

    /// <summary>A job's state history, oldest first.</summary>
    public Task<IReadOnlyList<JobEventView>> GetEventsAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<JobEventView>>(ApiRoutes.With(ApiRoutes.JobEvents, id), cancellationToken);

    /// <summary>The placement decision committed for a job, with every candidate center.</summary>
    public Task<DecisionView> GetExplanationAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<DecisionView>(ApiRoutes.With(ApiRoutes.JobExplanation, id), cancellationToken);

    /// <summary>A slice of a job's output from byte <paramref name="offset"/>; ask again from <see cref="OutputView.NextOffset"/> until <see cref="OutputView.Complete"/>.</summary>
    /// <param name="id">The job.</param>
    /// <param name="stream"><c>stdout</c> or <c>stderr</c>.</param>
    /// <param name="offset">Byte offset to read from.</param>
    /// <param name="limit">Most bytes to return (null: the broker's default).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<OutputView> GetOutputAsync(string id, string stream = "stdout", long offset = 0, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, id) + Query(
            ("stream", stream), ("offset", offset.ToString(CultureInfo.InvariantCulture)),
            ("limit", limit?.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>A job's estimated and metered cost, energy and carbon.</summary>
    public Task<MeteringView> GetMeteringAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<MeteringView>(ApiRoutes.With(ApiRoutes.JobMetering, id), cancellationToken);

    /// <summary>Where a spec would go and why (one decision per job of an array, job id <see cref="ApiRoutes.DryRunJobId"/>); nothing is stored.</summary>
    /// <exception cref="SuanwangApiException">400 with a location for every problem in the spec; 422 when it is valid but no center could ever run it.</exception>
    public async Task<IReadOnlyList<DecisionView>> DryRunAsync(string specText, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        using var request = SpecRequest(ApiRoutes.DryRun, specText, sourceName);
        return await SendAsync<IReadOnlyList<DecisionView>>(request, cancellationToken).ConfigureAwait(false);
    }

    // ---- centers

    /// <summary>Every center with its live state.</summary>
    public Task<IReadOnlyList<CenterView>> ListCentersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<CenterView>>(ApiRoutes.Centers, cancellationToken);

    /// <summary>One center with its live state.</summary>
    public Task<CenterView> GetCenterAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<CenterView>(ApiRoutes.With(ApiRoutes.Center, id), cancellationToken);

    /// <summary>Registers or replaces a center (admin): idempotent. The body is the center in network-file YAML or JSON.</summary>
    /// <returns>The center as the broker now shows it, or null when the broker answered without a body.</returns>
    public async Task<CenterView?> PutCenterAsync(string id, string yamlOrJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(yamlOrJson);
        using var request = new HttpRequestMessage(HttpMethod.Put, Url(ApiRoutes.With(ApiRoutes.Center, id)))
        {
            Content = new StringContent(yamlOrJson, Encoding.UTF8, SpecMediaTypes.DetectDocument(yamlOrJson)),
        };
        return await SendOptionalAsync<CenterView>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a center (admin).</summary>
    public Task DeleteCenterAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url(ApiRoutes.With(ApiRoutes.Center, id))), cancellationToken);

    /// <summary>Drains a center (admin): it finishes its work and takes no new work. Idempotent.</summary>
    /// <returns>The center as the broker now shows it, or null when the broker answered without a body.</returns>
    public Task<CenterView?> DrainCenterAsync(string id, CancellationToken cancellationToken = default) =>
        SendOptionalAsync<CenterView>(new HttpRequestMessage(HttpMethod.Post, Url(ApiRoutes.With(ApiRoutes.CenterDrain, id))), cancellationToken);

    /// <summary>Undoes a drain (admin). Idempotent.</summary>
    /// <returns>The center as the broker now shows it, or null when the broker answered without a body.</returns>
    public Task<CenterView?> ResumeCenterAsync(string id, CancellationToken cancellationToken = default) =>
        SendOptionalAsync<CenterView>(new HttpRequestMessage(HttpMethod.Post, Url(ApiRoutes.With(ApiRoutes.CenterResume, id))), cancellationToken);

    // ---- tenants, usage, tokens

    /// <summary>This month's usage: the caller's tenant, or every tenant for an admin token.</summary>
    public Task<IReadOnlyList<UsageView>> GetUsageAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UsageView>>(ApiRoutes.Usage, cancellationToken);

    /// <summary>Every tenant (admin).</summary>
    public Task<IReadOnlyList<TenantView>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TenantView>>(ApiRoutes.Tenants, cancellationToken);

    /// <summary>Creates a tenant (admin).</summary>
    /// <exception cref="SuanwangApiException">400 for an invalid id or unknown tier; 409 when it exists.</exception>
    public Task<TenantView> CreateTenantAsync(CreateTenantRequest tenant, CancellationToken cancellationToken = default) =>
        PostAsync<TenantView>(ApiRoutes.Tenants, JsonContent.Create(tenant, options: ApiJson.Options), cancellationToken);

    /// <summary>Every token, without secrets (admin).</summary>
    public Task<IReadOnlyList<TokenView>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TokenView>>(ApiRoutes.Tokens, cancellationToken);

    /// <summary>Issues a token (admin). Its secret is in the answer only: the broker keeps a hash.</summary>
    public Task<IssuedToken> IssueTokenAsync(IssueTokenRequest token, CancellationToken cancellationToken = default) =>
        PostAsync<IssuedToken>(ApiRoutes.Tokens, JsonContent.Create(token, options: ApiJson.Options), cancellationToken);

    /// <summary>Revokes a token (admin); requests bearing it are refused from then on.</summary>
    public Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Url(ApiRoutes.With(ApiRoutes.Token, id))), cancellationToken);

    // ---- plumbing

    private HttpRequestMessage SpecRequest(string route, string specText, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(specText);
        var request = new HttpRequestMessage(HttpMethod.Post, Url(route))
        {
            Content = new StringContent(specText, Encoding.UTF8, SpecMediaTypes.Detect(specText)),
        };
        // Header values must be ASCII: a file named 训练.yaml travels percent-encoded.
        if (!string.IsNullOrWhiteSpace(sourceName)) request.Headers.TryAddWithoutValidation(ApiRoutes.SourceHeader, Uri.EscapeDataString(sourceName));
        return request;
    }

    private async Task<T> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(pathAndQuery));
        return await SendAsync<T>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PostAsync<T>(string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(pathAndQuery)) { Content = content };
        return await SendAsync<T>(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await SendOptionalAsync<T>(request, cancellationToken).ConfigureAwait(false)
        ?? throw new SuanwangApiException(200, "unexpected answer", $"{_root} answered {request.Method} {request.RequestUri?.AbsolutePath} without a body; is it a Suanwang broker?");

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (await SendRawAsync(request, cancellationToken).ConfigureAwait(false)) { }
    }

    private async Task<T?> SendOptionalAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent) return default;
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                throw new SuanwangApiException((int)response.StatusCode, "unexpected answer",
                    $"{_root} answered {request.Method} {request.RequestUri?.AbsolutePath} with something that is not the Suanwang API's JSON ({e.Message.Split('.')[0]}); is it a Suanwang broker?");
            }
            catch (HttpRequestException e)
            {
                throw Unreachable(e);
            }
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(AcceptJson);
        request.Headers.Accept.Add(AcceptProblem);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SuanwangApiException(0, $"the broker at {_root} did not answer within {_http.Timeout.TotalSeconds:0} s",
                "is it running and reachable? Start one on this machine with 'suanwang serve'", inner: e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw await ProblemReader.ReadAsync(response, _clock, cancellationToken).ConfigureAwait(false);
    }

    private SuanwangApiException Unreachable(HttpRequestException e)
    {
        // The innermost message says why (connection refused, no such host); the outer one repeats the URL.
        string cause = (e.InnerException?.Message ?? e.Message).TrimEnd('.');
        return new SuanwangApiException(0, $"cannot reach the broker at {_root} ({cause})",
            "is it running? Start one on this machine with 'suanwang serve', or point --broker (or $SUANWANG_BROKER) at yours", inner: e);
    }

    private Uri Url(string pathAndQuery) => new(_root + pathAndQuery, UriKind.Absolute);

    private static string? Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
