using System.Globalization;
using System.Text;
using Suanwang.Model.Network;
using Suanwang.Networks.Geography;
using Suanwang.Networks.Signals;
using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests.Bundled;

/// <summary>
/// Recomputes the derived numbers of the bundled networks — link latencies from distances, and for
/// greendcc-zones the prices and hour-of-day multipliers from the zones' electricity prices — so the
/// YAML can be checked against them and regenerated (see docs/networks.md).
/// </summary>
public static class NetworkDerivation
{
    /// <summary>Approximate 2022 average exchange rate, CNY per USD (assumption).</summary>
    public const double YuanPerUsd = 6.73;

    /// <summary>Share of a data center's operating cost that is electricity (design brief: about 60%).</summary>
    public const double ElectricityShareOfOperatingCost = 0.6;

    /// <summary>A100 hour without energy: amortised hardware, space, staff (assumption), yuan.</summary>
    public const double A100HardwareYuanPerHour = 7.0;

    /// <summary>CPU core-hour without energy (assumption), yuan.</summary>
    public const double CpuHardwareYuanPerHour = 0.04;

    /// <summary>A100 80GB board power, kW (vendor spec 400 W).</summary>
    public const double A100Kw = 0.4;

    /// <summary>Host power per busy core, kW (the format's cpuWattsPerCore default, 10 W).</summary>
    public const double CpuCoreKw = 0.010;

    /// <summary>Year of the greendcc-zones carbon and price files.</summary>
    public const int GreenDccYear = 2022;

    /// <summary>greendcc-zones: zone → (standard-time UTC offset, PUE assumption, AWS region for transfer prices).</summary>
    public static readonly IReadOnlyDictionary<string, (double UtcOffsetHours, double Pue, string AwsRegion)> GreenDccZones =
        new Dictionary<string, (double, double, string)>
        {
            ["DE-LU"] = (1, 1.2, "eu-central-1"),
            ["US-CAL-CISO"] = (-8, 1.2, "us-west-1"),
            ["SG"] = (8, 1.35, "ap-southeast-1"),
            ["BR-SP"] = (-3, 1.3, "sa-east-1"),
            ["IN-WE"] = (5.5, 1.4, "ap-south-1"),
            ["JP-TK"] = (9, 1.25, "ap-northeast-1"),
        };

    /// <summary>The zone's hourly electricity price series (USD/MWh), a whole year: full public data only.</summary>
    public static HourlySeries Prices(string zone, int year = GreenDccYear) =>
        GreenDccCsv.ReadFile(TestData.Full($"greendcc-grid-signals/electricity_prices/standardized/{zone}/{year}/{zone}_electricity_prices_{year}.csv.gz"))
            .Column(GreenDccCsv.PriceColumn);

    /// <summary>Price per A100-hour, per core-hour, and the 24 hour-of-day multipliers for a zone.</summary>
    public static (double PerAcceleratorHourYuan, double PerCpuHourYuan, double MeanUsdPerMwh, IReadOnlyList<double> HourOfDay) Pricing(string zone)
    {
        var (offset, pue, _) = GreenDccZones[zone];
        var prices = Prices(zone);
        double mean = prices.Values.Average();
        double yuanPerKwh = mean / 1000 * YuanPerUsd;
        // Energy-driven operating cost: the electricity bill grossed up by electricity's share of opex.
        double acceleratorEnergy = A100Kw * pue * yuanPerKwh / ElectricityShareOfOperatingCost;
        double cpuEnergy = CpuCoreKw * pue * yuanPerKwh / ElectricityShareOfOperatingCost;
        double perAccelerator = A100HardwareYuanPerHour + acceleratorEnergy;
        double perCpu = CpuHardwareYuanPerHour + cpuEnergy;
        // Only the energy part follows the hourly price; the multiplier scales the whole A100 price.
        var shape = DailyProfile.MeanByLocalHour(new[] { prices }, offset);
        var hourOfDay = shape.Select(s => Math.Round((A100HardwareYuanPerHour + acceleratorEnergy * s) / perAccelerator, 3)).ToArray();
        return (Math.Round(perAccelerator, 2), Math.Round(perCpu, 3), mean, hourOfDay);
    }

    /// <summary>
    /// Transfer price between two AWS regions: the dearer direction, USD/GB → yuan/GB. The matrix is
    /// small and committed whole with the samples, so this runs without the full data.
    /// </summary>
    public static double AwsTransferYuanPerGb(string awsA, string awsB)
    {
        var rows = File.ReadAllLines(TestData.Sample("greendcc-grid-signals/network_cost/aws_transmission_cost_matrix.csv"))
            .Select(l => l.Split(',')).ToList();
        var header = rows[0];
        double Cost(string from, string to) =>
            double.Parse(rows.First(r => r[0] == from)[Array.IndexOf(header, to)], CultureInfo.InvariantCulture);
        return Math.Round(Math.Max(Cost(awsA, awsB), Cost(awsB, awsA)) * YuanPerUsd, 3);
    }

    /// <summary>Every pair of regions with its estimated latency, as YAML link stubs.</summary>
    public static string LinksAsYaml(IReadOnlyList<Region> regions)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < regions.Count; i++)
        {
            for (int j = i + 1; j < regions.Count; j++)
            {
                var a = regions[i];
                var b = regions[j];
                double km = LatencyEstimate.DistanceKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude);
                double ms = LatencyEstimate.OneWayMs(a.Latitude, a.Longitude, b.Latitude, b.Longitude);
                sb.AppendLine(CultureInfo.InvariantCulture, $"  - {{ between: [{a.Id}, {b.Id}], latencyMs: {ms:0.0} }}   # {km:0} km");
            }
        }
        return sb.ToString();
    }
}
