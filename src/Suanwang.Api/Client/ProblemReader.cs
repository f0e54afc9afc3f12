using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Suanwang.Api.Client;

/// <summary>Turns a non-2xx answer into a <see cref="SuanwangApiException"/>, reading RFC 7807 problem details when the body has them.</summary>
internal static class ProblemReader
{
    /// <summary>Body text kept as the detail of an answer that is not problem details (a proxy's error page, say).</summary>
    private const int MaxPlainDetailChars = 200;

    public static async Task<SuanwangApiException> ReadAsync(HttpResponseMessage response, TimeProvider clock, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            body = ""; // the status is what matters; a body cut short adds nothing
        }
        var retryAfter = RetryAfter(response.Headers, clock);
        string fallbackTitle = DefaultTitle(response.StatusCode, response.ReasonPhrase);
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        bool json = mediaType is not null && (mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (json && TryParse(body, out var problem))
            return new SuanwangApiException(status, problem.Title ?? fallbackTitle, problem.Detail, problem.Errors, retryAfter, problem.Type);
        string? detail = mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) ? null : Plain(body);
        return new SuanwangApiException(status, fallbackTitle, detail, null, retryAfter);
    }

    /// <summary>Reads problem details leniently: any field may be missing, and an <c>errors</c> value may be one string or an array of them.</summary>
    internal static bool TryParse(string body, out (string? Type, string? Title, string? Detail, IReadOnlyDictionary<string, IReadOnlyList<string>> Errors) problem)
    {
        problem = default;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            var root = document.RootElement;
            var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (Property(root, "errors") is { ValueKind: JsonValueKind.Object } errorObject)
                foreach (var location in errorObject.EnumerateObject())
                    errors[location.Name] = location.Value.ValueKind switch
                    {
                        JsonValueKind.Array => location.Value.EnumerateArray().Select(Text).ToArray(),
                        _ => [Text(location.Value)],
                    };
            problem = (StringProperty(root, "type"), StringProperty(root, "title"), StringProperty(root, "detail"), errors);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string? Plain(string body)
    {
        string text = body.Trim();
        if (text.Length == 0) return null;
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= MaxPlainDetailChars ? text : text[..MaxPlainDetailChars] + "…";
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider clock)
    {
        if (headers.RetryAfter is not { } retry) return null;
        if (retry.Delta is { } delta) return delta;
        if (retry.Date is not { } date) return null;
        // Measure against the broker's own clock when it sent one, so a skewed local clock does not matter.
        var wait = date - (headers.Date ?? clock.GetUtcNow());
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static string DefaultTitle(HttpStatusCode status, string? reasonPhrase) => status switch
    {
        HttpStatusCode.BadRequest => "invalid request",
        HttpStatusCode.Unauthorized => "not authenticated",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.NotFound => "not found",
        HttpStatusCode.Conflict => "conflict",
        HttpStatusCode.RequestEntityTooLarge => "request too large",
        HttpStatusCode.TooManyRequests => "too many requests",
        HttpStatusCode.ServiceUnavailable => "broker unavailable",
        _ => string.IsNullOrWhiteSpace(reasonPhrase) ? $"HTTP {(int)status}" : reasonPhrase,
    };
}
