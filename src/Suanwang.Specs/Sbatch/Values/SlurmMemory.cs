using System.Globalization;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>Slurm's memory sizes (<c>--mem</c>, <c>--mem-per-cpu</c>, <c>--mem-per-gpu</c>).</summary>
internal static class SlurmMemory
{
    public const string Formats = "a whole number of megabytes, or with a unit: 500K, 4000M, 16G, 1T";

    /// <summary>The size in MiB. Slurm's units are binary: M means MiB, G means GiB.</summary>
    public static bool TryParseMiB(string text, out double mib)
    {
        mib = 0;
        if (text.Length is 0 or > 13) return false;
        char last = char.ToUpperInvariant(text[^1]);
        double scale = last switch
        {
            'K' => 1.0 / 1024,
            'M' => 1,
            'G' => 1024,
            'T' => 1024 * 1024,
            _ => double.NaN,
        };
        string digits = double.IsNaN(scale) ? text : text[..^1];
        if (double.IsNaN(scale)) scale = 1;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long amount)) return false;
        mib = amount * scale;
        return true;
    }
}
