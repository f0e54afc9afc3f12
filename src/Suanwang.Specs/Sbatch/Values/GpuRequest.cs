using System.Globalization;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>A GPU count with an optional type, from <c>--gres</c> or <c>--gpus*</c>.</summary>
/// <param name="Type">Accelerator model id (the GPU type, lower-cased), or null for any.</param>
/// <param name="Count">How many.</param>
internal sealed record GpuRequest(string? Type, int Count)
{
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
            if (!TryTypeAndCount(parts.Skip(1).ToArray(), item, out gpus, out error)) return false;
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
        if (parts.Length == 1 && !parts[0].All(char.IsAsciiDigit))
        {
            error = $"'{TextRules.Shorten(text, 30)}' needs a count, e.g. 4 or a100:4";
            return false;
        }
        return TryTypeAndCount(parts, text, out gpus, out error);
    }

    // [type][:count] after the name; a missing count means 1, as in Slurm.
    private static bool TryTypeAndCount(string[] parts, string written, out GpuRequest? gpus, out string error)
    {
        gpus = null;
        error = "";
        string? type = null;
        string countText = "1";
        switch (parts.Length)
        {
            case 0:
                break;
            case 1 when parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit):
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
            type = type.ToLowerInvariant();
            if (!TextRules.IsId(type))
            {
                error = $"the GPU type '{TextRules.Shorten(type, 30)}' is not a valid accelerator model id";
                return false;
            }
        }
        if (countText.Length is 0 or > 9 || !countText.All(char.IsAsciiDigit)
            || !int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"'{TextRules.Shorten(countText, 20)}' is not a GPU count; use a whole number, e.g. gpu:4";
            return false;
        }
        if (count == 0)
        {
            error = "asks for 0 GPUs; drop the option to run without GPUs";
            return false;
        }
        gpus = new GpuRequest(type, count);
        return true;
    }
}
