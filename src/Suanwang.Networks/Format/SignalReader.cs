using System.Globalization;
using Suanwang.Model.Network;
using Suanwang.Networks.Signals;

namespace Suanwang.Networks.Format;

/// <summary>
/// Reads <c>energy.carbon</c> and <c>energy.renewable</c>. Each takes one of three forms:
/// an annual figure (flat), an annual figure times a 24-hour shape (modelled), or a measured
/// hourly series from a GreenDCC file.
/// </summary>
internal sealed class SignalReader(SeriesFiles files)
{
    private static readonly Dictionary<string, string> CarbonColumns = new(StringComparer.Ordinal)
    {
        ["direct"] = GreenDccCsv.CarbonDirectColumn,
        ["lca"] = GreenDccCsv.CarbonLcaColumn,
    };

    private static readonly string[] Formats = { "greendcc" };

    /// <summary>What distinguishes the carbon signal from the renewable one.</summary>
    private sealed record Kind(string AnnualField, string[] Fields, bool IsShare, string Unit);

    private static readonly Kind Carbon = new("annualGramsPerKwh", FieldNames.Carbon, IsShare: false, "gCO₂/kWh");
    private static readonly Kind Renewable = new("annualShare", FieldNames.Renewable, IsShare: true, "share");

    public HourlySignal? ReadCarbon(YNode? node, FieldPath path, ErrorList errors, double centerUtcOffsetHours) =>
        Read(node, path, errors, centerUtcOffsetHours, Carbon);

    public HourlySignal? ReadRenewable(YNode? node, FieldPath path, ErrorList errors, double centerUtcOffsetHours) =>
        Read(node, path, errors, centerUtcOffsetHours, Renewable);

    /// <summary>The signal, or null when anything about it is wrong (every problem reported).</summary>
    private HourlySignal? Read(YNode? node, FieldPath path, ErrorList errors, double centerUtcOffsetHours, Kind kind)
    {
        var map = MapReader.Open(node, path, errors, kind.Fields);
        if (map is null) return null;
        int before = errors.Count;

        if (map.Has("file")) return ReadMeasured(map, kind, before);

        if (map.Has("dailyShape"))
        {
            Forbid(map, "dailyShape + " + kind.AnnualField, "format", "column");
            return ReadModelled(map, kind, centerUtcOffsetHours, before);
        }

        if (map.Has(kind.AnnualField))
        {
            Forbid(map, kind.AnnualField, "shapeSource", "utcOffsetHours", "format", "column");
            double? annual = ReadAnnual(map, kind);
            string source = map.String("source", required: false) ?? "annual average (no source given)";
            return errors.Count > before || annual is null
                ? null
                : HourlySignal.Flat(annual.Value, SignalProvenance.Annual, source);
        }

        errors.Add(path, map.Line, $"give one of: {kind.AnnualField} (a flat annual figure); dailyShape with {kind.AnnualField} and shapeSource (modelled); or file with format (measured hourly)");
        return null;
    }

    private HourlySignal? ReadModelled(MapReader map, Kind kind, double centerUtcOffsetHours, int errorsBefore)
    {
        double? annual = ReadAnnual(map, kind);
        string? shapeSource = map.String("shapeSource", required: true);
        string? source = map.String("source", required: false);
        double offset = map.Number("utcOffsetHours", required: false) ?? centerUtcOffsetHours;
        var shape = map.NumberList("dailyShape", required: true);
        var shapePath = map.PathOf("dailyShape");
        if (shape is not null)
        {
            if (shape.Count != DailyProfile.Hours)
                map.Errors.Add(shapePath, $"needs exactly 24 numbers (local hours 0..23), got {shape.Count}");
            else if (shape.Any(v => v < 0))
                map.Errors.Add(shapePath, "shape values must not be negative");
            else if (!(shape.Average() > 0))
                map.Errors.Add(shapePath, "shape values must not all be 0");
        }
        if (!(offset >= -12 && offset <= 14))
            map.Errors.Add(map.PathOf("utcOffsetHours"), $"must be within -12..14, got {offset}");
        if (map.Errors.Count > errorsBefore || annual is null || shape is null || shapeSource is null) return null;

        var normalised = DailyProfile.Normalise(shape);
        var values = normalised.Select(s => annual.Value * s).ToArray();
        int clamped = 0;
        if (kind.IsShare)
        {
            // A share cannot pass 100%; a peaky shape times a high annual share would, so cap it and say so.
            for (int h = 0; h < values.Length; h++)
            {
                if (values[h] > 1) { values[h] = 1; clamped++; }
            }
        }
        // Hour 0 of the shape is local midnight: the first value starts at that instant in UTC.
        var start = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(-offset);
        string annualText = kind.IsShare
            ? $"{(annual.Value * 100).ToString("0.##", CultureInfo.InvariantCulture)}% renewable"
            : $"{annual.Value.ToString("0.##", CultureInfo.InvariantCulture)} gCO₂/kWh";
        string text = $"annual {annualText} — {source ?? "no source given"}; daily shape: {shapeSource}; hour 0 = local midnight, UTC{FormatOffset(offset)}"
                      + (clamped > 0 ? $"; {clamped} hours capped at 100%" : "");
        return new HourlySignal(start, values, SignalProvenance.Modelled, text);
    }

