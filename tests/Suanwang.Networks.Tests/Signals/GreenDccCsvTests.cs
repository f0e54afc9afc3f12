using System.IO.Compression;
using System.Text;
using Suanwang.Model.Errors;
using Suanwang.Networks.Signals;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Signals;

public sealed class GreenDccCsvTests
{
    private const string Header = "Datetime (UTC),Country,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Renewable Percentage\n";

    private static GreenDccTable Parse(string text) => GreenDccCsv.Parse(Encoding.UTF8.GetBytes(text), "t.csv");

    [Fact]
    public void Reads_columns_by_name_starting_at_the_first_rows_utc_time()
    {
        var table = Parse(Header + "2022-03-01 05:00:00,X,100,150,10\n2022-03-01 06:00:00,X,110,160,20\n");
        var direct = table.Column(GreenDccCsv.CarbonDirectColumn);

        Assert.Equal(new DateTimeOffset(2022, 3, 1, 5, 0, 0, TimeSpan.Zero), direct.Start);
        Assert.Equal(new[] { 100.0, 110.0 }, direct.Values);
        Assert.Equal(new[] { 150.0, 160.0 }, table.Column(GreenDccCsv.CarbonLcaColumn).Values);
        Assert.Equal(0, direct.FilledHours);
    }

    [Fact]
    public void Gzipped_and_plain_bytes_give_the_same_table()
    {
        string text = Header + "2022-01-01 00:00:00,X,1,2,3\n";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));

        var fromGzip = GreenDccCsv.Parse(buffer.ToArray(), "t.csv.gz").Column(GreenDccCsv.CarbonDirectColumn);

        Assert.Equal(Parse(text).Column(GreenDccCsv.CarbonDirectColumn).Values, fromGzip.Values);
    }

    [Fact]
    public void Empty_cells_take_the_previous_hours_value_and_are_counted()
    {
        var series = Parse(Header + "2022-01-01 00:00:00,X,,2,3\n2022-01-01 01:00:00,X,5,2,3\n2022-01-01 02:00:00,X,,2,3\n2022-01-01 03:00:00,X,7,2,3\n")
            .Column(GreenDccCsv.CarbonDirectColumn);

        // The leading gap has no previous hour, so it takes the first value.
        Assert.Equal(new[] { 5.0, 5.0, 5.0, 7.0 }, series.Values);
        Assert.Equal(2, series.FilledHours);
    }

    [Fact]
    public void Missing_rows_are_filled_hour_by_hour()
    {
        var series = Parse(Header + "2022-01-01 00:00:00,X,1,2,3\n2022-01-01 03:00:00,X,4,2,3\n").Column(GreenDccCsv.CarbonDirectColumn);
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 4.0 }, series.Values);
        Assert.Equal(2, series.FilledHours);
    }

    [Fact]
    public void Times_with_an_explicit_offset_are_read_as_utc()
    {
        var series = GreenDccCsv.Parse(Encoding.UTF8.GetBytes("Datetime (UTC),Datetime (Local),Price (USD/MWh)\n2021-01-01 00:30:00+00:00,2021-01-01 06:00:00+05:30,29.8\n"), "p.csv")
            .Column(GreenDccCsv.PriceColumn);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 30, 0, TimeSpan.Zero), series.Start);
    }

    [Fact]
    public void The_subscript_in_column_names_is_optional() =>
        Assert.True(Parse("Datetime (UTC),Carbon Intensity gCO2eq/kWh (direct)\n2022-01-01 00:00:00,1\n").HasColumn(GreenDccCsv.CarbonDirectColumn));

    [Fact]
    public void A_value_that_is_not_a_number_is_an_error_with_its_line_and_column_never_its_text()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Header + "2022-01-01 00:00:00,X,1,2,3\n2022-01-01 01:00:00,X,s3cret,2,3\n").Column(GreenDccCsv.CarbonDirectColumn));
        var error = Assert.Single(e.Errors);
        Assert.Equal("t.csv:3", error.Location);
        Assert.Equal("column 3 ('Carbon Intensity gCO₂eq/kWh (direct)') is not a number", error.Message);
    }

    [Fact]
    public void No_error_quotes_what_the_file_holds()
    {
        // A file that is not a GreenDCC file at all (a password file, say) is described by lines and columns only.
        const string marker = "root:$6$MARKER-b7e1";
        var errors = new Func<object>[]
        {
            () => Parse(marker + ":0:0\nline two " + marker + "\n"),
            () => Parse("Datetime (UTC),x\n" + marker + ",1\n"),
            () => Parse("Datetime (UTC),x\n2022-01-01 01:00:00,1\n2022-01-01 00:00:00," + marker + "\n"),
            () => Parse("Datetime (UTC)," + marker + "\n2022-01-01 00:00:00,1\n").Column(GreenDccCsv.CarbonDirectColumn),
            () => Parse("Datetime (UTC),Carbon Intensity gCO₂eq/kWh (direct)\n2022-01-01 00:00:00," + marker + "\n").Column(GreenDccCsv.CarbonDirectColumn),
            () => GreenDccCsv.Parse([0x1f, 0x8b, .. Encoding.UTF8.GetBytes(marker)], "t.csv"),
            () => GreenDccCsv.Parse([.. Encoding.UTF8.GetBytes(marker), 0xff, 0xfe], "t.csv"),
        }.Select(parse => Assert.Throws<SpecException>(() => { parse(); }));

        foreach (var e in errors)
        {
            Assert.DoesNotContain("MARKER", e.Message);
            Assert.All(e.Errors, error => Assert.DoesNotContain("MARKER", error.ToString()));
        }
    }

    [Fact]
    public void Times_must_increase()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Header + "2022-01-01 01:00:00,X,1,2,3\n2022-01-01 00:00:00,X,1,2,3\n"));
        Assert.Equal("t.csv:3", Assert.Single(e.Errors).Location);
    }

    [Fact]
    public void A_bad_time_is_an_error_with_its_line()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Header + "yesterday,X,1,2,3\n"));
        Assert.Equal("t.csv:2", Assert.Single(e.Errors).Location);
    }

    [Fact]
    public void A_missing_column_is_named_with_how_many_the_header_has() =>
        Assert.Equal("the header has no 'Price (USD/MWh)' column (it has 5 columns)",
            Assert.Throws<SpecException>(() => Parse(Header + "2022-01-01 00:00:00,X,1,2,3\n").Column("Price (USD/MWh)")).Errors[0].Message);

    [Fact]
    public void A_file_without_a_time_column_is_rejected() =>
        Assert.Throws<SpecException>(() => Parse("a,b\n1,2\n"));

    [Fact]
    public void An_empty_file_is_rejected() =>
        Assert.Throws<SpecException>(() => Parse(""));

    [Fact]
    public void Quoted_fields_may_hold_commas()
    {
        var series = Parse(Header + "2022-01-01 00:00:00,\"Korea, Republic of\",9,2,3\n").Column(GreenDccCsv.CarbonDirectColumn);
        Assert.Equal(9, series.Values[0]);
    }

    private const string DeLu2021 = "greendcc-grid-signals/carbon_intensity/DE-LU/2021/DE-LU_2021_hourly.csv.gz";

    [Fact]
    [Trait("Category", "Data")]
    public void The_sample_of_the_real_de_lu_2021_file_has_its_first_week_without_gaps() =>
        HasEveryHourWithoutGaps(TestData.Sample(DeLu2021), hours: 168, last: 528.02);

    [FullDataFact]
    [Trait("Category", "Data")]
    public void The_real_de_lu_2021_file_has_8760_hours_without_gaps() =>
        HasEveryHourWithoutGaps(TestData.Full(DeLu2021), hours: 8760, last: null);

    private static void HasEveryHourWithoutGaps(string path, int hours, double? last)
    {
        var series = GreenDccCsv.ReadFile(path).Column(GreenDccCsv.CarbonDirectColumn);
        Assert.Equal(hours, series.Values.Count);
        Assert.Equal(0, series.FilledHours);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), series.Start);
        Assert.Equal(449.07, series.Values[0]);
        if (last is not null) Assert.Equal(last.Value, series.Values[^1]);
    }
}
