using System.Text.Json;

namespace Suanwang.Api.Client;

/// <summary>How the API's JSON is written and read: System.Text.Json web defaults (camelCase, case-insensitive reading).</summary>
public static class ApiJson
{
    /// <summary>Read-only options for reading and writing the contracts in <c>Suanwang.Api.Contracts</c>.</summary>
    public static JsonSerializerOptions Options => JsonSerializerOptions.Web;

    /// <summary>The media type of RFC 7807 problem details.</summary>
    public const string ProblemMediaType = "application/problem+json";
}
