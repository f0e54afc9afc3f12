using System.Text.Json;
using Suanwang.Model.Jobs;
using Suanwang.Specs;
using Suanwang.Store.Entities;

namespace Suanwang.Broker.Submissions;

/// <summary>
/// How a submission's body is stored, and each job's request made from it again. A body holds the spec text and
/// one request: the job's own, or an array's shared request (see <see cref="JobArrays"/>), from which each element's
/// is made by its index. A batch script is kept once: the request's copy of it (<see cref="JobRequest.Script"/>)
/// is stored empty and restored from the spec text, which is never empty. Bodies stored by earlier versions are read
/// too (<see cref="StoredJobRequest"/>).
/// </summary>
public static class JobBodies
{
    /// <summary>The body of a submission whose text <paramref name="text"/> was read as <paramref name="requests"/> (one job, or an array's elements).</summary>
    /// <param name="id">The submission's id: the job's, or the array's (its elements' ids are <c>{id}_{index}</c>).</param>
    /// <param name="tenant">Owner.</param>
    /// <param name="text">The spec text as submitted.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="requests">What the text was read as.</param>
    /// <param name="nowMs">When stored.</param>
    public static JobBodyRow Create(string id, string tenant, string text, string source, IReadOnlyList<JobRequest> requests, long nowMs)
    {
        var first = requests[0];
        if (requests.Count > 1 && requests.Any(r => r.ArrayIndex is null))
            throw new ArgumentException("several jobs in one submission must be one array's elements", nameof(requests));
        var shared = first.ArrayIndex is null ? first : JobArrays.Shared(first, id);
        if (shared.Script == text) shared = shared with { Script = "" };
        return new JobBodyRow
        {
            Id = id, Tenant = tenant, SpecText = text, SpecSource = source,
            RequestJson = JsonSerializer.Serialize(shared, JobViews.StoreJson), CreatedAtMs = nowMs,
        };
    }

    /// <summary>
    /// The shared request stored as <paramref name="requestJson"/>; with the body's <paramref name="specText"/>, its
    /// batch script is restored too (placement and the API need no script; a hand-over to a center does).
    /// </summary>
    public static JobRequest Shared(string requestJson, string? specText = null)
    {
        var shared = StoredJobRequest.Read(requestJson, JobViews.StoreJson)
            ?? throw new InvalidOperationException("a stored request is empty");
        return specText is { Length: > 0 } && shared.Script == "" ? shared with { Script = specText } : shared;
    }

    /// <summary>The request of the job at <paramref name="arrayIndex"/> (null: the job that is the whole submission).</summary>
    public static JobRequest RequestOf(JobRequest shared, int? arrayIndex) => arrayIndex is { } index ? JobArrays.Element(shared, index) : shared;

    /// <summary>
    /// The request of <paramref name="job"/>, read with its body attached (as the store's full reads attach it: without
    /// spec text, so with no batch script). Rows read together share their body, which is parsed once for all of them.
    /// </summary>
    public static JobRequest RequestOf(JobRow job)
    {
        var body = job.Body ?? throw new InvalidOperationException($"job {job.Id} was read without its body");
        return RequestOf(Parsed.GetValue(body, b => Shared(b.RequestJson, b.SpecText)), job.ArrayIndex);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JobBodyRow, JobRequest> Parsed = new();
}
