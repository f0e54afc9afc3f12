using System.Text.Json;
using System.Text.Json.Nodes;
using Suanwang.Api;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;

namespace Suanwang.Broker.Tests;

/// <summary>
/// The OpenAPI document is the API's contract: it is pinned by a snapshot (Snapshots/openapi.json), so
/// any change to a route, a parameter or a shape shows up in review. Regenerate with
/// SUANWANG_UPDATE_SNAPSHOTS=1 after a deliberate change.
/// </summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_OpenAPI_document_matches_its_snapshot()
    {
        await using var broker = await TestBroker.StartAsync();
        string text = await broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi);
        var document = JsonNode.Parse(text)!;
        document["servers"] = null; // the test broker's port differs every run
        string normalised = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        string path = Path.Combine(RepositoryRoot(), "tests", "Suanwang.Broker.Tests", "Snapshots", "openapi.json");
        if (Environment.GetEnvironmentVariable("SUANWANG_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(path, normalised);
        Assert.True(File.Exists(path), $"no snapshot at {path}; run with SUANWANG_UPDATE_SNAPSHOTS=1 to create it");
        Assert.Equal(File.ReadAllText(path), normalised);
    }

    [Fact]
    public async Task Every_route_in_ApiRoutes_is_documented()
    {
        await using var broker = await TestBroker.StartAsync();
        var paths = JsonNode.Parse(await broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi))!["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        var routes = typeof(ApiRoutes).GetFields().Where(f => f.IsLiteral && ((string)f.GetValue(null)!).StartsWith("/v1/", StringComparison.Ordinal))
            .Select(f => (string)f.GetValue(null)!);
        Assert.All(routes, r => Assert.Contains(r, paths));
    }

    [Fact]
    public async Task Job_states_verdicts_and_other_closed_sets_are_string_enums_and_the_Idempotency_Key_header_is_documented()
    {
        await using var broker = await TestBroker.StartAsync();
        var document = JsonNode.Parse(await broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi))!;
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal(Enum.GetNames<JobState>(), EnumOf(schemas, "JobView", "state"));
        Assert.Equal(Enum.GetNames<JobState>(), EnumOf(schemas, "JobEventView", "to"));
        Assert.Equal(Enum.GetNames<JobState>(), EnumOf(schemas, "JobEventView", "from"));
        Assert.Equal(["Chosen", "Outscored", "Filtered"], EnumOf(schemas, "CandidateView", "verdict"));
        Assert.Equal(["Up", "Degraded", "Down", "Draining"], EnumOf(schemas, "CenterView", "availability"));
        Assert.Equal(["Up", "Degraded", "Down", "Draining"], EnumOf(schemas, "CenterFlagView", "availability"));
        Assert.Equal(["east", "west", "other"], EnumOf(schemas, "RegionView", "role"));
        Assert.Equal(["stdout", "stderr"], EnumOf(schemas, "OutputView", "stream"));

        var submit = document["paths"]![ApiRoutes.Jobs]!["post"]!["parameters"]!.AsArray();
        var key = Assert.Single(submit, p => (string?)p!["name"] == ApiRoutes.IdempotencyKeyHeader)!;
        Assert.Equal("header", (string?)key["in"]);
        Assert.Equal("string", (string?)key["schema"]!["type"]);
        Assert.Contains("replayed", (string?)key["description"]);
    }

    [Fact]
    public async Task The_API_writes_closed_sets_as_the_names_its_document_lists()
    {
        await using var broker = await TestBroker.StartAsync();
        var schemas = JsonNode.Parse(await broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi))!["components"]!["schemas"]!;
        var job = await TestBroker.SubmitAsync(broker.Tenant, TestBroker.Spec("names", "true"));
        await TestBroker.WaitForStateAsync(broker.Tenant, job.Id, JobState.Succeeded);

        var written = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.With(ApiRoutes.Job, job.Id)))!;
        Assert.Equal("Succeeded", (string?)written["state"]);
        var events = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.With(ApiRoutes.JobEvents, job.Id)))!.AsArray();
        Assert.Equal(["Submitted", "Queued", "Placed", "Dispatched"], events.Take(4).Select(e => (string?)e!["to"]));
        Assert.Equal("Succeeded", (string?)events[^1]!["to"]); // from Running, or from Dispatched when the run ended before it was seen running
        Assert.Null(events[0]!["from"]);
        var explanation = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.With(ApiRoutes.JobExplanation, job.Id)))!;
        Assert.Equal("Chosen", (string?)explanation["candidates"]![0]!["verdict"]);
        var centers = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.Centers))!.AsArray();
        Assert.All(centers, c => Assert.Equal("Up", (string?)c!["availability"]));
        var network = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.Network))!;
        Assert.Subset(EnumOf(schemas, "RegionView", "role").ToHashSet(), network["regions"]!.AsArray().Select(r => (string)r!["role"]!).ToHashSet());
        var output = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.With(ApiRoutes.JobOutput, job.Id) + "?stream=stderr"))!;
        Assert.Equal("stderr", (string?)output["stream"]);
        var usage = JsonNode.Parse(await broker.Tenant.GetStringAsync(ApiRoutes.Usage))!.AsArray();
        Assert.Equal(1, (int?)Assert.Single(usage)!["jobsByState"]!["Succeeded"]);
    }

    // The names a property's schema allows (through its $ref, and for a nullable one its non-null branch); empty when none.
    private static string[] EnumOf(JsonNode schemas, string type, string property)
    {
        var schema = schemas[type]!["properties"]![property]!;
        if (schema["oneOf"] is JsonArray choices) schema = choices.First(c => (string?)c!["type"] != "null")!;
        if ((string?)schema["$ref"] is { } reference) schema = schemas[reference.Split('/')[^1]]!;
        Assert.Equal("string", (string?)schema["type"]);
        return schema["enum"] is JsonArray names ? [.. names.Select(n => (string)n!)] : [];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
