using System.Globalization;
using Suanwang.Model.Network;
using Suanwang.Testing.Data;
using Xunit.Abstractions;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>
/// Prints the derived numbers of the bundled networks, ready to paste. Run:
/// <c>dotnet test tests/Suanwang.Networks.Tests --filter "FullyQualifiedName~DerivationOutput" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Data")]
public sealed class DerivationOutputTests(ITestOutputHelper output)
{
    [FullDataFact]
    public void Prints_the_daily_shapes_for_china_hubs()
    {
        string yaml = ShapeDerivation.AllAsYaml();
        output.WriteLine(yaml);
        Assert.NotEmpty(yaml);
    }

    [Fact]
    public void Prints_the_link_latencies_for_china_hubs()
    {
        var network = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);
        output.WriteLine(NetworkDerivation.LinksAsYaml(network.Regions));
    }

    [FullDataFact]
    public void Prints_the_prices_and_links_for_greendcc_zones()
    {
        foreach (var zone in NetworkDerivation.GreenDccZones.Keys)
        {
            var (acc, cpu, mean, hours) = NetworkDerivation.Pricing(zone);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {zone} {NetworkDerivation.GreenDccYear}: mean {mean:0.00} USD/MWh\nperAcceleratorHourYuan: {acc:0.00}\nperCpuHourYuan: {cpu:0.000}\nhourOfDay: {ShapeDerivation.Yaml(hours)}"));
        }
        var zones = NetworkDerivation.GreenDccZones;
        var names = zones.Keys.ToList();
        for (int i = 0; i < names.Count; i++)
        {
            for (int j = i + 1; j < names.Count; j++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{names[i]} - {names[j]}: {NetworkDerivation.AwsTransferYuanPerGb(zones[names[i]].AwsRegion, zones[names[j]].AwsRegion):0.000} yuan/GB"));
            }
        }
        // Region coordinates for the latency table.
        var regions = new[]
        {
            new Region("de-lu", "", null, RegionRole.Other, 50.11, 8.68, "eu"),
            new Region("us-cal-ciso", "", null, RegionRole.Other, 37.34, -121.89, "us"),
            new Region("sg", "", null, RegionRole.Other, 1.35, 103.82, "sg"),
            new Region("br-sp", "", null, RegionRole.Other, -23.55, -46.63, "br"),
            new Region("in-we", "", null, RegionRole.Other, 19.08, 72.88, "in"),
            new Region("jp-tk", "", null, RegionRole.Other, 35.68, 139.69, "jp"),
        };
        output.WriteLine(NetworkDerivation.LinksAsYaml(regions));
    }
}
