using System.Text.Json;
using Suanwang.Api;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// ANSI escape sequences and other control characters in a job's name, arguments, environment and output must
/// not break the API: every answer is valid JSON with the characters escaped (no raw ESC or BEL byte), never a
/// 5xx. (How the CLI prints them to a terminal is the CLI's own tests' business.)
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class ControlCharacterTests(AttackReport report, ITestOutputHelper output)
{
    private const string Escapes = "\u001b[2J\u001b[31m\u001b]0;pwned\u0007\r\u0008";

    [Fact]
    public Task Escape_sequences_in_job_text_leave_the_API_answers_valid_JSON() => report.RunAsync("control-characters", StoreKind.Sqlite, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(StoreKind.Sqlite, output);
        var mallory = await broker.NewTenantAsync("mallory");
        var accepted = new List<string>();
        foreach (var (what, name) in new[] { ("name, argument and environment", $"evil{Escapes}name"), ("argument, environment and output", "evil") })
        {
            string spec = JsonSerializer.Serialize(new
            {
                name,
                command = new[] { "sh", "-c", "printf '\\033[2J\\033]0;pwned\\007\\r'; echo \"$1\"; echo \"$EVIL\" >&2", $"arg{Escapes}" },
                env = new Dictionary<string, string> { ["EVIL"] = $"env{Escapes}" },
                resources = new { cpus = 1, memoryGiB = 1 },
                work = new { referenceHours = 0.001 },
            });
            using var submitted = await BrokerApi.PostSpecAsync(mallory.Http, spec, mediaType: "application/json");
            string body = await submitted.Content.ReadAsStringAsync();
            Judge(attack, $"submit a job with escapes in its {what}", (int)submitted.StatusCode, body);
            if ((int)submitted.StatusCode == 201) accepted.Add(JsonDocument.Parse(body).RootElement.GetProperty("jobs")[0].GetProperty("id").GetString()!);
        }
        foreach (string id in accepted)
        {
            await BrokerApi.WaitForEndAsync(mallory.Http, id, "the job printing escapes to end");
            foreach (string route in (string[])[ApiRoutes.Job, ApiRoutes.JobEvents, ApiRoutes.JobExplanation, ApiRoutes.JobOutput + "?stream=stdout", ApiRoutes.JobOutput + "?stream=stderr"])
            {
                using var response = await mallory.Http.GetAsync(ApiRoutes.With(route, id));
                Judge(attack, $"GET {route} of {id}", (int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }
        using var list = await mallory.Http.GetAsync(ApiRoutes.Jobs);
        Judge(attack, $"GET {ApiRoutes.Jobs}", (int)list.StatusCode, await list.Content.ReadAsStringAsync());
        attack.Figure($"{accepted.Count} of 2 jobs accepted");
    });

    // Any answer below 500 whose body is valid JSON with no raw control character but newline and tab holds.
    private static void Judge(AttackLog attack, string attempt, int status, string body)
    {
        string? problem = status >= 500 ? $"answered {status}" : null;
        if (problem is null)
        {
            try { JsonDocument.Parse(body).Dispose(); }
            catch (JsonException e) { problem = $"answered {status} with a body that is not JSON ({e.Message})"; }
        }
        if (problem is null && body.FirstOrDefault(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) is var raw && raw != default)
            problem = $"the answer holds a raw control character U+{(int)raw:X4}";
        attack.Check(attempt, problem is null, $"{status}, valid JSON", () => $"{problem}: {AttackLog.Shorten(body, 200)}");
    }
}
