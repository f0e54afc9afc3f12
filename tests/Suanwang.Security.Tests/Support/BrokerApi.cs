using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Lifecycle;

namespace Suanwang.Security.Tests.Support;

/// <summary>Talking to the broker as a client does: specs, submissions, waiting on conditions, output.</summary>
public static class BrokerApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>States a job never leaves.</summary>
    public static readonly JobState[] FinalStates = [JobState.Succeeded, JobState.Failed, JobState.Cancelled];

    /// <summary>States of a job not yet at a center.</summary>
    public const string Waiting = "Submitted,Queued,Requeued";

    /// <summary>States of a job not yet finished.</summary>
    public const string Unfinished = "Submitted,Queued,Requeued,Placed,Dispatched,Running,Unknown,Lost";

    /// <summary>A native spec running <c>sh -c <paramref name="command"/></c> (argv, so nothing is re-split), 1 core, 1 GiB.</summary>
    public static string Spec(string name, string command, IReadOnlyDictionary<string, string>? env = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"name: {JsonSerializer.Serialize(name)}");
        text.AppendLine($"command: [\"sh\", \"-c\", {JsonSerializer.Serialize(command)}]");
        if (env is { Count: > 0 })
            text.AppendLine($"env: {{ {string.Join(", ", env.Select(e => $"{e.Key}: {JsonSerializer.Serialize(e.Value)}"))} }}");
        text.AppendLine("resources: { cpus: 1, memoryGiB: 1 }");
        text.AppendLine("work: { referenceHours: 0.001 }");
        return text.ToString();
    }

    /// <summary>An <c>#SBATCH</c> script: the directives (without <c>#SBATCH</c>), then the body.</summary>
    public static string Script(IEnumerable<string> directives, string body) =>
        "#!/bin/sh\n" + string.Concat(directives.Select(d => $"#SBATCH {d}\n")) + body + (body.EndsWith('\n') ? "" : "\n");

    public static Task<HttpResponseMessage> PostSpecAsync(HttpClient client, string spec, string route = ApiRoutes.Jobs, string mediaType = "application/yaml", CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(spec, Encoding.UTF8, mediaType) };
        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>Submits and expects 201; returns the jobs (several for an array).</summary>
    public static async Task<IReadOnlyList<JobView>> SubmitAsync(HttpClient client, string spec, string mediaType = "application/yaml")
    {
        using var response = await PostSpecAsync(client, spec, mediaType: mediaType);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"submission answered {(int)response.StatusCode}: {AttackLog.Shorten(body)}");
        return JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs;
    }

    public static async Task<JobView> SubmitOneAsync(HttpClient client, string spec) => (await SubmitAsync(client, spec)).Single();

    public static async Task<JobView> GetJobAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JobView>(ApiRoutes.With(ApiRoutes.Job, id), Json))!;

    /// <summary>Polls the job until <paramref name="until"/> holds; fails naming <paramref name="what"/> and the job's last state on timeout.</summary>
    public static async Task<JobView> WaitForAsync(HttpClient client, string id, Func<JobView, bool> until, string what, double seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await GetJobAsync(client, id);
            if (until(job)) return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {seconds:0} s for {what}: job {job.Id} stayed {job.State} ({job.Reason})");
            await Task.Delay(200);
        }
    }

    public static Task<JobView> WaitForEndAsync(HttpClient client, string id, string what, double seconds = 90) =>
        WaitForAsync(client, id, j => FinalStates.Contains(j.State), what, seconds);

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> (and <paramref name="status"/>, if given) on timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 90, Func<Task<string>>? status = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {seconds:0} s for {what}" + (status is null ? "" : $"; {await status()}"));
            await Task.Delay(250);
        }
    }

    /// <summary>The whole of a job's stream, read slice by slice (at most 8 MB).</summary>
    public static async Task<string> OutputAsync(HttpClient client, string id, string stream = "stdout")
    {
        var text = new StringBuilder();
        long offset = 0;
        while (text.Length < 8 * 1024 * 1024)
        {
            var view = (await client.GetFromJsonAsync<OutputView>($"{ApiRoutes.With(ApiRoutes.JobOutput, id)}?stream={stream}&offset={offset}", Json))!;
            text.Append(view.Text);
            if (view.Complete || view.NextOffset == offset) break;
            offset = view.NextOffset;
        }
        return text.ToString();
    }

    /// <summary>Whether the caller has any job in one of <paramref name="states"/> (comma-separated).</summary>
    public static async Task<bool> AnyAsync(HttpClient client, string states)
    {
        var page = (await client.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?state={states}&limit=1", Json))!;
        return page.Items.Count > 0;
    }

    /// <summary>Every job the caller sees, in <paramref name="states"/> if given, page by page.</summary>
    public static async Task<List<JobView>> ListAllAsync(HttpClient client, string? states = null)
    {
        var all = new List<JobView>();
        string? cursor = null;
        do
        {
            string query = $"{ApiRoutes.Jobs}?limit=500" + (states is null ? "" : $"&state={states}") + (cursor is null ? "" : $"&cursor={cursor}");
            var page = (await client.GetFromJsonAsync<JobPage>(query, Json))!;
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    /// <summary>The caller's jobs by state this month (<c>/v1/usage</c>), as "Queued 12, Failed 3".</summary>
    public static async Task<string> CountsAsync(HttpClient client)
    {
        try
        {
            var usage = (await client.GetFromJsonAsync<UsageView[]>(ApiRoutes.Usage, Json))!;
            return string.Join("; ", usage.Select(u => $"{u.Tenant}: " + string.Join(", ", u.JobsByState.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return $"usage unavailable ({e.Message})";
        }
    }

    /// <summary>Whether <paramref name="body"/> is an RFC 7807 problem (JSON with a status or title).</summary>
    public static bool IsProblem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   (document.RootElement.TryGetProperty("status", out _) || document.RootElement.TryGetProperty("title", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
