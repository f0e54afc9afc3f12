using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// slurmrestd over HTTP (a unix socket or a URL). Every call has its own timeout; anything that keeps the
/// answer from arriving (no socket, refused, timed out, not JSON, 401) is an <see cref="EngineUnavailableException"/>.
/// </summary>
/// <remarks>
/// The endpoint comes from a center an admin registered, so it may be some other service. Nothing such a service
/// sends is ever repeated: an answer that is not slurmrestd's JSON is described by its status, content type and size;
/// a connection failure by its kind; only the texts of slurmrestd's own <c>errors</c> list are kept, escaped and
/// bounded (<see cref="EngineText"/>). Redirects are not followed.
/// </remarks>
internal sealed class SlurmRestClient : ISlurmAccess
{
    private readonly HttpClient _http;
    private readonly SlurmEngineOptions _options;
    private readonly RestDialect _dialect;
    private readonly string? _socketPath;

    /// <summary>The largest answer read (bytes).</summary>
    internal const int MaxAnswerBytes = 256 * 1024 * 1024;

    /// <summary>A client for the center's slurmrestd, or for another socket of it (<paramref name="socketPath"/>: a tenant's own).</summary>
    public SlurmRestClient(SlurmEngineOptions options, string? socketPath = null)
    {
        _options = options;
        _dialect = RestDialect.For(options.ApiVersion);
        _socketPath = socketPath ?? options.SocketPath;
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Uri baseAddress;
        if (_socketPath is { } path)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://slurmrestd/");
        }
        else
        {
            string url = options.RestUrl!.AbsoluteUri;
            baseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        }
        // The per-call timeout is ours (linked token), so HttpClient's own is off.
        // A listing of tens of thousands of jobs is tens of megabytes; a service that sends without end is cut off.
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxAnswerBytes };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <inheritdoc />
    public string? UserName => null;

    /// <inheritdoc />
    public string? Dialect => $"REST {_dialect.Version}";

    /// <inheritdoc />
    public string Where => _socketPath is { } s ? $"unix:{s}" : _options.RestUrl!.ToString();

    public async Task<IReadOnlyList<SlurmJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        (HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Get, "jobs", null, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("jobs", out JsonElement jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw Unavailable("GET jobs", status, errors);
        var list = new List<SlurmJob>(jobs.GetArrayLength());
        foreach (JsonElement job in jobs.EnumerateArray()) list.Add(_dialect.ReadJob(job));
        return list;
    }

    /// <summary>One job by its Slurm id; null when Slurm does not know it (never did, or has forgotten it).</summary>
    public async Task<SlurmJob?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Get, $"job/{jobId}", null, cancellationToken).ConfigureAwait(false);
        // 2017 "Invalid job id specified": purged after MinJobAge, or never there.
        if (errors.Count > 0 && errors.All(e => e.Code == 2017)) return null;
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("jobs", out JsonElement jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw Unavailable($"GET job/{jobId}", status, errors);
        return jobs.EnumerateArray().Select(_dialect.ReadJob).FirstOrDefault(j => j.JobId == jobId);
    }

    public async Task<IReadOnlyList<SlurmNode>> GetNodesAsync(CancellationToken cancellationToken)
    {
        (HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Get, "nodes", null, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("nodes", out JsonElement nodes) || nodes.ValueKind != JsonValueKind.Array)
            throw Unavailable("GET nodes", status, errors);
        return [.. nodes.EnumerateArray().Select(_dialect.ReadNode)];
    }

    /// <summary>
    /// Posts a job. Returns the new job id and any errors Slurm reported beside it (a job id with errors means
    /// Slurm queued a job it says cannot run as asked). Throws <see cref="EngineRejectedException"/> when Slurm
    /// refused the request itself, <see cref="EngineUnavailableException"/> when it could not be asked.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Post, "job/submit", _dialect.SubmitBody(submission), cancellationToken).ConfigureAwait(false);
        if (root.TryGetProperty("job_id", out JsonElement id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() > 0)
            return new SubmitOutcome(id.GetInt64(), errors);
        if (errors.Count > 0 && errors.All(e => !IsTransient(e.Code)))
            throw new EngineRejectedException($"Slurm at center '{_options.CenterId}' refused the job: {SlurmError.Describe(errors)}");
        throw Unavailable("POST job/submit", status, errors);
    }

    /// <summary>Cancels job <paramref name="jobId"/> (Slurm's <c>scancel</c>), as this client's user.</summary>
    public async Task<CancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, _, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Delete, $"job/{jobId}", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.OK && errors.Count == 0) return CancelOutcome.Cancelled;
        // 2017 "Invalid job id" (gone meanwhile), 2021 "Job/step already completing or completed": nothing to cancel.
        if (errors.Count > 0 && errors.All(e => e.Code is 2017 or 2021)) return CancelOutcome.NothingToCancel;
        // 2002 "Access/permission denied": another user's job (a tenant mapped to its own user submitted it).
        if (errors.Count > 0 && errors.All(e => e.Code == 2002)) return CancelOutcome.NotThisUsersJob;
        throw Unavailable($"DELETE job/{jobId}", status, errors);
    }

    private async Task<(HttpStatusCode Status, JsonElement Root, IReadOnlyList<SlurmError> Errors)> SendAsync(
        HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        using var request = new HttpRequestMessage(method, $"slurm/{_dialect.Version}/{path}");
        if (body is not null)
        {
            // slurmrestd 22.05 answers "Unsupported Media Type" to "application/json; charset=utf-8": no charset.
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            byte[] answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} refused our credentials (HTTP {(int)response.StatusCode}) on {method} {path}");
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(answer).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not kept as the inner exception: its message quotes the answer.
                throw new EngineUnavailableException($"{NotSlurmrestd(method, path, response, answer.Length)}: not JSON");
            }
            if (root.ValueKind != JsonValueKind.Object)
                throw new EngineUnavailableException($"{NotSlurmrestd(method, path, response, answer.Length)}: JSON that is not an object");
            return (response.StatusCode, root, ReadErrors(root));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} did not answer {method} {path} within {_options.CallTimeout.TotalSeconds:0.###} s", e);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            // Not kept as the inner exception either: .NET's messages for a bad answer quote it.
            throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} cannot be reached: {Failure(e)}");
        }
    }

    // An answer that is not slurmrestd's: what it was, never what it said.
    private string NotSlurmrestd(HttpMethod method, string path, HttpResponseMessage response, int bytes) =>
        $"the service of center '{_options.CenterId}' at {Where} answered {method} {path} with HTTP {(int)response.StatusCode}, " +
        $"{(response.Content.Headers.ContentType?.MediaType is { } type ? EngineText.Bounded(type, 100) : "no content type")}, {bytes} bytes, which is not slurmrestd's answer";

    // Why a call failed, in the failure's kind only: the .NET messages for a bad answer quote it (an HTTP status line
    // that is really an SSH banner, say).
    private static string Failure(Exception e) => e switch
    {
        HttpRequestException or HttpIOException when Kind(e) is var kind && kind != HttpRequestError.Unknown => kind switch
        {
            HttpRequestError.NameResolutionError => "its host name does not resolve",
            HttpRequestError.ConnectionError => e.InnerException is SocketException s ? SocketFailure(s) : "the connection failed",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "the answer is not HTTP",
            HttpRequestError.ResponseEnded => "the connection closed before a whole answer came",
            HttpRequestError.ConfigurationLimitExceeded => "the answer is larger than the broker reads",
            _ => kind.ToString(),
        },
        HttpRequestException { InnerException: SocketException s } => SocketFailure(s),
        SocketException s => SocketFailure(s),
        _ => "the connection failed",
    };

    private static HttpRequestError Kind(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h => h.HttpRequestError,
        HttpIOException io => io.HttpRequestError,
        { InnerException: { } inner } => Kind(inner),
        _ => HttpRequestError.Unknown,
    };

    private static string SocketFailure(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.AddressNotAvailable or SocketError.HostNotFound => "no such address",
        SocketError.AccessDenied => "permission denied",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        _ => $"socket error {e.SocketErrorCode}",
    };

    private static List<SlurmError> ReadErrors(JsonElement root)
    {
        var errors = new List<SlurmError>();
        if (!root.TryGetProperty("errors", out JsonElement array) || array.ValueKind != JsonValueKind.Array) return errors;
        foreach (JsonElement error in array.EnumerateArray())
        {
            // 22.05 names the number error_code on submit and error_number elsewhere; some entries carry only a description.
            int code = (int)(SlurmJson.Long(error, "error_code") is var c and not 0 ? c : SlurmJson.Long(error, "error_number"));
            string text = string.Join(": ", new[] { SlurmJson.Text(error, "error"), SlurmJson.Text(error, "description") }
                .Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal));
            errors.Add(new SlurmError(code, text.Length == 0 ? "(no message)" : EngineText.Bounded(text, 200)));
            if (errors.Count == 5) break; // enough to say why; the rest would only lengthen the message
        }
        return errors;
    }

    /// <summary>
    /// Slurm's communication errors (1000–1999: controller unreachable, timeouts) say nothing about the job;
    /// an entry without a number (a parser's remark) is neither.
    /// </summary>
    private static bool IsTransient(int code) => code is >= 1000 and < 2000;

    private EngineUnavailableException Unavailable(string call, HttpStatusCode status, IReadOnlyList<SlurmError> errors) =>
        new($"slurmrestd of center '{_options.CenterId}' at {Where} failed {call} (HTTP {(int)status}){(errors.Count > 0 ? ": " + SlurmError.Describe(errors) : "")}");

    /// <inheritdoc />
    /// <remarks>From this machine: on a real cluster the work directory must be on a filesystem the broker's machine mounts too.</remarks>
    public Task<OutputChunk> ReadOutputAsync(string directory, string fileName, long offset, int maxBytes, bool finished, CancellationToken cancellationToken) =>
        OutputFileReader.ReadAsync(directory, fileName, offset, maxBytes, finished, cancellationToken);

    public void Dispose() => _http.Dispose();
}
