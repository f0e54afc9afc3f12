using System.Globalization;
using System.IO.Compression;
using Suanwang.Model.Network;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>
/// The bundled greendcc-zones network carries the measured series exactly as the files hold them:
/// by default the committed one-week samples, and the whole year when the full public data is present.
/// </summary>
[Trait("Category", "Data")]
public sealed class GreenDccZonesTests
{
    private const int SampleHours = 168;
    private static readonly DateTimeOffset StartOf2022 = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly NetworkDefinition Network = NetworkLoader.Load("greendcc-zones", DataOptions.Samples);
    private static readonly Lazy<NetworkDefinition> FullNetwork = new(() => NetworkLoader.Load("greendcc-zones", DataOptions.Full()));

    [Fact]
    public void Has_six_centers_in_six_zones_with_their_residency()
    {
        Assert.Equal(6, Network.Centers.Count);
        Assert.Equal(new[] { "eu", "us", "sg", "br", "in", "jp" }, Network.Centers.Select(c => c.ResidencyZone));
        Assert.All(Network.Regions, r => Assert.Equal(RegionRole.Other, r.Role));
        Assert.Equal(15, Network.Links.Count);
    }

    [Fact]
    public void Every_signal_of_the_samples_is_measured_with_168_hours_from_the_start_of_2022() =>
        EverySignalIsMeasured(Network, SampleHours);

    [FullDataFact]
    public void Every_signal_is_measured_with_8760_hours_from_the_start_of_2022() =>
        EverySignalIsMeasured(FullNetwork.Value, 8760);

    private static void EverySignalIsMeasured(NetworkDefinition network, int hours)
    {
        Assert.All(network.Centers, c =>
        {
            foreach (var signal in new[] { c.Energy.CarbonIntensity, c.Energy.RenewableShare })
            {
                Assert.Equal(SignalProvenance.Measured, signal.Provenance);
                Assert.Equal(hours, signal.Values.Count);
                Assert.Equal(StartOf2022, signal.Start);
                Assert.Contains("0 missing hours filled", signal.Source);
            }
        });
    }

    [Theory]
    [InlineData("frankfurt", "DE-LU", 0)]
    [InlineData("frankfurt", "DE-LU", 100)]
    [InlineData("singapore", "SG", 167)]
    [InlineData("mumbai", "IN-WE", 123)]
    public void The_value_at_an_hour_is_that_hours_row_of_the_sample_csv(string centerId, string zone, int row) =>
        ValueIsThatRow(Network, TestData.Sample, centerId, zone, row);

    [FullDataTheory]
    [InlineData("frankfurt", "DE-LU", 0)]
    [InlineData("frankfurt", "DE-LU", 4000)]
    [InlineData("singapore", "SG", 8759)]
    [InlineData("mumbai", "IN-WE", 1234)]
    public void The_value_at_an_hour_is_that_hours_row_of_the_csv(string centerId, string zone, int row) =>
        ValueIsThatRow(FullNetwork.Value, TestData.Full, centerId, zone, row);

    private static void ValueIsThatRow(NetworkDefinition network, Func<string, string> file, string centerId, string zone, int row)
    {
        // Read the row straight from the file, independently of the loader's parser.
        string path = file($"greendcc-grid-signals/carbon_intensity/{zone}/2022/{zone}_2022_hourly.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        reader.ReadLine();
        for (int i = 0; i < row; i++) reader.ReadLine();
        var fields = reader.ReadLine()!.Split(',');
        var time = DateTimeOffset.Parse(fields[0] + "Z", CultureInfo.InvariantCulture);

        var energy = network.FindCenter(centerId)!.Energy;

        Assert.Equal(double.Parse(fields[4], CultureInfo.InvariantCulture), energy.CarbonIntensity.ValueAt(time));
        Assert.Equal(double.Parse(fields[7], CultureInfo.InvariantCulture) / 100, energy.RenewableShare.ValueAt(time), 12);
        Assert.Equal(double.Parse(fields[4], CultureInfo.InvariantCulture), energy.CarbonIntensity.Values[row]);
    }

    [Fact]
    public void A_series_repeats_with_its_own_length_so_a_week_serves_any_hour()
    {
        var carbon = Network.Centers[0].Energy.CarbonIntensity;
        var noon = new DateTimeOffset(2022, 1, 3, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(carbon.ValueAt(noon), carbon.ValueAt(noon.AddHours(SampleHours)));
        Assert.Equal(carbon.ValueAt(noon), carbon.ValueAt(noon.AddHours(-SampleHours * 52)));
    }

    [FullDataFact]
    public void A_later_year_reuses_the_series_hour_for_hour() =>
        Assert.Equal(
            FullNetwork.Value.Centers[0].Energy.CarbonIntensity.ValueAt(new DateTimeOffset(2022, 3, 1, 12, 0, 0, TimeSpan.Zero)),
            FullNetwork.Value.Centers[0].Energy.CarbonIntensity.ValueAt(new DateTimeOffset(2023, 3, 1, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void The_revision_covers_the_series_files()
    {
        var text = NetworkLoader.LoadFromText(BundledNetworks.ReadText("greendcc-zones"), "x", DataOptions.Samples);
        Assert.Equal(Network.Revision, text.Revision);
        Assert.NotEqual(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(BundledNetworks.ReadText("greendcc-zones")))),
            Network.Revision);
    }

    [FullDataFact]
    public void The_revision_tells_the_samples_from_the_full_series() =>
        Assert.NotEqual(Network.Revision, FullNetwork.Value.Revision);
}
