using System.Globalization;
using System.IO.Compression;
using System.Text;
using Suanwang.Model.Errors;

namespace Suanwang.Networks.Signals;

/// <summary>
/// Reads the hourly CSV files of the GreenDCC data set (HewlettPackard/green-dcc): carbon intensity
/// and renewable share per zone, and electricity prices. Files may be gzip'd or plain UTF-8.
/// </summary>
public static class GreenDccCsv
{
    /// <summary>The UTC timestamp column.</summary>
    public const string DatetimeColumn = "Datetime (UTC)";

    /// <summary>Operational (direct) grid carbon intensity, gCO₂eq/kWh.</summary>
    public const string CarbonDirectColumn = "Carbon Intensity gCO₂eq/kWh (direct)";

    /// <summary>Life-cycle grid carbon intensity, gCO₂eq/kWh.</summary>
    public const string CarbonLcaColumn = "Carbon Intensity gCO₂eq/kWh (LCA)";

    /// <summary>Share of generation from renewable sources, percent (0..100).</summary>
    public const string RenewablePercentageColumn = "Renewable Percentage";

    /// <summary>Day-ahead/spot electricity price, USD/MWh (price files).</summary>
    public const string PriceColumn = "Price (USD/MWh)";

    /// <summary>Reads a file (gzip'd or plain). Throws <see cref="SpecException"/> if it cannot be parsed.</summary>
    public static GreenDccTable ReadFile(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>
    /// Parses file bytes (gzip'd or plain). Rows must have increasing UTC times a whole number of
    /// hours apart; missing hours (up to 31 days in a row) are filled from the previous hour.
    /// Throws <see cref="SpecException"/> listing every problem found.
    /// </summary>
    public static GreenDccTable Parse(byte[] bytes, string sourceName)
    {
        // Messages name lines and columns, never what is written there: the file may not be the caller's to read.
        string text;
        try
        {
            text = Decode(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or IOException)
        {
            throw Fail(sourceName, sourceName, "cannot be read as gzip'd or plain UTF-8 text");
        }

        var lines = text.Split('\n');
        int headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0) throw Fail(sourceName, sourceName, "the file is empty");
        var header = CsvLine.Split(lines[headerIndex].TrimEnd('\r'));
        int timeColumn = FindColumn(header, DatetimeColumn);
        if (timeColumn < 0)
            throw Fail(sourceName, $"{sourceName}:{headerIndex + 1}", $"the header has no '{DatetimeColumn}' column (it has {Columns(header.Length)})");

        var errors = new List<SpecError>();
        var rows = new List<string[]>();
        var rowLines = new List<int>();
        var slots = new List<int>(); // hour offset from the first row, per row
        DateTimeOffset? start = null;
        long lastSlot = -1;
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            string location = $"{sourceName}:{i + 1}";
            var fields = CsvLine.Split(line);
            string stamp = timeColumn < fields.Length ? fields[timeColumn] : "";
            if (!TryParseUtc(stamp, out var time))
            {
                errors.Add(new SpecError(location, $"column {timeColumn + 1} ('{DatetimeColumn}') is not a date and time"));
                if (errors.Count >= 20) break;
                continue;
            }
            start ??= time;
            double hours = (time - start.Value).TotalHours;
            long slot = (long)Math.Round(hours);
            if (Math.Abs(hours - slot) > 1e-6 || slot <= lastSlot)
            {
                errors.Add(new SpecError(location, slot <= lastSlot
                    ? "its time is not after the previous row's"
                    : "its time is not a whole number of hours after the first row's"));
                if (errors.Count >= 20) break;
                continue;
            }
            if (slot - lastSlot > MaxGapHours)
            {
                errors.Add(new SpecError(location, $"a gap of {slot - lastSlot - 1} hours before this row; at most {MaxGapHours - 1} missing hours in a row are filled"));
                break;
            }
            rows.Add(fields);
            rowLines.Add(i + 1);
            slots.Add((int)slot);
            lastSlot = slot;
        }
        if (errors.Count > 0) throw new SpecException(sourceName, errors);
        if (start is null) throw Fail(sourceName, sourceName, "the file has a header but no rows");
        return new GreenDccTable(sourceName, header, start.Value, rows, rowLines, slots);
    }

