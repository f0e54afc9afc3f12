using System.Text.Json;
using Suanwang.Api.Contracts;
using Suanwang.Model.Jobs;
using Suanwang.Store.Entities;

namespace Suanwang.Broker;

/// <summary>Stored rows to API views, and the JSON forms kept in rows.</summary>
public static class JobViews
{
    /// <summary>JSON for what the store keeps (the core's records, the API's decision view).</summary>
    public static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web);

    /// <summary>Unix milliseconds to a UTC time.</summary>
    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>A UTC time to Unix milliseconds.</summary>
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The job request of a row read with its body (see <see cref="Submissions.JobBodies"/>).</summary>
    public static JobRequest Request(JobRow row) => Submissions.JobBodies.RequestOf(row);

    /// <summary>What a job holds while it runs, from its row alone (no request needed).</summary>
    public static ResourceRequest Resources(JobRow row) => new(row.Accelerators, [], 0, row.Cpus, row.MemoryGiB, 1);

    /// <summary>The decision kept in a row, or null.</summary>
    public static DecisionView? Decision(JobRow row) =>
        row.DecisionJson is null ? null : JsonSerializer.Deserialize<DecisionView>(row.DecisionJson, StoreJson);

    /// <summary>
    /// The API view of a job read with its body. A stored request that cannot be read (a damaged row) still gives a
    /// view, its spec from what the row itself holds, so one bad job never breaks a listing.
    /// </summary>
    public static JobView From(JobRow row)
    {
        JobSpecView spec;
        try
        {
            spec = Spec(Request(row));
        }
        catch (JsonException)
        {
            spec = new JobSpecView("unknown", [], row.Accelerators, [], row.Cpus, row.MemoryGiB, 0, null, 0, null, null, null, 0, 0);
        }
        return From(row, spec);
    }

    /// <summary>The API view of a job whose request is already parsed.</summary>
    public static JobView From(JobRow row, JobRequest job) => From(row, Spec(job));

    private static JobView From(JobRow row, JobSpecView spec) => new(
        row.Id, row.Name, row.Tenant, row.Tier, row.State, row.Version, row.Attempt,
        Time(row.SubmittedAtMs), Time(row.UpdatedAtMs), row.CenterId, row.PoolId,
        row.StartedAtMs is { } s ? Time(s) : null, row.EndedAtMs is { } e ? Time(e) : null,
        row.ExitCode, row.Reason, spec);

    /// <summary>The parts of a spec the API shows.</summary>
    public static JobSpecView Spec(JobRequest job) => new(
        job.Kind.ToString().ToLowerInvariant(), job.Command, job.Resources.AcceleratorCount, job.Resources.AcceleratorModels,
        job.Resources.Cpus, job.Resources.MemoryGiB, job.Work.ReferenceHours, job.Work.TimeLimitHours, job.InputGiB,
        job.Constraints.Residency, job.Constraints.Deadline, job.Constraints.MaxPriceYuan,
        job.Preferences.CarbonWeight, job.Preferences.FlexibleStartHours);

    /// <summary>The API view of an event.</summary>
    public static JobEventView From(JobEventRow e) => new(e.Version, e.FromState, e.ToState, Time(e.AtMs), e.Reason, e.Attempt);
}
