using Suanwang.Model.Network;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Format;

public sealed class SignalReaderTests
{
    private static readonly string Shape = "[" + string.Join(", ", Enumerable.Range(0, 24).Select(h => h == 12 ? "2" : "1")) + "]";

    private static string WithAlphaCarbon(string carbon) => Fixture.Minimal.With("carbon: { annualGramsPerKwh: 550 }", "carbon: " + carbon);

    [Fact]
    public void An_annual_figure_is_a_flat_signal_labelled_annual()
    {
        var signal = Fixture.Load(WithAlphaCarbon("{ annualGramsPerKwh: 550, source: MEE 2022 }")).Centers[0].Energy.CarbonIntensity;
        Assert.Equal(SignalProvenance.Annual, signal.Provenance);
        Assert.Equal(new[] { 550.0 }, signal.Values);
        Assert.Equal("MEE 2022", signal.Source);
    }

    [Fact]
    public void A_daily_shape_is_normalised_to_mean_one_times_the_annual_figure()
    {
        var signal = Fixture.Load(WithAlphaCarbon($"{{ annualGramsPerKwh: 500, dailyShape: {Shape}, shapeSource: test }}")).Centers[0].Energy.CarbonIntensity;

        Assert.Equal(SignalProvenance.Modelled, signal.Provenance);
        Assert.Equal(24, signal.Values.Count);
        Assert.Equal(500, signal.Values.Average(), 9);
        Assert.Equal(2 * 500 * 24 / 25.0, signal.Values[12], 9);
        Assert.Contains("test", signal.Source);
    }

