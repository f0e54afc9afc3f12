using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Suanwang.Broker.Limits;
using Suanwang.Broker.Submissions;
using Suanwang.Model.Errors;

namespace Suanwang.Broker;

/// <summary>RFC 7807 problem details, terse, with the location of each error where there is one.</summary>
public static class Problems
{
    /// <summary>400: the spec is invalid; every error by location (field or #SBATCH line).</summary>
    public static IResult Invalid(SpecException e) => Results.Problem(new ProblemDetails
    {
        Status = 400,
        Title = "Invalid job spec",
        Detail = $"{e.What}: {e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")}",
        Type = "https://suanwang.dev/problems/invalid-spec",
        Extensions = { ["errors"] = Group(e.Errors) },
    });

    /// <summary>422: the spec is valid, but no center of the network could ever run it; each group of centers with its reason.</summary>
    public static IResult Unplaceable(SubmissionRefusedException e) => Results.Problem(new ProblemDetails
    {
        Status = 422,
        Title = "No center can run this job",
        Detail = e.Message,
        Type = "https://suanwang.dev/problems/unplaceable",
        Extensions = { ["errors"] = Group(e.Reasons) },
    });

    /// <summary>
    /// 429: a limit refused the request for now. <c>Retry-After</c> says when to try again; the problem names the limit
    /// (<c>limit</c>, <c>limitValue</c>) and says in <c>detail</c> who is over it and by how much.
    /// </summary>
    public static IResult Limited(LimitExceededException e) => new LimitedResult(e);

    /// <summary>A problem with a status, title, detail and optional located errors.</summary>
    public static IResult Of(int status, string title, string detail, IReadOnlyList<SpecError>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is { Count: > 0 }) problem.Extensions["errors"] = Group(errors);
        return Results.Problem(problem);
    }

    /// <summary>404 for a job, center or token the caller may not see (the same answer whether it exists or not).</summary>
    public static IResult NotFound(string what, string id) => Of(404, "Not found", $"no {what} '{id}'");

    /// <summary>Writes a problem straight to the response (for middleware and auth handlers).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { type = "about:blank", title, status, detail }));
    }

    private sealed class LimitedResult(LimitExceededException e) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            long seconds = (long)e.RetryAfter.TotalSeconds;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(new ProblemDetails
            {
                Status = 429,
                Title = e.Title,
                Detail = e.Message,
                Type = "https://suanwang.dev/problems/limit",
                Extensions = { ["limit"] = e.Limit, ["limitValue"] = e.LimitValue, ["retryAfterSeconds"] = seconds },
            }).ExecuteAsync(httpContext);
        }
    }

    private static Dictionary<string, string[]> Group(IEnumerable<SpecError> errors) =>
        errors.GroupBy(e => e.Location).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