    private HourlySignal? ReadMeasured(MapReader map, Kind kind, int errorsBefore)
    {
        Forbid(map, "file", kind.AnnualField, "dailyShape", "shapeSource", "utcOffsetHours", "source");
        string? file = map.String("file", required: true);
        string? format = map.String("format", required: true);
        if (format is not null && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            map.Errors.Add(map.PathOf("format"), $"'{format}' is not a known series format; known: {string.Join(", ", Formats)}{DidYouMean.Hint(format, Formats)}");

        string column;
        if (kind.IsShare)
        {
            column = GreenDccCsv.RenewablePercentageColumn;
        }
        else
        {
            string written = map.String("column", required: false) ?? "direct";
            if (!CarbonColumns.TryGetValue(written.ToLowerInvariant(), out column!))
            {
                map.Errors.Add(map.PathOf("column"), $"'{written}' is not one of direct | lca{DidYouMean.Hint(written, CarbonColumns.Keys)}");
                return null;
            }
        }
        if (file is null) return null;

        // Load the file even if other fields are wrong, so a missing file is reported in the same pass.
        var loaded = files.TryLoad(file, out string? error);
        var filePath = map.PathOf("file");
        if (loaded is null)
        {
            map.Errors.Add(filePath, error!);
            return null;
        }
        HourlySeries series;
        try
        {
            series = loaded.Table.Column(column);
        }
        catch (Suanwang.Model.Errors.SpecException e)
        {
            map.Errors.Add(filePath, string.Join("; ", e.Errors));
            return null;
        }
        if (series.Values.Count < DailyProfile.Hours)
        {
            map.Errors.Add(filePath, $"series file '{file}' has {series.Values.Count} hours; at least 24 are needed");
            return null;
        }
        if (map.Errors.Count > errorsBefore) return null;

        var values = kind.IsShare ? series.Values.Select(v => v / 100.0).ToArray() : series.Values;
        string text = $"{file}, column '{column}'{(kind.IsShare ? " / 100" : "")}: {series.Values.Count} hours from {series.Start.UtcDateTime:yyyy-MM-dd HH:mm}Z; "
                      + $"{series.FilledHours} missing hours filled from the previous hour";
        return new HourlySignal(series.Start, values, SignalProvenance.Measured, text);
    }

    private static double? ReadAnnual(MapReader map, Kind kind)
    {
        double? annual = map.Number(kind.AnnualField, required: true);
        if (kind.IsShare && annual is { } share && !(share >= 0 && share <= 1))
        {
            map.Errors.Add(map.PathOf(kind.AnnualField), $"a renewable share is within 0..1 (0.3 = 30%), got {share}");
            return null;
        }
        return annual;
    }

    private static void Forbid(MapReader map, string form, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (map.Node(field) is not null)
                map.Errors.Add(map.PathOf(field), $"'{field}' does not belong with {form}");
        }
    }

    private static string FormatOffset(double hours)
    {
        var span = TimeSpan.FromHours(Math.Abs(hours));
        string sign = hours < 0 ? "-" : "+";
        return span.Minutes == 0 ? $"{sign}{span.Hours}" : $"{sign}{span.Hours}:{span.Minutes:00}";
    }
}
