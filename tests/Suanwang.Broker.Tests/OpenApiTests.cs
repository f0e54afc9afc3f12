using System.Text.Json;
using System.Text.Json.Nodes;
using Suanwang.Api;
using Suanwang.Broker.Tests.Support;

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

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Suanwang.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
