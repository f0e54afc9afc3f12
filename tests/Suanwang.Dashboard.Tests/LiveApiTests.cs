using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Dashboard.Tests.Support;

namespace Suanwang.Dashboard.Tests;

/// <summary>The routes the dashboard added are ordinary API routes: tokens required, admin-only where operators' figures are, tenants' feeds filtered.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveApiTests(DashboardFixture broker)
{
    [Theory]
    [InlineData(ApiRoutes.Network)]
    [InlineData(ApiRoutes.Live)]
    [InlineData(ApiRoutes.Operations)]
    public async Task Without_a_token_the_dashboards_routes_answer_401(string route)
    {
        using var anonymous = new HttpClient { BaseAddress = broker.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(route, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    [Fact]
    public async Task The_operations_view_is_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await broker.Tenant.GetAsync(ApiRoutes.Operations)).StatusCode);
        var ops = await broker.Admin.GetFromJsonAsync<OperationsView>(ApiRoutes.Operations, DashboardFixture.Json);
        Assert.Equal(10, ops!.Utilisation.CenterIds.Count);
        Assert.Equal(["enterprise", "sme", "research", "education"], ops.Tiers.Select(t => t.Tier));
    }

    [Fact]
    public async Task The_network_view_has_every_hub_with_its_role_and_the_links()
    {
        var network = await broker.Tenant.GetFromJsonAsync<NetworkView>(ApiRoutes.Network, DashboardFixture.Json);
        Assert.Equal(8, network!.Regions.Count);
        Assert.Equal(4, network.Regions.Count(r => r.Role == RegionRole.West));
        Assert.All(network.Links, l => Assert.True(l.LatencyMs > 0 && l.BandwidthGbps > 0));
    }

    [Fact]
    public async Task A_tenants_live_feed_carries_its_own_jobs_and_not_another_tenants()
    {
        string otherToken = await broker.NewTenantTokenAsync("feed-other");
        using var other = broker.Client(otherToken);
        using var feedClient = broker.Client(broker.TenantToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await feedClient.GetAsync(ApiRoutes.Live, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var theirs = await DashboardFixture.SubmitAsync(other, DashboardFixture.Spec("not-for-default", "true"));
        var mine = await DashboardFixture.SubmitAsync(broker.Tenant, DashboardFixture.Spec("for-default", "true"));

        var seen = new HashSet<string>();
        bool centers = false;
        string? type = null;
        while (!(seen.Contains(mine.Id) && centers))
        {
            string? line = await reader.ReadLineAsync(cancel.Token);
            Assert.NotNull(line);
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "jobs")
                foreach (var change in JsonSerializer.Deserialize<JobChangeView[]>(line["data: ".Length..], DashboardFixture.Json)!)
                {
                    Assert.Equal("default", change.Tenant);
                    seen.Add(change.Id);
                }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "centers") centers = true;
        }
        Assert.DoesNotContain(theirs.Id, seen);
    }
}
