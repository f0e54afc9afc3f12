using System.Text;
using System.Text.RegularExpressions;
using Suanwang.Simulation.Reporting;
using Suanwang.Simulation.Summary;

namespace Suanwang.Simulation.Tests.Reporting;

public sealed class SimulationReportWriterTests
{
    private const string ScriptCenter = "<script>alert(1)</script>";

    // Charts per report: wait and completion CDFs, carbon, cost, energy, western share, tier slowdown, Jain — plus one heatmap per policy.
    private const int FixedPlots = 8;

    // Themed comparison tables: outcome, scheduling behaviour, times, resources, versus bounds.
    private const int Tables = 5;

    private static SimulationReportData ThreePolicies() =>
        A.Report()
            .WithCenter("gz-guian-1", "贵安一号数据中心", western: true)
            .WithCenter("nx-zhongwei-1", "中卫集群", western: true)
            .WithCenter("evil", ScriptCenter)
            .WithCenter("sh-lingang-1", "上海临港算力中心")
            .WithPolicy("fastest", quality: 1.3, p => p with { CarbonKg = 2_500, WesternShare = 0.2 })
            .WithPolicy("carbon-aware", quality: 1.0, p => p with { CarbonKg = 1_100, WesternShare = 0.7 })
            .WithPolicy("round-robin", quality: 0.7, p => p with { CarbonKg = 3_000, WesternShare = 0.4 })
            .Build();

