using System.Globalization;
using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch;

/// <summary>
/// What <c>#SUANWANG key=value</c> lines add to a script: what sbatch cannot say (data, residency, price,
/// carbon, tenant). Slurm reads these lines as comments, so the script stays a valid Slurm script.
/// </summary>
internal sealed class SuanwangDirectives
{
    /// <summary>Every key, with an example value; the README lists the same.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>
    {
        ["tenant"] = "lab-x",
        ["tier"] = "research",
        ["input"] = "corpus-zh:2000GiB@yangtze-delta",
        ["output"] = "30GiB@yangtze-delta",
        ["residency"] = "cn",
        ["max-price"] = "3000",
        ["carbon-weight"] = "0.5",
        ["flexible-start-hours"] = "24",
        ["reference-hours"] = "12",
        ["min-accelerator-memory-gib"] = "80",
        ["centers"] = "qingyang,zhongwei",
        ["preferred-centers"] = "qingyang",
    };

    public string? Tenant { get; private set; }
    public string? Tier { get; private set; }
    public List<DataInput> Inputs { get; } = new();
    public DataOutput? Output { get; private set; }
    public string? Residency { get; private set; }
    public double? MaxPriceYuan { get; private set; }
    public double? CarbonWeight { get; private set; }
    public double? FlexibleStartHours { get; private set; }
    public double? ReferenceHours { get; private set; }
    public double? MinAcceleratorMemoryGiB { get; private set; }
    public IReadOnlyList<string> Centers { get; private set; } = [];
    public IReadOnlyList<string> PreferredCenters { get; private set; } = [];

    /// <summary>Where each key was last given, for errors found when it is combined with the rest of the script.</summary>
    public Dictionary<string, string> Locations { get; } = new(StringComparer.Ordinal);

    public static SuanwangDirectives Read(IEnumerable<DirectiveLine> lines, JobSpecContext context, ErrorSink errors)
    {
        var read = new SuanwangDirectives();
        foreach (DirectiveLine line in lines)
        {
            IReadOnlyList<string>? words = DirectiveTokenizer.Split(line.Body, out string? tokenError);
            if (words is null)
            {
                errors.Add(line.Location, tokenError!);
                continue;
            }
            foreach (string word in words)
            {
                int equals = word.IndexOf('=');
                if (equals <= 0)
                {
                    errors.Add(line.Location, $"expected key=value, e.g. tier=research; found '{TextRules.Shorten(word, 30)}'");
                    continue;
                }
                string key = word[..equals];
                string value = word[(equals + 1)..];
                read.Locations[key] = line.Location;
                string? error = read.Apply(key, value, context, line.Location, errors);
                if (error is not null) errors.Add(line.Location, $"{key}: {error}");
            }
        }
        return read;
    }

    // Returns the error, if any; known-id checks report their own.
    private string? Apply(string key, string value, JobSpecContext context, string location, ErrorSink errors)
    {
        switch (key)
        {
            case "tenant":
                return Id(value, v => Tenant = v);
            case "tier":
                return Id(value, v =>
                {
                    Tier = v;
                    KnownIds.Tier(context, v, location, errors);
                });
            case "residency":
                return Id(value, v => Residency = v);
            case "input":
                return ParseInput(value, context, location, errors);
            case "output":
                return ParseOutput(value, context, location, errors);
            case "max-price":
                return Number(value, NumberRule.Positive(SpecLimits.MaxPriceYuan), v => MaxPriceYuan = v);
            case "carbon-weight":
                return Number(value, NumberRule.NonNegative(1), v => CarbonWeight = v);
            case "flexible-start-hours":
                return Number(value, NumberRule.NonNegative(SpecLimits.MaxFlexibleStartHours), v => FlexibleStartHours = v);
            case "reference-hours":
                return Number(value, NumberRule.Positive(SpecLimits.MaxHours), v => ReferenceHours = v);
            case "min-accelerator-memory-gib":
                return Number(value, NumberRule.NonNegative(SpecLimits.MaxAcceleratorMemoryGiB), v => MinAcceleratorMemoryGiB = v);
            case "centers":
                return IdList(value, ids =>
                {
                    Centers = ids;
                    foreach (string id in ids) KnownIds.Center(context, id, location, errors);
                });
            case "preferred-centers":
                return IdList(value, ids =>
                {
                    PreferredCenters = ids;
                    foreach (string id in ids) KnownIds.Center(context, id, location, errors);
                });
            default:
                return errors.IsFull ? "unknown #SUANWANG key"
                    : $"unknown #SUANWANG key{Suggestions.DidYouMean(key, Keys.Keys)}; known keys: {string.Join(", ", Keys.Keys)}";
        }
    }