    [Fact]
    public void Hour_zero_of_a_shape_is_local_midnight()
    {
        // The center's local time is UTC+8 by default: local noon is 04:00 UTC.
        var signal = Fixture.Load(WithAlphaCarbon($"{{ annualGramsPerKwh: 500, dailyShape: {Shape}, shapeSource: test }}")).Centers[0].Energy.CarbonIntensity;
        double peak = signal.Values.Max();

        Assert.Equal(peak, signal.ValueAt(new DateTimeOffset(2023, 6, 1, 4, 0, 0, TimeSpan.Zero)));
        Assert.Equal(peak, signal.ValueAt(new DateTimeOffset(2023, 6, 1, 12, 30, 0, TimeSpan.FromHours(8))));
        Assert.NotEqual(peak, signal.ValueAt(new DateTimeOffset(2023, 6, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_shape_may_state_its_own_offset()
    {
        var signal = Fixture.Load(WithAlphaCarbon($"{{ annualGramsPerKwh: 500, dailyShape: {Shape}, shapeSource: test, utcOffsetHours: 0 }}")).Centers[0].Energy.CarbonIntensity;
        Assert.Equal(signal.Values.Max(), signal.ValueAt(new DateTimeOffset(2023, 6, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_daily_shape_needs_24_numbers()
    {
        string yaml = WithAlphaCarbon("{ annualGramsPerKwh: 500, dailyShape: [1, 2, 3], shapeSource: test }");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0](alpha).energy.carbon.dailyShape (line {Fixture.LineOf(yaml, "dailyShape")})", error.Location);
        Assert.Equal("needs exactly 24 numbers (local hours 0..23), got 3", error.Message);
    }

    [Fact]
    public void A_daily_shape_needs_its_annual_figure_and_source()
    {
        var errors = Fixture.Errors(WithAlphaCarbon($"{{ dailyShape: {Shape} }}"));
        Assert.Equal(new[] { "missing required field 'annualGramsPerKwh'", "missing required field 'shapeSource'" }, errors.Select(e => e.Message));
    }

    [Fact]
    public void A_signal_with_no_form_says_what_the_forms_are()
    {
        var error = Fixture.SingleError(WithAlphaCarbon("{ source: nothing }"));
        Assert.StartsWith("centers[0](alpha).energy.carbon (line ", error.Location);
        Assert.Contains("give one of: annualGramsPerKwh", error.Message);
    }

    [Fact]
    public void Forms_do_not_mix()
    {
        var error = Fixture.SingleError(WithAlphaCarbon("{ annualGramsPerKwh: 500, file: greendcc-grid-signals/carbon_intensity/DE-LU/2021/DE-LU_2021_hourly.csv.gz, format: greendcc }"));
        Assert.StartsWith("centers[0](alpha).energy.carbon.annualGramsPerKwh (line ", error.Location);
        Assert.Equal("'annualGramsPerKwh' does not belong with file", error.Message);
    }

    [Fact]
    public void A_renewable_share_is_a_fraction()
    {
        string yaml = Fixture.Minimal.With("renewable: { annualShare: 0.2 }", "renewable: { annualShare: 20 }");
        var error = Fixture.SingleError(yaml);
        Assert.StartsWith("centers[0](alpha).energy.renewable.annualShare (line ", error.Location);
        Assert.Contains("within 0..1 (0.3 = 30%)", error.Message);
    }

    [Fact]
    public void A_shaped_renewable_share_is_capped_at_one_and_says_so()
    {
        string yaml = Fixture.Minimal.With("renewable: { annualShare: 0.2 }", $"renewable: {{ annualShare: 0.9, dailyShape: {Shape}, shapeSource: test }}");
        var signal = Fixture.Load(yaml).Centers[0].Energy.RenewableShare;
        Assert.Equal(1.0, signal.Values.Max());
        Assert.Contains("1 hours capped at 100%", signal.Source);
    }

    [Fact]
    public void A_missing_series_file_says_where_it_looked()
    {
        string yaml = WithAlphaCarbon("{ file: nowhere/zone.csv, format: greendcc }");
        var error = Fixture.SingleError(yaml);
        Assert.Equal($"centers[0](alpha).energy.carbon.file (line {Fixture.LineOf(yaml, "file:")})", error.Location);
        Assert.Contains("series file 'nowhere/zone.csv' not found; looked in: " + Path.Combine(TestData.SamplesDirectory, "nowhere/zone.csv"), error.Message);
    }

    [Fact]
    public void An_unknown_format_gets_a_suggestion()
    {
        var error = Fixture.SingleError(WithAlphaCarbon("{ file: greendcc-grid-signals/carbon_intensity/DE-LU/2021/DE-LU_2021_hourly.csv.gz, format: greendc }"));
        Assert.StartsWith("centers[0](alpha).energy.carbon.format (line ", error.Location);
        Assert.Contains("did you mean 'greendcc'?", error.Message);
    }

    [Fact]
    public void The_life_cycle_column_can_be_chosen()
    {
        const string file = "greendcc-grid-signals/carbon_intensity/DE-LU/2021/DE-LU_2021_hourly.csv.gz";
        var direct = Fixture.Load(WithAlphaCarbon($"{{ file: {file}, format: greendcc }}")).Centers[0].Energy.CarbonIntensity;
        var lca = Fixture.Load(WithAlphaCarbon($"{{ file: {file}, format: greendcc, column: lca }}")).Centers[0].Energy.CarbonIntensity;
        Assert.True(lca.Values.Average() > direct.Values.Average());
        Assert.Contains("(LCA)", lca.Source);
    }

    [Fact]
    public void An_unknown_column_gets_a_suggestion()
    {
        var error = Fixture.SingleError(WithAlphaCarbon("{ file: x.csv, format: greendcc, column: direkt }"));
        Assert.StartsWith("centers[0](alpha).energy.carbon.column (line ", error.Location);
        Assert.Contains("did you mean 'direct'?", error.Message);
    }

    [Fact]
    public void A_series_file_with_fewer_than_24_hours_is_rejected()
    {
        string dir = Directory.CreateTempSubdirectory("suanwang-short-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "short.csv"), NetworkLoaderTests.SeriesCsv(hours: 23, carbon: 1));
            var error = Fixture.SingleError(WithAlphaCarbon("{ file: short.csv, format: greendcc }"), new NetworkLoadOptions(dir));
            Assert.Equal("series file 'short.csv' has 23 hours; at least 24 are needed", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_series_file_that_does_not_parse_is_reported_at_the_file_field()
    {
        string dir = Directory.CreateTempSubdirectory("suanwang-bad-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.csv"), "Datetime (UTC),Carbon Intensity gCO₂eq/kWh (direct)\n2022-01-01 00:00:00,abc\n");
            var error = Fixture.SingleError(WithAlphaCarbon("{ file: bad.csv, format: greendcc }"), new NetworkLoadOptions(dir));
            Assert.StartsWith("centers[0](alpha).energy.carbon.file (line ", error.Location);
            Assert.EndsWith("bad.csv:2: column 2 ('Carbon Intensity gCO₂eq/kWh (direct)') is not a number", error.Message);
            Assert.DoesNotContain("abc", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
