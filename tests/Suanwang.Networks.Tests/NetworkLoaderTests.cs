using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Suanwang.Model.Errors;
using Suanwang.Model.Network;

namespace Suanwang.Networks.Tests;

public sealed class NetworkLoaderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("suanwang-networks-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void The_fixture_loads_with_every_field_where_it_was_written()
    {
        var n = Fixture.Load(Fixture.Minimal);

        Assert.Equal("test-net", n.Id);
        Assert.Equal("v100", n.Catalog.ReferenceModelId);
        Assert.Equal(new[] { "east", "west" }, n.Regions.Select(r => r.Id));
        var alpha = n.Centers[0];
        Assert.Equal("local", alpha.Backend);
        Assert.Equal(new[] { "gpu", "cpu" }, alpha.Pools.Select(p => p.Id));
        Assert.Equal(32, alpha.Pools[0].TotalAccelerators);
        Assert.Equal(0, alpha.Pools[1].AcceleratorsPerNode);
        Assert.Equal(10, alpha.Pricing.PerAcceleratorHourYuan);
        Assert.Equal(1.3, alpha.Energy.Pue);
        Assert.Equal("2", alpha.Engine["slots"]);
        Assert.Equal("slurm", n.Centers[1].Backend);
    }

    [Fact]
    public void Defaults_fill_what_the_file_leaves_out()
    {
        var n = Fixture.Load(Fixture.Minimal);
        var beta = n.FindCenter("beta")!;

        Assert.Equal((36.0, 103.8), (beta.Latitude, beta.Longitude)); // the region's
        Assert.Equal("cn", beta.ResidencyZone);                       // the region's
        Assert.Equal(8, beta.Pricing.UtcOffsetHours);
        Assert.Null(beta.Pricing.HourOfDayMultipliers);
        Assert.Equal(10, beta.Energy.CpuWattsPerCore);
        Assert.Empty(beta.Engine);
        Assert.Same(FairShareSettings.Default, n.FairShare);
        Assert.Equal(new IntraRegionLink(1, 100, 0), n.IntraRegion);
    }

    [Fact]
    public void A_bundled_network_loads_by_name_with_or_without_extension()
    {
        var a = NetworkLoader.Load("china-hubs", NetworkLoadOptions.Default);
        var b = NetworkLoader.Load("china-hubs.yaml", NetworkLoadOptions.Default);
        Assert.Equal(a.Revision, b.Revision);
    }

    [Fact]
    public void A_file_loads_by_path_and_its_revision_is_the_hash_of_its_bytes()
    {
        string path = Path.Combine(_temp, "net.yaml");
        File.WriteAllText(path, Fixture.Minimal);

        var n = NetworkLoader.Load(path, NetworkLoadOptions.Default);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), n.Revision);
        Assert.Equal(n.Revision, NetworkLoader.LoadFromText(Fixture.Minimal, "x", NetworkLoadOptions.Default).Revision);
    }

    [Fact]
    public void The_revision_changes_with_the_text()
    {
        var a = Fixture.Load(Fixture.Minimal);
        var b = Fixture.Load(Fixture.Minimal + "\n# a comment\n");
        Assert.NotEqual(a.Revision, b.Revision);
        Assert.Matches("^[0-9a-f]{64}$", a.Revision);
    }

    [Fact]
    public void The_revision_changes_when_a_series_file_changes_though_the_network_file_does_not()
    {
        string series = Path.Combine(_temp, "zone.csv");
        string network = Path.Combine(_temp, "net.yaml");
        File.WriteAllText(network, Fixture.Minimal.With("carbon: { annualGramsPerKwh: 550 }", "carbon: { file: zone.csv, format: greendcc }"));

        File.WriteAllText(series, SeriesCsv(hours: 48, carbon: 400));
        var first = NetworkLoader.Load(network, NetworkLoadOptions.Default);
        File.WriteAllText(series, SeriesCsv(hours: 48, carbon: 401));
        var second = NetworkLoader.Load(network, NetworkLoadOptions.Default);

        Assert.NotEqual(first.Revision, second.Revision);
        Assert.Equal(401, second.Centers[0].Energy.CarbonIntensity.Values[0]);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(network));
        hash.AppendData(File.ReadAllBytes(series));
        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), second.Revision);
    }

    [Fact]
    public void A_series_file_shared_by_carbon_and_renewable_is_read_and_hashed_once()
    {
        string network = Path.Combine(_temp, "net.yaml");
        File.WriteAllText(Path.Combine(_temp, "zone.csv"), SeriesCsv(hours: 24, carbon: 300));
        File.WriteAllText(network, Fixture.Minimal
            .With("carbon: { annualGramsPerKwh: 550 }", "carbon: { file: zone.csv, format: greendcc }")
            .With("renewable: { annualShare: 0.2 }", "renewable: { file: zone.csv, format: greendcc }"));

        var n = NetworkLoader.Load(network, NetworkLoadOptions.Default);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(network));
        hash.AppendData(File.ReadAllBytes(Path.Combine(_temp, "zone.csv")));
        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), n.Revision);
        Assert.Equal(0.25, n.Centers[0].Energy.RenewableShare.Values[0]);
    }

    [Fact]
    public void A_relative_series_path_is_found_next_to_the_network_file_before_the_data_directory()
    {
        string networkDir = Directory.CreateDirectory(Path.Combine(_temp, "net")).FullName;
        string dataDir = Directory.CreateDirectory(Path.Combine(_temp, "data")).FullName;
        File.WriteAllText(Path.Combine(networkDir, "zone.csv"), SeriesCsv(hours: 24, carbon: 111));
        File.WriteAllText(Path.Combine(dataDir, "zone.csv"), SeriesCsv(hours: 24, carbon: 222));
        File.WriteAllText(Path.Combine(dataDir, "only-data.csv"), SeriesCsv(hours: 24, carbon: 333));
        string yaml = Fixture.Minimal
            .With("carbon: { annualGramsPerKwh: 550 }", "carbon: { file: zone.csv, format: greendcc }")
            .With("carbon: { annualGramsPerKwh: 480 }", "carbon: { file: only-data.csv, format: greendcc }");
        File.WriteAllText(Path.Combine(networkDir, "net.yaml"), yaml);

        var n = NetworkLoader.Load(Path.Combine(networkDir, "net.yaml"), new NetworkLoadOptions(dataDir));

        Assert.Equal(111, n.Centers[0].Energy.CarbonIntensity.Values[0]);
        Assert.Equal(333, n.Centers[1].Energy.CarbonIntensity.Values[0]);
        // From text there is no network folder: only the data directory is searched.
        var fromText = NetworkLoader.LoadFromText(yaml, "t", new NetworkLoadOptions(dataDir));
        Assert.Equal(222, fromText.Centers[0].Energy.CarbonIntensity.Values[0]);
    }

    [Fact]
    public void Gzipped_series_files_are_read_like_plain_ones()
    {
        string gz = Path.Combine(_temp, "zone.csv.gz");
        using (var file = File.Create(gz))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(SeriesCsv(hours: 30, carbon: 123)));
        string yaml = Fixture.Minimal.With("carbon: { annualGramsPerKwh: 550 }", $"carbon: {{ file: '{gz}', format: greendcc }}");

        var signal = NetworkLoader.LoadFromText(yaml, "t", new NetworkLoadOptions { SeriesDirectories = [_temp] }).Centers[0].Energy.CarbonIntensity;

        Assert.Equal(SignalProvenance.Measured, signal.Provenance);
        Assert.Equal(30, signal.Values.Count);
    }

    [Fact]
    public void An_unknown_name_lists_the_bundled_networks()
    {
        var e = Assert.Throws<SpecException>(() => NetworkLoader.Load("no-such-network", NetworkLoadOptions.Default));
        var error = Assert.Single(e.Errors);
        Assert.Equal("no-such-network", error.Location);
        Assert.Contains("china-hubs", error.Message);
        Assert.Contains("greendcc-zones", error.Message);
    }

    [Fact]
    public void A_folder_is_not_a_network_file()
    {
        var e = Assert.Throws<SpecException>(() => NetworkLoader.Load(_temp, NetworkLoadOptions.Default));
        Assert.Contains("is a folder", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_rejected_clearly()
    {
        string path = Path.Combine(_temp, "bad.yaml");
        File.WriteAllBytes(path, new byte[] { 0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a });
        var e = Assert.Throws<SpecException>(() => NetworkLoader.Load(path, NetworkLoadOptions.Default));
        Assert.Contains("UTF-8", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void A_network_that_needs_series_files_reports_each_one_when_there_is_no_data_directory()
    {
        var e = Assert.Throws<SpecException>(() => NetworkLoader.Load("greendcc-zones", NetworkLoadOptions.Default));

        Assert.Equal(12, e.Errors.Count); // 6 centers × carbon + renewable
        Assert.All(e.Errors, error => Assert.Contains("--public-data", error.Message));
        Assert.StartsWith("centers[0](frankfurt).energy.carbon.file (line ", e.Errors[0].Location);
    }

    [Fact]
    public void Every_error_is_listed_at_once_in_line_order()
    {
        string yaml = Fixture.Minimal
            .With("pue: 1.15", "pue: 0.9")
            .With("relativeSpeed: 2.5", "relativeSpeed: 0")
            .With("    name: Alpha\n", "    name: Alpha\n    colour: red\n");

        var errors = Fixture.Errors(yaml);

        Assert.Equal(3, errors.Count);
        Assert.Equal("catalog.models[1](a100).relativeSpeed", errors[0].Location.Split(" (")[0]);
        Assert.Equal("centers[0](alpha).colour", errors[1].Location.Split(" (")[0]);
        Assert.Equal("centers[1](beta).energy.pue", errors[2].Location.Split(" (")[0]);
    }

    internal static string SeriesCsv(int hours, double carbon)
    {
        var sb = new StringBuilder("Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Renewable Percentage\n");
        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int h = 0; h < hours; h++)
            sb.Append(FormattableString.Invariant($"{start.AddHours(h):yyyy-MM-dd HH:mm:ss},XX,{carbon + h * 0},{carbon + 50},25\n"));
        return sb.ToString();
    }
}
