using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>A GPU count with an optional type, from <c>--gres</c> or <c>--gpus*</c>.</summary>
/// <param name="Type">Accelerator model id (the GPU type, lower-cased), or null for any.</param>
/// <param name="Count">How many.</param>
/// <param name="WrittenType">The GPU type as the script wrote it (Slurm's type names keep their case).</param>
internal sealed record GpuRequest(string? Type, int Count, string? WrittenType = null)
{
    /// <summary>Slurm's normal form for <c>--gpus*</c>: <c>[type:]count</c>, type as written.</summary>
    public string Typed => WrittenType is null ? Count.ToString(CultureInfo.InvariantCulture) : $"{WrittenType}:{Count.ToString(CultureInfo.InvariantCulture)}";

    private const string GresExample = "gpu:4 or gpu:a100:4";
    private const string TypedExample = "4 or a100:4";

    /// <summary>
    /// Parses <c>--gres</c>: a comma list of <c>name[:type][:count]</c>. Only <c>gpu</c> can be honoured
    /// across centers; <c>none</c> asks for nothing (null).
    /// </summary>
    public static bool TryParseGres(string text, out GpuRequest? gpus, out string error)
    {
        gpus = null;
        error = "";
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (string item in text.Split(','))
        {
            string[] parts = item.Split(':');
            if (parts[0] != "gpu")
            {
                error = parts[0].Length == 0
                    ? $"'{TextRules.Shorten(text, 40)}' is not a GRES list; use gpu[:type][:count], e.g. gpu:a100:4"
                    : $"only gpu GRES can be honoured across centers; '{TextRules.Shorten(parts[0], 30)}' exists only in some clusters";
                return false;
            }
            if (gpus is not null)
            {
                error = "gpu is listed twice; give one gpu[:type][:count]";
                return false;
            }
            if (!TryTypeAndCount(parts.Skip(1).ToArray(), item, GresExample, out gpus, out error)) return false;
        }
        return true;
    }

    /// <summary>Parses <c>--gpus</c>, <c>--gpus-per-node</c>, <c>--gpus-per-task</c>: <c>[type:]count</c>.</summary>
    public static bool TryParseTyped(string text, out GpuRequest? gpus, out string error)
    {
        gpus = null;
        if (text.Contains(','))
        {
            error = "several GPU types in one job cannot be placed; ask for one type, e.g. a100:4";
            return false;
        }
        string[] parts = text.Split(':');
        if (parts.Length == 1 && !LooksLikeCount(parts[0]))
        {
            error = $"'{TextRules.Shorten(text, 30)}' needs a count, e.g. 4 or a100:4";
            return false;
        }
        return TryTypeAndCount(parts, text, TypedExample, out gpus, out error);
    }

    // [type][:count] after the name; a missing count means 1, as in Slurm.
    private static bool TryTypeAndCount(string[] parts, string written, string example, out GpuRequest? gpus, out string error)
    {
        gpus = null;
        error = "";
        string? type = null;
        string? writtenType = null;
        string countText = "1";
        switch (parts.Length)
        {
            case 0:
                break;
            case 1 when parts[0].Length == 0:
                error = $"'{TextRules.Shorten(written, 40)}' has nothing after ':'; use gpu[:type][:count], e.g. gpu:a100:4";
                return false;
            case 1 when LooksLikeCount(parts[0]):
                countText = parts[0];
                break;
            case 1:
                type = parts[0];
                break;
            case 2:
                type = parts[0];
                countText = parts[1];
                break;
            default:
                error = $"'{TextRules.Shorten(written, 40)}' has too many parts; use gpu[:type][:count], e.g. gpu:a100:4";
                return false;
        }
        if (type is not null)
        {
            writtenType = type;
            type = type.ToLowerInvariant();
            if (!TextRules.IsId(type))
            {
                error = $"the GPU type '{TextRules.Shorten(type, 30)}' is not a valid accelerator model id";
                return false;
            }
        }
        if (!TryCount(countText, example, out int count, out error)) return false;
        // Zero GPUs is no GPU, as for sbatch (which accepts gpu:0 and allocates none).
        gpus = count == 0 ? null : new GpuRequest(type, count, writtenType);
        return true;
    }

    /// <summary>
    /// True when a lone value after <c>gpu:</c> (or of <c>--gpus</c>) is meant as a count rather than a type: a
    /// number, signed or not, whole or not. Types never start with a sign or a point, and a type may start
    /// with a digit (MIG profiles such as <c>1g.5gb</c>), so only number-shaped text counts.
    /// </summary>
    private static bool LooksLikeCount(string text) =>
        text.Length > 0
        && (text[0] is '-' or '+' || (text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c == '.')));

    // Every way a count can be wrong is reported as a count, whatever form (gres, gpus, per node, per task) it came in.
    private static bool TryCount(string text, string example, out int count, out string error)
    {
        count = 0;
        error = "";
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            string why = text.StartsWith('-') ? "a count cannot be negative" : "a count is a whole number";
            error = $"'{TextRules.Shorten(text, 20)}' is not a GPU count: {why}; give one from 0 to {SpecLimits.MaxAccelerators}, e.g. {example}";
            return false;
        }
        if (text.Length > 9 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > SpecLimits.MaxAccelerators)
        {
            error = $"asks for {TextRules.Shorten(text, 20)} GPUs; at most {SpecLimits.MaxAccelerators} are allowed";
            return false;
        }
        return true;
    }
}
