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
    private readonly string? _socketPath;
    // The version the center pinned (setting apiVersion); null: discovered on first use (RestVersions).
    private readonly RestDialect? _pinned;
    private volatile RestDialect? _dialect;
    // slurmrestd also serves slurmdbd's job records (openapi/slurmdbd) in the spoken version: known from discovery.
    private volatile bool _accounting;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    // 1 once a 404 made the client discover again and no call has succeeded since: the next 404 is an error, not a new discovery.
    private int _rediscovered;
    // The uid of the process serving the unix socket (slurmrestd's user, whom rest_auth/local runs jobs as); -1 unknown.
    private long _serverUid = -1;

    /// <summary>The largest answer read (bytes).</summary>
    internal const int MaxAnswerBytes = 256 * 1024 * 1024;

    /// <summary>A client for the center's slurmrestd, or for another socket of it (<paramref name="socketPath"/>: a tenant's own).</summary>
    public SlurmRestClient(SlurmEngineOptions options, string? socketPath = null)
    {
        _options = options;
        _pinned = options.ApiVersion == SlurmEngineOptions.AutoApiVersion ? null : RestDialect.For(options.ApiVersion);
        _dialect = _pinned;
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
                    if (PeerUid(socket) is { } uid) Interlocked.Exchange(ref _serverUid, uid);
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
    /// <remarks>The pinned version at once; a discovered one after the first call.</remarks>
    public string? Dialect => _dialect is { } d ? $"REST {d.Version}" : null;

    /// <inheritdoc />
    public string Where => _socketPath is { } s ? $"unix:{s}" : _options.RestUrl!.ToString();

    public async Task<IReadOnlyList<SlurmJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        (RestDialect dialect, HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await CallAsync(HttpMethod.Get, "jobs", null, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("jobs", out JsonElement jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw Unavailable("GET jobs", status, errors);
        var list = new List<SlurmJob>(jobs.GetArrayLength());
        foreach (JsonElement job in jobs.EnumerateArray()) list.Add(dialect.ReadJob(job));
        return list;
    }

    /// <summary>One job by its Slurm id; null when Slurm does not know it (never did, or has forgotten it).</summary>
    /// <remarks>A job the controller has forgotten is read from accounting where slurmrestd serves it (<c>/slurmdb/…/job/{id}</c>).</remarks>
    public async Task<SlurmJob?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        if (await GetJobElementAsync(jobId, cancellationToken).ConfigureAwait(false) is { } found) return found.Dialect.ReadJob(found.Job);
        if (!_accounting || _dialect is not { } dialect) return null;
        return (await AccountedAsync($"slurmdb/{dialect.Version}/job/{jobId}", cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.JobId == jobId);
    }

    /// <summary>
    /// The jobs accounting holds that ended since <paramref name="since"/> (<c>/slurmdb/…/jobs</c>), every user's that
    /// slurmrestd's user may see; nothing where slurmrestd serves no accounting.
    /// </summary>
    public async Task<IReadOnlyList<SlurmJob>> GetAccountedJobsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        RestDialect dialect = _dialect ?? await DiscoverAsync(null, cancellationToken).ConfigureAwait(false);
        if (!_accounting) return [];
        long from = since.ToUnixTimeSeconds(), to = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        var jobs = await AccountedAsync($"slurmdb/{dialect.Version}/jobs?start_time={from}&end_time={to}", cancellationToken).ConfigureAwait(false);
        // Ended ones only, as the engine reads Slurm's states.
        return [.. jobs.Where(j => SlurmStates.Map(j.JobState, j.StateReason).State is RunState.Succeeded or RunState.Failed or RunState.Cancelled)];
    }

    private async Task<IReadOnlyList<SlurmJob>> AccountedAsync(string path, CancellationToken cancellationToken)
    {
        (HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("jobs", out JsonElement jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw Unavailable($"GET {path.Split('?')[0]}", status, errors);
        return [.. jobs.EnumerateArray().Where(j => j.ValueKind == JsonValueKind.Object).Select(SlurmdbJobs.Read)];
    }

    private async Task<(RestDialect Dialect, JsonElement Job)?> GetJobElementAsync(long jobId, CancellationToken cancellationToken)
    {
        (RestDialect dialect, HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await CallAsync(HttpMethod.Get, $"job/{jobId}", null, cancellationToken).ConfigureAwait(false);
        // 2017 "Invalid job id specified": purged after MinJobAge, or never there.
        if (errors.Count > 0 && errors.All(e => e.Code == 2017)) return null;
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("jobs", out JsonElement jobs) || jobs.ValueKind != JsonValueKind.Array)
            throw Unavailable($"GET job/{jobId}", status, errors);
        foreach (JsonElement job in jobs.EnumerateArray())
            if (SlurmJson.Long(job, "job_id") == jobId) return (dialect, job);
        return null;
    }

    public async Task<IReadOnlyList<SlurmNode>> GetNodesAsync(CancellationToken cancellationToken)
    {
        (RestDialect dialect, HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) = await CallAsync(HttpMethod.Get, "nodes", null, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || status != HttpStatusCode.OK || !root.TryGetProperty("nodes", out JsonElement nodes) || nodes.ValueKind != JsonValueKind.Array)
            throw Unavailable("GET nodes", status, errors);
        return [.. nodes.EnumerateArray().Select(dialect.ReadNode)];
    }

    /// <summary>
    /// Posts a job. Returns the new job id and any errors Slurm reported beside it (a job id with errors means
    /// Slurm queued a job it says cannot run as asked). Throws <see cref="EngineRejectedException"/> when Slurm
    /// refused the request itself, <see cref="EngineUnavailableException"/> when it could not be asked.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
    {
        (RestDialect dialect, HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> errors) =
            await CallAsync(HttpMethod.Post, "job/submit", d => d.SubmitBody(submission), cancellationToken).ConfigureAwait(false);
        if (root.TryGetProperty("job_id", out JsonElement id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() > 0)
            return new SubmitOutcome(id.GetInt64(), [.. errors, .. dialect.SubmitRemarks(root)]);
        if (errors.Count > 0 && errors.All(e => !IsTransient(e.Code)))
            throw new EngineRejectedException($"Slurm at center '{_options.CenterId}' refused the job: {SlurmError.Describe(errors)}");
        throw Unavailable("POST job/submit", status, errors);
    }

    /// <summary>Cancels job <paramref name="jobId"/> (Slurm's <c>scancel</c>), as this client's user.</summary>
    /// <remarks>
    /// From v0.0.40 on, slurmrestd cancels through Slurm's kill-jobs request, and Slurm 24.11.5's controller deadlocks
    /// when a user who is not an operator asks it to kill another user's job (seen on the lab: every later request times
    /// out until slurmctld restarts). So over a unix socket, whose serving user is known, another user's job is
    /// answered <see cref="CancelOutcome.NotThisUsersJob"/> without asking Slurm.
    /// </remarks>
    public async Task<CancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken)
    {
        RestDialect dialect = _dialect ?? await DiscoverAsync(null, cancellationToken).ConfigureAwait(false);
        if (dialect is not RestV0038 && _socketPath is not null)
        {
            // The look-up also opens a connection, which tells the serving user; root's slurmrestd is an operator.
            if (await GetJobElementAsync(jobId, cancellationToken).ConfigureAwait(false) is not { } found) return CancelOutcome.NothingToCancel;
            if (Interlocked.Read(ref _serverUid) is var uid and > 0
                && found.Job.TryGetProperty("user_id", out JsonElement owner) && owner.ValueKind == JsonValueKind.Number && owner.GetInt64() != uid)
                return CancelOutcome.NotThisUsersJob;
        }
        (dialect, HttpStatusCode status, JsonElement root, IReadOnlyList<SlurmError> answered) = await CallAsync(HttpMethod.Delete, $"job/{jobId}", null, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SlurmError> errors = [.. answered, .. dialect.CancelRemarks(root)];
        if (status == HttpStatusCode.OK && errors.Count == 0) return CancelOutcome.Cancelled;
        // 2017 "Invalid job id" (gone meanwhile), 2021 "Job/step already completing or completed": nothing to cancel.
        if (errors.Count > 0 && errors.All(e => e.Code is 2017 or 2021)) return CancelOutcome.NothingToCancel;
        // 2002 "Access/permission denied": another user's job (a tenant mapped to its own user submitted it).
        if (errors.Count > 0 && errors.All(e => e.Code == 2002)) return CancelOutcome.NotThisUsersJob;
        throw Unavailable($"DELETE job/{jobId}", status, errors);
    }

    // One call in the dialect spoken now. A 404 that is not slurmrestd's JSON means the daemon does not serve that
    // version (upgraded, or replaced): unless the version is pinned, discover again once and repeat the call; a
    // second 404 before any call succeeds is an error, so a daemon that serves nothing we speak costs one discovery.
    private async Task<(RestDialect Dialect, HttpStatusCode Status, JsonElement Root, IReadOnlyList<SlurmError> Errors)> CallAsync(
        HttpMethod method, string path, Func<RestDialect, JsonObject>? body, CancellationToken cancellationToken)
    {
        RestDialect dialect = _dialect ?? await DiscoverAsync(null, cancellationToken).ConfigureAwait(false);
        for (bool again = false; ; again = true)
        {
            try
            {
                var (status, root, errors) = await SendAsync(method, $"slurm/{dialect.Version}/{path}", body?.Invoke(dialect), cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _rediscovered, 0);
                return (dialect, status, root, errors);
            }
            catch (VersionNotServedException) when (!again && _pinned is null && _dialect is { } spoken && spoken != dialect)
            {
                dialect = spoken; // another call has discovered again meanwhile
            }
            catch (VersionNotServedException) when (!again && _pinned is null && Interlocked.CompareExchange(ref _rediscovered, 1, 0) == 0)
            {
                dialect = await DiscoverAsync(dialect, cancellationToken).ConfigureAwait(false);
            }
            catch (VersionNotServedException e)
            {
                throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} does not serve API {dialect.Version} (HTTP 404 on {method} {path})" +
                    (_pinned is not null ? "; the center pins it with apiVersion" : ""), e);
            }
        }
    }

    // Which version to speak: the newest Suanwang knows among those slurmrestd's OpenAPI document lists, else the
    // newest that answers a ping. One discovery at a time; a caller that saw a stale dialect waits for the new one.
    private async Task<RestDialect> DiscoverAsync(RestDialect? stale, CancellationToken cancellationToken)
    {
        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_dialect is { } current && current != stale) return current;
            RestDialect? found = null;
            IReadOnlyList<string> served = [];
            JsonElement document = default;
            try
            {
                var (status, root, _) = await SendAsync(HttpMethod.Get, "openapi/v3", null, cancellationToken).ConfigureAwait(false);
                if (status == HttpStatusCode.OK) (served, document) = (RestVersions.Served(root), root);
            }
            catch (Exception e) when (e is VersionNotServedException or EngineUnavailableException { InnerException: null })
            {
                // No OpenAPI document (or not JSON): ask each version instead. A connection failure still propagates below.
            }
            if (served.Count > 0)
            {
                found = RestVersions.Newest(served)
                    ?? throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} serves API {string.Join(", ", served)}, none of which Suanwang speaks ({string.Join(", ", RestDialect.Known)})");
            }
            else
            {
                foreach (string version in RestDialect.Known)
                {
                    try
                    {
                        var (status, _, _) = await SendAsync(HttpMethod.Get, $"slurm/{version}/ping", null, cancellationToken).ConfigureAwait(false);
                        if (status == HttpStatusCode.OK) { found = RestDialect.For(version); break; }
                    }
                    catch (VersionNotServedException)
                    {
                    }
                }
                if (found is null)
                    throw new EngineUnavailableException($"slurmrestd of center '{_options.CenterId}' at {Where} answers none of the API versions Suanwang speaks ({string.Join(", ", RestDialect.Known)}): neither its OpenAPI document nor a ping names one");
            }
            // Accounting's records are read where the document lists them in a version whose shape is known (v0.0.40+).
            _accounting = found != RestV0038.Instance && RestVersions.ServesAccounting(document, found.Version);
            _dialect = found;
            return found;
        }
        finally
        {
            _discovery.Release();
        }
    }

    // SO_PEERCRED: the uid of the process that serves the socket (Linux; null elsewhere or when not told).
    private static long? PeerUid(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            Span<byte> credentials = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            int length = socket.GetRawSocketOption(1 /* SOL_SOCKET */, 17 /* SO_PEERCRED */, credentials);
            return length >= 8 ? BitConverter.ToUInt32(credentials[4..8]) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>slurmrestd answered 404 with something other than its JSON: it serves no such path (a version it lacks).</summary>
    private sealed class VersionNotServedException(string message) : Exception(message);

    private async Task<(HttpStatusCode Status, JsonElement Root, IReadOnlyList<SlurmError> Errors)> SendAsync(
        HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        using var request = new HttpRequestMessage(method, path);
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
            bool isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
            if (response.StatusCode == HttpStatusCode.NotFound && !isJson)
                throw new VersionNotServedException($"{method} {path}: HTTP 404");
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

    internal static List<SlurmError> ReadErrors(JsonElement root)
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

    public void Dispose()
    {
        _http.Dispose();
        _discovery.Dispose();
    }
}
