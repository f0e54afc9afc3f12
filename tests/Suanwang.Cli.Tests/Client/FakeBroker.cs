using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Suanwang.Api.Client;

namespace Suanwang.Cli.Tests.Client;

/// <summary>A request the CLI sent, as the fake broker saw it.</summary>
public sealed record SentRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The path without the query.</summary>
    public string Path => Uri.AbsolutePath;

    /// <summary>One query parameter, unescaped, or null.</summary>
    public string? Query(string name) =>
        Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p[0] == name)
            .Select(p => Uri.UnescapeDataString(p[1]))
            .FirstOrDefault();

    /// <summary>One header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Plays the broker for the CLI's rendering and exit-code tests: canned contract objects or problem details per
/// route (the last set-up for a route wins), and a record of every request. Routes not set up answer 404 problem details.
/// </summary>
public sealed class FakeBroker : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string Path, Queue<Func<SentRequest, HttpResponseMessage>> Answers)> _routes = [];

    /// <summary>Every request, in order.</summary>
    public List<SentRequest> Requests { get; } = [];

    /// <summary>The requests to <paramref name="path"/> (any method).</summary>
    public IReadOnlyList<SentRequest> To(string path) => Requests.Where(r => r.Path == path).ToList();

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with each of <paramref name="answers"/> in turn; the last one repeats.</summary>
    public FakeBroker On(HttpMethod method, string path, params Func<SentRequest, HttpResponseMessage>[] answers)
    {
        _routes.Add((method, path, new Queue<Func<SentRequest, HttpResponseMessage>>(answers)));
        return this;
    }

    /// <summary>Answers with <paramref name="body"/> as JSON (200).</summary>
    public FakeBroker Json<T>(HttpMethod method, string path, T body) => On(method, path, _ => JsonAnswer(body));

    /// <summary>Answers with <paramref name="bodies"/> as JSON in turn (200); the last one repeats.</summary>
    public FakeBroker JsonInTurn<T>(HttpMethod method, string path, params T[] bodies) =>
        On(method, path, bodies.Select(b => (Func<SentRequest, HttpResponseMessage>)(_ => JsonAnswer(b))).ToArray());

    /// <summary>Answers with RFC 7807 problem details.</summary>
    public FakeBroker Problem(HttpMethod method, string path, int status, string title, string? detail = null,
        IDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null) =>
        On(method, path, _ => ProblemAnswer(status, title, detail, errors, retryAfter));

    /// <summary>A JSON answer in the API's shape.</summary>
    public static HttpResponseMessage JsonAnswer<T>(T body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = JsonContent.Create(body, options: ApiJson.Options) };

    /// <summary>A problem-details answer.</summary>
    public static HttpResponseMessage ProblemAnswer(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail };
        if (errors is not null) body["errors"] = errors;
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = JsonContent.Create(body, mediaType: new System.Net.Http.Headers.MediaTypeHeaderValue(ApiJson.ProblemMediaType)),
        };
        if (retryAfter is { } wait) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }

    /// <summary>What a refused connection looks like to the client.</summary>
    public static HttpRequestException Refused() =>
        new("Connection refused (127.0.0.1:8080)", new SocketException((int)SocketError.ConnectionRefused));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var sent = new SentRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType, body, headers);
        Requests.Add(sent);
        var route = _routes.LastOrDefault(r => r.Method == request.Method && r.Path == sent.Path); // a later set-up overrides an earlier one
        if (route.Answers is null) return ProblemAnswer(404, "not found", $"the fake broker has no route {request.Method} {sent.Path}");
        var answer = route.Answers.Count > 1 ? route.Answers.Dequeue() : route.Answers.Peek();
        return answer(sent);
    }
}

/// <summary>A handler that cannot connect: every request fails as a refused connection does.</summary>
public sealed class RefusingHandler : HttpMessageHandler
{
    /// <summary>How many requests were attempted.</summary>
    public int Attempts { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Attempts++;
        throw FakeBroker.Refused();
    }
}