    private string? ParseInput(string value, JobSpecContext context, string location, ErrorSink errors)
    {
        const string Form = "use NAME:SIZE@REGION, e.g. corpus-zh:2000GiB@yangtze-delta";
        int at = value.LastIndexOf('@');
        int colon = at < 0 ? -1 : value.LastIndexOf(':', at);
        if (at < 0 || colon < 0) return Form;
        string name = value[..colon];
        if (!TextRules.IsDatasetName(name)) return $"'{TextRules.Shorten(name, 30)}' is not a valid data-set name; {Form}";
        if (!TrySize(value[(colon + 1)..at], out double sizeGiB)) return $"'{TextRules.Shorten(value[(colon + 1)..at], 20)}' is not a size; {Form}";
        string region = value[(at + 1)..];
        if (!TextRules.IsId(region)) return TextRules.IdRule(region);
        if (Inputs.Count >= SpecLimits.MaxListItems) return $"at most {SpecLimits.MaxListItems} inputs are allowed";
        KnownIds.Region(context, region, location, errors);
        Inputs.Add(new DataInput(name, sizeGiB, region));
        return null;
    }

    private string? ParseOutput(string value, JobSpecContext context, string location, ErrorSink errors)
    {
        const string Form = "use SIZE@REGION, e.g. 30GiB@yangtze-delta";
        int at = value.LastIndexOf('@');
        if (at < 0) return Form;
        if (!TrySize(value[..at], out double sizeGiB)) return $"'{TextRules.Shorten(value[..at], 20)}' is not a size; {Form}";
        string region = value[(at + 1)..];
        if (!TextRules.IsId(region)) return TextRules.IdRule(region);
        KnownIds.Region(context, region, location, errors);
        Output = new DataOutput(sizeGiB, region);
        return null;
    }

    // A size in GiB, optionally with a unit MiB, GiB or TiB.
    private static bool TrySize(string text, out double sizeGiB)
    {
        sizeGiB = 0;
        double scale = 1;
        foreach (var (unit, factor) in new[] { ("MiB", 1.0 / 1024), ("GiB", 1.0), ("TiB", 1024.0) })
        {
            if (!text.EndsWith(unit, StringComparison.Ordinal)) continue;
            text = text[..^unit.Length];
            scale = factor;
            break;
        }
        if (!TryNumber(text, out double amount) || amount < 0) return false;
        sizeGiB = amount * scale;
        return sizeGiB <= SpecLimits.MaxSizeGiB;
    }

    private static string? Id(string value, Action<string> set)
    {
        if (!TextRules.IsId(value)) return TextRules.IdRule(value);
        set(value);
        return null;
    }

    private static string? IdList(string value, Action<IReadOnlyList<string>> set)
    {
        string[] ids = value.Split(',');
        if (ids.Length > SpecLimits.MaxListItems) return $"at most {SpecLimits.MaxListItems} ids are allowed";
        string? bad = ids.FirstOrDefault(id => !TextRules.IsId(id));
        if (bad is not null) return TextRules.IdRule(bad);
        set(ids);
        return null;
    }

    private static string? Number(string value, NumberRule rule, Action<double> set)
    {
        if (!TryNumber(value, out double number)) return $"'{TextRules.Shorten(value, 20)}' is not a finite number";
        if (!rule.Allows(number)) return rule.Describe();
        set(number);
        return null;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);
}
