using Suanwang.Model.Errors;

namespace Suanwang.Traces.Reading;

/// <summary>
/// Column positions of a comma-separated header, found by name so a reordered or extended file
/// still reads. Neither supported CSV trace quotes its fields, so quoting is not supported.
/// </summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> columns;

    private CsvHeader(Dictionary<string, int> columns, int count)
    {
        this.columns = columns;
        Count = count;
    }

    /// <summary>Number of columns; every row must have exactly this many fields.</summary>
    public int Count { get; }

    /// <summary>Parses a header line, failing with every missing column named.</summary>
    public static CsvHeader Parse(string line, string fileName, string location, string formatName, IReadOnlyList<string> required)
    {
        string[] names = line.Split(',');
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
            columns.TryAdd(names[i].Trim().TrimStart('\uFEFF'), i);
        var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            throw new SpecException(fileName,
            [
                new SpecError(location,
                    $"not a {formatName} header: missing column(s) {string.Join(", ", missing)} (expected {string.Join(",", required)})"),
            ]);
        return new CsvHeader(columns, names.Length);
    }

    /// <summary>Position of a required column.</summary>
    public int this[string name] => columns[name];

    /// <summary>Position of an optional column, or -1.</summary>
    public int IndexOf(string name) => columns.GetValueOrDefault(name, -1);
}
