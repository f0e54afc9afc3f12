using System.Globalization;
using System.Text.Json;
using static Suanwang.Engines.Slurm.SlurmJson;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// Jobs as slurmrestd's accounting plugin (<c>openapi/slurmdbd</c>, <c>/slurmdb/v0.0.40+/job/{id}</c> and <c>/jobs</c>)
/// answers them: a job's record in slurmdbd once it has ended, in the same terms as the controller's
/// (<see cref="SlurmJob"/>), with what accounting recorded (<see cref="AccountedUsage"/>).
/// </summary>
internal static class SlurmdbJobs
{
    /// <summary>One element of a <c>jobs</c> array of <c>/slurmdb/v0.0.4x/</c> (checked on Slurm 24.11's v0.0.42).</summary>
    public static SlurmJob Read(JsonElement job)
    {
        JsonElement time = Object(job, "time"), state = Object(job, "state"), exit = Object(job, "exit_code");
        string current = Texts(state, "current").FirstOrDefault() ?? "";
        long returnCode = Number(exit, "return_code");
        long signal = Number(Object(exit, "signal"), "id");
        var allocated = Tres(job);
        long elapsed = Long(time, "elapsed");
        JsonElement total = Object(time, "total");
        double? cpuSeconds = total.TryGetProperty("seconds", out _) ? Long(total, "seconds") + Long(total, "microseconds") / 1e6 : null;
        double? energy = allocated.FirstOrDefault(t => t.Type == "energy").Count is > 0 and var joules ? joules : null;
        string tres = string.Join(',', allocated.Where(t => t.Type != "energy" && t.Count >= 0)
            .Select(t => $"{(t.Name.Length > 0 ? $"{t.Type}/{t.Name}" : t.Type)}={t.Count.ToString(CultureInfo.InvariantCulture)}"));
        return new SlurmJob(
            Long(job, "job_id"), Text(job, "name") ?? "", Text(Object(job, "comment"), "job") ?? "",
            current, Text(state, "reason"),
            returnCode * 256 + signal,
            Long(time, "submission"), Long(time, "start"), Long(time, "end"), null, null,
            Text(job, "partition") ?? "", (int)allocated.Where(t => t.Type == "cpu").Sum(t => t.Count), (int)Long(job, "allocation_nodes"),
            TimeLimitMinutes: Number(time, "limit"),
            Account: Text(job, "account"), UserName: Text(job, "user"),
            Accounted: new AccountedUsage(elapsed, tres, cpuSeconds, energy));
    }

    private static (string Type, string Name, long Count)[] Tres(JsonElement job) =>
        Object(job, "tres").TryGetProperty("allocated", out JsonElement list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object).Select(t => (Text(t, "type") ?? "", Text(t, "name") ?? "", Long(t, "count")))]
            : [];

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    // The member as an object, or an empty one: an answer of another shape reads as nothing, never throws.
    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : Empty;
}
