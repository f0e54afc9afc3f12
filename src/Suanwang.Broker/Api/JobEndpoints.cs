using System.Buffers.Text;
using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Limits;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Submissions;
using Suanwang.Engines;
using Suanwang.Lifecycle;
using Suanwang.Model.Errors;
using Suanwang.Placement;
using Suanwang.Placement.Policies;
using Suanwang.Specs;
using Suanwang.Store;
using Suanwang.Store.Entities;
using OutputStream = Suanwang.Engines.OutputStream;
using StreamView = Suanwang.Api.Contracts.OutputStream;

namespace Suanwang.Broker.Api;

/// <summary>The job routes: submit, list, get, cancel, history, explanation, output, metering, dry run.</summary>
public static class JobEndpoints
{
    private const int MaxIdempotencyKeyChars = 200;
    private const int MaxPageSize = 500;

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("").RequireAuthorization().WithTags("Jobs");
        jobs.ProducesProblem(401);
        jobs.MapPost(ApiRoutes.Jobs, SubmitAsync).WithName("SubmitJob").WithSummary("Submit a job (native YAML/JSON spec or #SBATCH script as the body)")
            .Accepts<string>("application/yaml", "application/json", "text/x-shellscript", "text/plain")
            .WithDescription(SpecStatuses + " 409: the Idempotency-Key was used for a different submission. " +
                "429: over a limit of the tenant — its rate of jobs (an array costs one per task) or its cap on unfinished jobs; Retry-After says when to try again, and the problem names the limit.")
            .Produces<SubmitResult>(201).Produces<SubmitResult>(200).ProducesProblem(400).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429).ProducesProblem(503)
            .AddOpenApiOperationTransformer(DescribeSpecStatuses);
        jobs.MapGet(ApiRoutes.Jobs, ListAsync).WithName("ListJobs").WithSummary("List jobs, newest first, paged").Produces<JobPage>().ProducesProblem(400);
        jobs.MapGet(ApiRoutes.Job, GetAsync).WithName("GetJob").WithSummary("Get a job").Produces<JobView>().ProducesProblem(404);
        jobs.MapPost(ApiRoutes.JobCancel, CancelAsync).WithName("CancelJob").WithSummary("Cancel a job (idempotent)").Produces<JobView>().ProducesProblem(404).ProducesProblem(409);
        jobs.MapGet(ApiRoutes.JobEvents, EventsAsync).WithName("GetJobEvents").WithSummary("A job's state history").Produces<JobEventView[]>().ProducesProblem(404);
        jobs.MapGet(ApiRoutes.JobExplanation, ExplanationAsync).WithName("GetJobExplanation").WithSummary("Where a job went and why: every candidate center")
            .WithDescription("A waiting job's explanation is worked out afresh, as a dry run, and counts against the tenant's rate of dry runs (429 beyond it, with Retry-After).")
            .Produces<DecisionView>().ProducesProblem(404).ProducesProblem(429);
        jobs.MapGet(ApiRoutes.JobOutput, OutputAsync).WithName("GetJobOutput").WithSummary("A job's stdout or stderr from an offset").Produces<OutputView>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        jobs.MapGet(ApiRoutes.JobMetering, MeteringAsync).WithName("GetJobMetering").WithSummary("Estimated and metered cost, energy and carbon").Produces<MeteringView>().ProducesProblem(404);
        jobs.MapPost(ApiRoutes.DryRun, DryRunAsync).WithName("DryRun").WithSummary("Where a job would go and why, without submitting it")
            .Accepts<string>("application/yaml", "application/json", "text/x-shellscript", "text/plain")
            .WithDescription(SpecStatuses + $" Nothing is created: the decisions carry the job id '{ApiRoutes.DryRunJobId}' ('{ApiRoutes.DryRunJobId}_{{index}}' for a job array's elements). " +
                "A valid job that no center can take now (but could on an idle network) is answered 200 with placed: false. 429: over the tenant's rate of dry runs (Retry-After).")
            .Produces<DecisionView[]>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429)
            .AddOpenApiOperationTransformer(DescribeSpecStatuses);
    }

    private const string IdempotencyKeyDescription =
        "Makes retrying a submission safe: the same key with the same body (per tenant) answers 200 with the jobs the first submission created " +
        "(replayed: true) and creates nothing; with a different body, 409. 1–200 printable characters. Without it, every submission creates jobs.";

    // What a spec's statuses mean, the same for a submission and a dry run.
    private const string SpecStatuses =
        "400: the spec is invalid (errors lists each field or #SBATCH line). 413: the body is over the size limit. " +
        "422: the spec is valid, but no center of the network could ever run the job, even idle (errors lists each group of centers with its reason).";

    // The two refusals of a spec, named in the responses themselves rather than as "Bad Request" and "Unprocessable Entity".
    private static Task DescribeSpecStatuses(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.GetValueOrDefault("400") is Microsoft.OpenApi.OpenApiResponse invalid)
            invalid.Description = "Invalid spec: errors names each field or #SBATCH line. Nothing was done.";
        if (operation.Responses?.GetValueOrDefault("422") is Microsoft.OpenApi.OpenApiResponse unplaceable)
            unplaceable.Description = "Valid spec, but no center of the network could ever run the job: errors gives each group of centers its reason. Nothing was done.";
        return Task.CompletedTask;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, SubmissionService submissions, SubmissionWriter writer, JobStore store,
        Scheduler scheduler, SubmissionLimits limits, BrokerMetrics metrics, string? tenant = null,
        [FromHeader(Name = ApiRoutes.IdempotencyKeyHeader), Description(IdempotencyKeyDescription)] string? key = null)
    {
        var caller = Caller.From(http.User);
        if (tenant is not null && !caller.IsAdmin) return Problems.Of(400, "Bad request", "only an admin may submit for another tenant (?tenant=)");
        if (key is not null && (key.Length is 0 or > MaxIdempotencyKeyChars || key.Any(char.IsControl)))
            return Problems.Of(400, "Bad request", $"{ApiRoutes.IdempotencyKeyHeader} must be 1–{MaxIdempotencyKeyChars} printable characters");
        SubmitOutcome outcome;
        PreparedSubmission prepared;
        try
        {
            limits.ChargeRequest(caller, dryRun: false);
            string text = await ReadBodyAsync(http);
            string source = Source(http);
            prepared = await submissions.PrepareAsync(text, source, caller, tenant, http.RequestAborted,
                admit: jobs => limits.AdmitJobs(caller, jobs, source, dryRun: false));
            string owner = prepared.Jobs[0].Tenant;
            outcome = await writer.SubmitAsync(new NewSubmission(owner, key, SubmissionService.BodyHash(text, tenant), prepared.Jobs), http.RequestAborted);
        }
        catch (SpecException e)
        {
            metrics.Submissions.WithLabels("invalid").Inc();
            return Problems.Invalid(e);
        }
        catch (SubmissionRefusedException e)
        {
            metrics.Submissions.WithLabels("refused").Inc();
            return Problems.Unplaceable(e);
        }
        catch (LimitExceededException e)
        {
            metrics.Submissions.WithLabels(e.Limit == "unfinished-jobs" ? "over_quota" : "rate_limited").Inc();
            return Problems.Limited(e);
        }
        switch (outcome.Status)
        {
            case SubmitStatus.Created:
                metrics.Submissions.WithLabels("created").Inc();
                scheduler.Wake();
                return Results.Json(new SubmitResult(prepared.Jobs.Select((row, i) => JobViews.From(row, prepared.Requests[i])).ToArray(), false),
                    statusCode: 201);
            case SubmitStatus.Replayed:
                metrics.Submissions.WithLabels("replayed").Inc();
                var earlier = (await store.GetManyAsync(outcome.JobIds, http.RequestAborted)).ToDictionary(j => j.Id);
                return Results.Json(new SubmitResult(outcome.JobIds.Where(earlier.ContainsKey).Select(id => JobViews.From(earlier[id])).ToArray(), true));
            default:
                metrics.Submissions.WithLabels("conflict").Inc();
                return Problems.Of(409, "Idempotency-Key reused", $"the key was used for a different submission (jobs {string.Join(", ", outcome.JobIds)})");
        }
    }

    private static async Task<IResult> DryRunAsync(HttpContext http, SubmissionService submissions, Scheduler scheduler, SubmissionLimits limits, string? tenant = null)
    {
        var caller = Caller.From(http.User);
        PreparedSubmission prepared;
        try
        {
            limits.ChargeRequest(caller, dryRun: true);
            string text = await ReadBodyAsync(http);
            string source = Source(http);
            prepared = await submissions.PrepareAsync(text, source, caller, caller.IsAdmin ? tenant : null, http.RequestAborted, dryRun: true,
                admit: jobs => limits.AdmitJobs(caller, jobs, source, dryRun: true));
        }
        catch (SpecException e)
        {
            return Problems.Invalid(e);
        }
        catch (SubmissionRefusedException e)
        {
            return Problems.Unplaceable(e);
        }
        catch (LimitExceededException e)
        {
            return Problems.Limited(e);
        }
        var decisions = await scheduler.DryRunAsync(prepared.Requests, http.RequestAborted);
        return Results.Json(decisions.Select(DecisionViews.From).ToArray());
    }

    private static async Task<IResult> ListAsync(HttpContext http, JobStore store, string? state = null, string? tenant = null, string? center = null,
        DateTimeOffset? since = null, DateTimeOffset? until = null, int? limit = null, string? cursor = null)
    {
        var caller = Caller.From(http.User);
        var errors = new List<SpecError>();
        List<JobState>? states = null;
        foreach (string s in state?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            // By name only: a number is no state's name.
            var named = Enum.GetValues<JobState>().Where(v => string.Equals(v.ToString(), s, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (named.Length == 1) (states ??= []).Add(named[0]);
            else errors.Add(new SpecError("state", $"'{s}' is not a job state ({string.Join(", ", Enum.GetNames<JobState>())})"));
        }
        if (limit is < 1 or > MaxPageSize) errors.Add(new SpecError("limit", $"must be 1–{MaxPageSize}"));
        (long, string)? after = null;
        if (cursor is not null)
        {
            if (Cursor.TryParse(cursor, out var parsed)) after = parsed;
            else errors.Add(new SpecError("cursor", "is not a cursor this API returned"));
        }
        if (!caller.IsAdmin && tenant is not null && tenant != caller.Tenant) errors.Add(new SpecError("tenant", "a tenant token lists only its own jobs"));
        if (errors.Count > 0) return Problems.Of(400, "Bad request", "invalid query", errors);
        int size = limit ?? 50;
        var rows = await store.ListAsync(new JobFilter(caller.IsAdmin ? tenant : caller.Tenant, states, center,
            since is { } a ? JobViews.Ms(a) : null, until is { } b ? JobViews.Ms(b) : null, size, after), http.RequestAborted);
        string? next = rows.Count == size ? Cursor.For(rows[^1].SubmittedAtMs, rows[^1].Id) : null;
        return Results.Json(new JobPage(rows.Select(JobViews.From).ToArray(), next));
    }

    private static async Task<IResult> GetAsync(HttpContext http, JobStore store, string id) =>
        await Owned(http, store, id) is { } job ? Results.Json(JobViews.From(job)) : Problems.NotFound("job", id);

    private static async Task<IResult> EventsAsync(HttpContext http, JobStore store, string id)
    {
        if (await Owned(http, store, id) is null) return Problems.NotFound("job", id);
        var events = await store.EventsAsync(id, http.RequestAborted);
        return Results.Json(events.Select(JobViews.From).ToArray());
    }

    private static async Task<IResult> ExplanationAsync(HttpContext http, JobStore store, Scheduler scheduler, SubmissionLimits limits, string id)
    {
        if (await Owned(http, store, id) is not { } job) return Problems.NotFound("job", id);
        if (JobViews.Decision(job) is { } decision) return Results.Json(decision);
        // A job still waiting has no committed decision: explain where it stands now (the same question
        // the next cycle asks), so "why is my job waiting?" always has an answer. That is a dry run, and
        // is paid for like one.
        if (JobLifecycle.IsWaiting(job.State))
        {
            try
            {
                limits.ChargeRequest(Caller.From(http.User), dryRun: true);
            }
            catch (LimitExceededException e)
            {
                return Problems.Limited(e);
            }
            var now = (await scheduler.DryRunAsync([JobViews.Request(job)], http.RequestAborted)).Single();
            return Results.Json(DecisionViews.From(now));
        }
        return Problems.Of(404, "Not decided", $"job '{id}' ended {job.State} without a placement decision");
    }

    private static async Task<IResult> MeteringAsync(HttpContext http, JobStore store, string id)
    {
        if (await Owned(http, store, id) is not { } job) return Problems.NotFound("job", id);
        var plan = JobViews.Decision(job)?.Plan;
        var estimated = plan is null || job.CenterId is null && job.ActualCostYuan is null ? null
            : new MeterFigures(plan.StartAt, plan.StartAt.AddSeconds(plan.RuntimeSeconds), plan.RuntimeSeconds, plan.CostYuan, plan.EnergyKwh, plan.CarbonKg);
        MeterFigures? actual = job.ActualCostYuan is { } cost && job.StartedAtMs is { } s && job.EndedAtMs is { } e
            ? new MeterFigures(JobViews.Time(s), JobViews.Time(e), (e - s) / 1000.0, cost, job.ActualEnergyKwh ?? 0, job.ActualCarbonKg ?? 0)
            : null;
        return Results.Json(new MeteringView(job.Id, job.CenterId ?? plan?.CenterId, estimated, actual));
    }

    private static async Task<IResult> OutputAsync(HttpContext http, JobStore store, EngineRegistry engines, string id, string? stream = null, long? offset = null, int? limit = null)
    {
        if (await Owned(http, store, id) is not { } job) return Problems.NotFound("job", id);
        var which = (stream ?? "stdout").ToLowerInvariant() switch { "stdout" => OutputStream.Stdout, "stderr" => OutputStream.Stderr, _ => (OutputStream?)null };
        if (which is null) return Problems.Of(400, "Bad request", "stream must be stdout or stderr", [new SpecError("stream", $"'{stream}' is not stdout or stderr")]);
        if (offset is < 0) return Problems.Of(400, "Bad request", "offset must be 0 or more", [new SpecError("offset", "is negative")]);
        int max = Math.Clamp(limit ?? 64 * 1024, 1, 1024 * 1024);
        bool final = JobLifecycle.IsFinal(job.State);
        if (job.DispatchToken is null || job.CenterId is null || job.DispatchedAtMs is null)
            return Results.Json(new OutputView(id, View(which.Value), "", offset ?? 0, final));
        try
        {
            var chunk = await engines.CallAsync(job.CenterId, (e, ct) => e.ReadOutputAsync(job.DispatchToken, which.Value, offset ?? 0, max, ct), http.RequestAborted);
            return Results.Json(chunk is null
                ? new OutputView(id, View(which.Value), "", offset ?? 0, final)
                : new OutputView(id, View(which.Value), chunk.Text, chunk.NextOffset, chunk.Complete && final));
        }
        catch (EngineUnavailableException e)
        {
            return Problems.Of(503, "Center unreachable", e.Message);
        }
        catch (OutputUnavailableException e)
        {
            // Something else stands where the output should be (a link, a FIFO): it is not read, and the center is fine.
            return Problems.Of(409, "Output not available", e.Message);
        }
    }

    // The API's name for an engine's output stream.
    private static StreamView View(OutputStream stream) => stream == OutputStream.Stdout ? StreamView.Stdout : StreamView.Stderr;

    private static async Task<IResult> CancelAsync(HttpContext http, JobStore store, EngineRegistry engines, Scheduler scheduler, TimeProvider time, string id)
    {
        var caller = Caller.From(http.User);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (await Owned(http, store, id) is not { } job) return Problems.NotFound("job", id);
            var state = job.State;
            if (state == JobState.Cancelled) return Results.Json(JobViews.From(job));
            if (JobLifecycle.IsFinal(state)) return Problems.Of(409, "Already finished", $"job '{id}' already {state}");
            string who = caller.IsAdmin ? "an admin" : "its owner";
            bool atCenter = job.DispatchToken is not null && job.CenterId is not null && JobLifecycle.IsAtCenter(state);
            string reason = $"cancelled by {who}";
            if (atCenter)
            {
                try
                {
                    await engines.CallAsync(job.CenterId!, (e, ct) => e.CancelAsync(job.DispatchToken!, ct), http.RequestAborted);
                    reason += $"; its run at {job.CenterId} was stopped";
                }
                catch (EngineUnavailableException)
                {
                    // The run cannot be reached now; once the job is Cancelled, the run is an orphan and the
                    // scheduler ends it when the center answers again.
                    reason += $"; {job.CenterId} is unreachable, its run will be stopped when the center answers";
                }
            }
            long nowMs = JobViews.Ms(time.GetUtcNow());
            var (status, row) = await store.TransitionAsync(new TransitionRequest(job.Id, job.Version, JobState.Cancelled, reason, new EndFacts(nowMs)),
                nowMs, http.RequestAborted);
            if (status == TransitionStatus.Applied)
            {
                if (atCenter) scheduler.CapacityChanged();
                scheduler.Wake();
                return Results.Json(JobViews.From(row!));
            }
            // Stale: the scheduler moved it meanwhile; read again and retry.
        }
        return Problems.Of(409, "Busy", $"job '{id}' kept changing; try again");
    }

    /// <summary>The job if the caller may see it (others' jobs look absent).</summary>
    private static async Task<JobRow?> Owned(HttpContext http, JobStore store, string id)
    {
        var job = await store.GetAsync(id, http.RequestAborted);
        return job is not null && Caller.From(http.User).MayAccess(job.Tenant) ? job : null;
    }

    private static string Source(HttpContext http)
    {
        // Clients percent-encode the name (header values are ASCII; file names need not be).
        string? header = http.Request.Headers[ApiRoutes.SourceHeader];
        if (string.IsNullOrWhiteSpace(header)) return "request body";
        string name = Uri.UnescapeDataString(header);
        return name.Length > 200 || name.Any(char.IsControl) ? "request body" : name;
    }

    // Reads the body as UTF-8 within the size limit (Kestrel answers 413 beyond it).
    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: false));
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    /// <summary>Opaque page cursors: base64url of "submittedMs:id".</summary>
    private static class Cursor
    {
        public static string For(long submittedMs, string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{submittedMs}:{id}"));

        public static bool TryParse(string text, out (long, string) value)
        {
            value = default;
            try
            {
                string decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
                int colon = decoded.IndexOf(':');
                if (colon <= 0 || !long.TryParse(decoded[..colon], out long ms)) return false;
                value = (ms, decoded[(colon + 1)..]);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