    [Fact]
    public void Renders_one_html_document_with_a_utf8_charset()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Single(Regex.Matches(html, "<html[ >]"));
    }

    [Fact]
    public void Places_every_chart_with_its_caption_and_draws_none_on_the_server()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        // Each chart is an element the page's own script draws in (browser tests in Suanwang.Dashboard.Tests watch it do so).
        Assert.Equal(FixedPlots + 3, Regex.Matches(html, "<div class=\"chart\" data-figure=\"[a-z-]+\"").Count);
        Assert.Equal(FixedPlots + 3, Regex.Matches(html, "<figcaption>").Count);
        Assert.Equal(3, Regex.Matches(html, "data-figure=\"load\" data-policy=\"[0-2]\"").Count);
        Assert.DoesNotContain("<svg", html);
        Assert.Single(ReportHtml.Scripts(html), s => s.Type is null);
    }

    [Fact]
    public void References_nothing_outside_the_file()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        // The markup; that the inline script fetches nothing either is checked in a browser cut off from the network.
        string markup = ReportHtml.WithoutScripts(html);
        Assert.All(ReportHtml.Links(html), link => Assert.StartsWith("#", link));
        Assert.All(ReportHtml.Scripts(html), script => Assert.DoesNotContain("src=", script.Attributes));
        Assert.DoesNotContain("<link", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("https?://", markup);
    }

    [Fact]
    public void Shows_a_script_named_center_only_as_escaped_text()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        // The report's own three script elements (two JSON data blocks and the charts' code), none from the data.
        Assert.Equal(3, Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count);
        Assert.DoesNotContain("alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains(ScriptCenter, ReportHtml.SeriesData(html).GetProperty("centers").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public void Shows_a_markup_named_policy_only_as_escaped_text_in_tables_and_chart_data()
    {
        var data = A.Report().WithCenter("a", "A").WithPolicy("<img src=x onerror=alert(2)>").WithPolicy("plain").Build();

        string html = SimulationReportWriter.Render(data);

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.Contains("<img src=x onerror=alert(2)>", ReportHtml.ComparisonRowNames(html));
        Assert.Equal("<img src=x onerror=alert(2)>", ReportHtml.SummaryData(html).GetProperty("policies")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Shows_chinese_center_names_as_written()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        Assert.Contains("<td>贵安一号数据中心</td>", html);
        Assert.Contains("<td>上海临港算力中心</td>", html);
    }

    [Fact]
    public void Embeds_the_summary_the_charts_are_drawn_from_exactly_as_summary_json_has_it()
    {
        var data = ThreePolicies();

        string html = SimulationReportWriter.Render(data);

        // The dashboard draws the same figures from summary.json, so both start from the same numbers.
        Assert.Equal(SummaryJson.Serialize(data.Summary), ReportHtml.Unescape(ReportHtml.Scripts(html).Single(s => s.Id == "summary-data").Text));
    }

    [Fact]
    public void Embeds_each_policys_series_thinned_to_at_most_500_points_a_line_and_500_columns_a_center()
    {
        var builder = A.Report().WithNationalHubs().WithTimelineBuckets(2_000).WithCdfPoints(5_000);
        builder.WithPolicy("fastest").WithPolicy("round-robin");
        var data = builder.Build();

        var series = ReportHtml.SeriesData(SimulationReportWriter.Render(data));

        Assert.Equal(data.CenterIds, series.GetProperty("centers").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        foreach (var policy in series.GetProperty("policies").EnumerateArray())
        {
            Assert.Equal(500, policy.GetProperty("waitCdf").GetArrayLength());
            Assert.Equal(500, policy.GetProperty("completionCdf").GetArrayLength());
            var rows = policy.GetProperty("load").GetProperty("rows");
            Assert.Equal(data.CenterIds.Count, rows.GetArrayLength());
            Assert.All(rows.EnumerateArray(), row => Assert.Equal(500, row.GetArrayLength()));
        }
    }

    [Fact]
    public void Lists_every_policy_in_every_comparison_table()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        var rows = ReportHtml.ComparisonRowNames(html);
        Assert.Equal(Tables * 3, rows.Count);
        foreach (string policy in new[] { "fastest", "carbon-aware", "round-robin" })
            Assert.Equal(Tables, rows.Count(r => r == policy));
    }

    [Fact]
    public void Highlights_the_lowest_value_where_lower_is_better()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        Assert.Equal(["carbon-aware"], ReportHtml.BestInColumn(html, "carbon"));
        Assert.Equal(["fastest"], ReportHtml.BestInColumn(html, "wait-p95"));
    }

    [Fact]
    public void Highlights_the_highest_value_where_higher_is_better()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        Assert.Equal(["carbon-aware"], ReportHtml.BestInColumn(html, "western-share"));
        Assert.Equal(["fastest"], ReportHtml.BestInColumn(html, "completed"));
    }

    [Fact]
    public void Highlights_nothing_in_descriptive_columns_or_where_all_policies_tie()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        Assert.Empty(ReportHtml.BestInColumn(html, "jobs"));      // descriptive: same for all anyway
        Assert.Empty(ReportHtml.BestInColumn(html, "deferred"));  // descriptive: differs, but is not a goal
    }

    [Fact]
    public void Highlights_every_policy_that_ties_for_best()
    {
        var data = A.Report().WithCenter("a", "A")
            .WithPolicy("one", tweak: p => p with { CostYuan = 100 })
            .WithPolicy("two", tweak: p => p with { CostYuan = 100 })
            .WithPolicy("three", tweak: p => p with { CostYuan = 250 })
            .Build();

        string html = SimulationReportWriter.Render(data);

        Assert.Equal(["one", "two"], ReportHtml.BestInColumn(html, "cost"));
    }

    [Fact]
    public void Gives_every_element_a_unique_id()
    {
        string html = SimulationReportWriter.Render(ThreePolicies());

        var ids = ReportHtml.Ids(html);
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Renders_the_same_data_to_the_same_bytes()
    {
        string first = SimulationReportWriter.Render(ThreePolicies());
        string second = SimulationReportWriter.Render(ThreePolicies());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Renders_a_simulation_without_policies_or_series()
    {
        var data = A.Report().WithCenter("a", "A").Build();

        string html = SimulationReportWriter.Render(data);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("No policies were simulated.", html);
    }

    [Fact]
    public void Prints_every_workload_model_rule_and_bound_method()
    {
        var data = ThreePolicies();

        string html = SimulationReportWriter.Render(data);

        foreach (string rule in data.Summary.Inputs.WorkloadModel)
            Assert.Contains($"<li>{System.Net.WebUtility.HtmlEncode(rule)}</li>", html);
        foreach (string method in data.Summary.Bounds.Method)
            Assert.Contains($"<li>{System.Net.WebUtility.HtmlEncode(method)}</li>", html);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Writes_a_month_long_timeline_of_a_national_network_in_under_5_MB()
    {
        var builder = A.Report().WithNationalHubs().WithTimelineBuckets(2_000).WithCdfPoints(5_000);
        foreach (string policy in new[] { "fastest", "carbon-aware", "cost-aware", "data-gravity", "west-first", "round-robin" })
            builder.WithPolicy(policy);
        var data = builder.Build();
        string path = Path.Combine(Path.GetTempPath(), $"suanwang-report-{Environment.ProcessId}.html");

        try
        {
            SimulationReportWriter.Write(data, path);

            var bytes = File.ReadAllBytes(path);
            Assert.InRange(bytes.Length, 1, 5 * 1024 * 1024);
            Assert.Equal("<!DOCTYPE html>", Encoding.UTF8.GetString(bytes, 0, 15)); // no byte-order mark
            Assert.Equal(SimulationReportWriter.Render(data), Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
