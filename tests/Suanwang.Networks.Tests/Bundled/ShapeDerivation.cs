using System.Globalization;
using System.Text;
using Suanwang.Networks.Signals;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>
/// Recomputes the modelled daily shapes of networks/china-hubs.yaml from GreenDCC data, so the
/// numbers pasted in the YAML can be checked and regenerated (see docs/networks.md). Reads two
/// whole years of series, so only tests marked <see cref="FullDataFactAttribute"/> call it.
/// </summary>
public static class ShapeDerivation
{
    /// <summary>Years averaged for each shape.</summary>
    public static readonly int[] Years = { 2021, 2022 };

    /// <summary>The comparable zones and their standard-time UTC offsets (local hour = UTC + offset, no DST).</summary>
    public static readonly IReadOnlyDictionary<string, double> ZoneUtcOffsetHours = new Dictionary<string, double>
    {
        ["AU-NSW"] = 10,
        ["AU-VIC"] = 10,
        ["JP-TK"] = 9,
        ["KR"] = 9,
        ["BR-SP"] = -3,
        ["CL-SIC"] = -4,
    };

    /// <summary>The 24 mean-1 numbers (rounded to 3 decimals, as pasted) for a zone and GreenDCC column.</summary>
    public static IReadOnlyList<double> Shape(string zone, string column)
    {
        var series = Years.Select(year =>
            GreenDccCsv.ReadFile(TestData.Full($"greendcc-grid-signals/carbon_intensity/{zone}/{year}/{zone}_{year}_hourly.csv.gz"))
                .Column(column));
        return DailyProfile.MeanByLocalHour(series, ZoneUtcOffsetHours[zone]).Select(v => Math.Round(v, 3)).ToArray();
    }

    /// <summary>A YAML flow list of the numbers.</summary>
    public static string Yaml(IReadOnlyList<double> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Which zone's shapes model each china-hubs center (carbon zone, renewable zone); see
    /// docs/networks.md for why each zone was chosen.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Carbon, string Renewable)> ChinaHubsZones =
        new Dictionary<string, (string, string)>
        {
            ["zhangjiakou"] = ("AU-NSW", "AU-NSW"),
            ["yrd_demo_zone"] = ("JP-TK", "JP-TK"),
            ["wuhu"] = ("AU-NSW", "AU-NSW"),
            ["shaoguan"] = ("KR", "BR-SP"),
            ["tianfu"] = ("BR-SP", "BR-SP"),
            ["chongqing"] = ("KR", "BR-SP"),
            ["helinger"] = ("AU-VIC", "AU-VIC"),
            ["guian"] = ("KR", "BR-SP"),
            ["qingyang"] = ("CL-SIC", "CL-SIC"),
            ["zhongwei"] = ("AU-VIC", "AU-VIC"),
        };

    /// <summary>Every zone's carbon and renewable shape as YAML anchors, ready to paste.</summary>
    public static string AllAsYaml()
    {
        var sb = new StringBuilder();
        foreach (var zone in ZoneUtcOffsetHours.Keys)
        {
            sb.AppendLine($"# {zone} {string.Join("+", Years)}, local hour = UTC{ZoneUtcOffsetHours[zone]:+0.#;-0.#}");
            sb.AppendLine($"carbon    &{zone.ToLowerInvariant()}-carbon    {Yaml(Shape(zone, GreenDccCsv.CarbonDirectColumn))}");
            sb.AppendLine($"renewable &{zone.ToLowerInvariant()}-renewable {Yaml(Shape(zone, GreenDccCsv.RenewablePercentageColumn))}");
        }
        return sb.ToString();
    }
}