    internal static string Columns(int count) => count == 1 ? "1 column" : $"{count} columns";

    /// <summary>Longest run of missing hours that is filled rather than rejected (31 days).</summary>
    private const int MaxGapHours = 31 * 24 + 1;

    internal static int FindColumn(IReadOnlyList<string> header, string name)
    {
        string wanted = Normalise(name);
        for (int i = 0; i < header.Count; i++)
        {
            if (Normalise(header[i]) == wanted) return i;
        }
        return -1;
    }

    // Tolerate "gCO2eq" written without the subscript, spacing and case.
    private static string Normalise(string name) =>
        name.Trim().Replace('₂', '2').ToLowerInvariant();

    private static bool TryParseUtc(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            text.Trim(),
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    private static string Decode(byte[] bytes)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, strict, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        using var plain = new StreamReader(new MemoryStream(bytes), strict, detectEncodingFromByteOrderMarks: true);
        return plain.ReadToEnd();
    }

    internal static SpecException Fail(string what, string location, string message) =>
        new(what, new[] { new SpecError(location, message) });
}

/// <summary>The rows of a GreenDCC file; columns are parsed on demand with <see cref="Column"/>.</summary>
public sealed class GreenDccTable
{
    private readonly IReadOnlyList<string[]> _rows;
    private readonly IReadOnlyList<int> _lines;
    private readonly IReadOnlyList<int> _slots;

    internal GreenDccTable(string sourceName, IReadOnlyList<string> header, DateTimeOffset start, IReadOnlyList<string[]> rows, IReadOnlyList<int> lines, IReadOnlyList<int> slots)
    {
        SourceName = sourceName;
        Columns = header;
        Start = start;
        _rows = rows;
        _lines = lines;
        _slots = slots;
    }

    /// <summary>File name the table was read from (for messages).</summary>
    public string SourceName { get; }

    /// <summary>Header names, as written.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>UTC time of the first row.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Hours from the first row to the last, inclusive (rows plus filled gaps).</summary>
    public int HourCount => _slots[^1] + 1;

    /// <summary>True if the file has the column (subscript ₂ or 2, any case).</summary>
    public bool HasColumn(string name) => GreenDccCsv.FindColumn(Columns, name) >= 0;

    /// <summary>
    /// One numeric column as an hourly series. Empty cells and missing hours take the previous
    /// hour's value (leading ones take the first value); <see cref="HourlySeries.FilledHours"/>
    /// counts them. Throws <see cref="SpecException"/> for a missing column, a non-number (located by line and
    /// column, never quoted), or no value at all.
    /// </summary>
    public HourlySeries Column(string name)
    {
        int column = GreenDccCsv.FindColumn(Columns, name);
        if (column < 0)
            throw GreenDccCsv.Fail(SourceName, SourceName, $"the header has no '{name}' column (it has {GreenDccCsv.Columns(Columns.Count)})");

        var values = new double[HourCount];
        var known = new bool[HourCount];
        var errors = new List<SpecError>();
        for (int r = 0; r < _rows.Count; r++)
        {
            var fields = _rows[r];
            string cell = column < fields.Length ? fields[column].Trim() : "";
            if (cell.Length == 0) continue;
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            {
                values[_slots[r]] = v;
                known[_slots[r]] = true;
            }
            else if (errors.Count < 20)
            {
                errors.Add(new SpecError($"{SourceName}:{_lines[r]}", $"column {column + 1} ('{name}') is not a number"));
            }
        }
        if (errors.Count > 0) throw new SpecException(SourceName, errors);

        int first = Array.IndexOf(known, true);
        if (first < 0)
            throw GreenDccCsv.Fail(SourceName, SourceName, $"column '{name}' has no values");
        int filled = 0;
        double previous = values[first];
        for (int h = 0; h < values.Length; h++)
        {
            if (known[h]) previous = values[h];
            else
            {
                values[h] = previous;
                filled++;
            }
        }
        return new HourlySeries(Start, values, filled);
    }
}

/// <summary>Splits one CSV line (RFC 4180 quoting: "a, b" and doubled quotes).</summary>
internal static class CsvLine
{
    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
