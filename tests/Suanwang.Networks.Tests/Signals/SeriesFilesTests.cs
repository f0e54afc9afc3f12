namespace Suanwang.Networks.Tests.Signals;

/// <summary>
/// Series files are read only from the network file's folder, the public data folder and the series folders given:
/// a network description must not be a way to read the host's files, nor to learn what they hold.
/// </summary>
public sealed class SeriesFilesTests : IDisposable
{
    private const string Marker = "MARKER-9f3c2a-outside";

    private readonly string _root = Directory.CreateTempSubdirectory("suanwang-series-").FullName;
    private readonly string _data;
    private readonly string _secret;

    public SeriesFilesTests()
    {
        _data = Directory.CreateDirectory(Path.Combine(_root, "public")).FullName;
        string outside = Directory.CreateDirectory(Path.Combine(_root, "private")).FullName;
        _secret = Path.Combine(outside, "shadow");
        File.WriteAllText(_secret, $"root:{Marker}:19000:0:99999:7:::\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private NetworkLoadOptions Options => new(_data);

    private static string WithCarbonFile(string file) =>
        Fixture.Minimal.With("carbon: { annualGramsPerKwh: 550 }", $"carbon: {{ file: '{file}', format: greendcc }}");

    [Fact]
    public void An_absolute_path_outside_the_folders_is_refused_naming_the_field_and_the_folders()
    {
        var error = Fixture.SingleError(WithCarbonFile(_secret), Options);

        Assert.StartsWith("centers[0](alpha).energy.carbon.file (line ", error.Location);
        Assert.Contains("is outside the folders series files are read from: " + _data, error.Message);
        Assert.DoesNotContain(Marker, error.ToString());
    }

    [Fact]
    public void A_relative_path_climbing_out_of_the_folders_is_refused()
    {
        var error = Fixture.SingleError(WithCarbonFile("../private/shadow"), Options);

        Assert.Contains("is outside the folders", error.Message);
        Assert.DoesNotContain(Marker, error.ToString());
    }

    [Fact]
    public void A_symbolic_link_inside_a_folder_pointing_out_of_it_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_data, "zone.csv"), _secret);
        Directory.CreateSymbolicLink(Path.Combine(_data, "elsewhere"), Path.GetDirectoryName(_secret)!);

        var viaFile = Fixture.SingleError(WithCarbonFile("zone.csv"), Options);
        var viaFolder = Fixture.SingleError(WithCarbonFile("elsewhere/shadow"), Options);

        foreach (var error in new[] { viaFile, viaFolder })
        {
            Assert.StartsWith("centers[0](alpha).energy.carbon.file (line ", error.Location);
            Assert.Contains("leads through a symbolic link to a file outside the folders series files are read from: " + _data, error.Message);
            Assert.DoesNotContain(Marker, error.ToString());
        }
    }

    [Fact]
    public void A_file_outside_is_refused_without_saying_whether_it_exists()
    {
        var present = Fixture.SingleError(WithCarbonFile(_secret), Options).Message;
        var absent = Fixture.SingleError(WithCarbonFile(_secret + "-absent"), Options).Message;

        Assert.Equal(present.Replace(_secret, "X"), absent.Replace(_secret + "-absent", "X"));
    }

    [Fact]
    public void A_file_inside_that_is_not_a_series_is_located_by_line_never_quoted()
    {
        File.Copy(_secret, Path.Combine(_data, "notes.csv"));

        var error = Fixture.SingleError(WithCarbonFile("notes.csv"), Options);

        Assert.StartsWith("centers[0](alpha).energy.carbon.file (line ", error.Location);
        Assert.Contains("notes.csv:1: the header has no 'Datetime (UTC)' column (it has 1 column)", error.Message);
        Assert.DoesNotContain(Marker, error.ToString());
    }

    [Fact]
    public void Links_that_stay_inside_and_the_further_series_folders_are_read()
    {
        string more = Directory.CreateDirectory(Path.Combine(_root, "more")).FullName;
        File.WriteAllText(Path.Combine(more, "zone.csv"), NetworkLoaderTests.SeriesCsv(hours: 24, carbon: 321));
        File.WriteAllText(Path.Combine(_data, "real.csv"), NetworkLoaderTests.SeriesCsv(hours: 24, carbon: 123));
        File.CreateSymbolicLink(Path.Combine(_data, "alias.csv"), "real.csv");
        string yaml = WithCarbonFile("alias.csv").With("carbon: { annualGramsPerKwh: 480 }", "carbon: { file: zone.csv, format: greendcc }");

        var network = NetworkLoader.LoadFromText(yaml, "t", Options with { SeriesDirectories = [more] });

        Assert.Equal(123, network.Centers[0].Energy.CarbonIntensity.Values[0]);
        Assert.Equal(321, network.Centers[1].Energy.CarbonIntensity.Values[0]);
    }

    [Fact]
    public void With_no_folder_at_all_an_absolute_path_is_refused_and_says_how_to_give_one()
    {
        var error = Fixture.SingleError(WithCarbonFile(_secret), NetworkLoadOptions.Default);

        Assert.Contains("outside the folders series files are read from: none was given", error.Message);
        Assert.Contains("--public-data", error.Message);
    }
}
