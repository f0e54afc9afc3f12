using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Testing.Data;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>A network with measured hourly series: the broker reads them from its signal data directory.</summary>
public sealed class SignalDataTests
{
    [Fact]
    public async Task The_broker_starts_on_greendcc_zones_with_its_series_from_the_public_data_folder()
    {
        // The committed samples hold one week of each series greendcc-zones reads.
        await using var broker = await StartAsync(adjust: o => o with { Network = "greendcc-zones", PublicData = TestData.SamplesDirectory });

        var network = (await broker.Admin.GetFromJsonAsync<NetworkView>(ApiRoutes.Network, Json))!;
        var centers = (await broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;

        Assert.Equal("greendcc-zones", network.Id);
        Assert.Equal(6, network.Regions.Count);
        Assert.Equal(["frankfurt", "mumbai", "san-jose", "sao-paulo", "singapore", "tokyo"], centers.Select(c => c.Id).Order());
    }
}
