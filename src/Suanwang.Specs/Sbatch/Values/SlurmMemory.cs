using System.Globalization;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>Slurm's memory sizes (<c>--mem</c>, <c>--mem-per-cpu</c>, <c>--mem-per-gpu</c>).</summary>
internal static class SlurmMemory
{
    public const string Formats = "a whole number of megabytes, or with a unit: 500K, 4000M, 16G, 1T (a B after the unit is allowed: 500MB, 16GB)";

    /// <summary>
    /// The size in whole MiB, as sbatch reads it: units are binary and any case (M means MiB, G GiB), a <c>B</c> may
    /// follow the unit (<c>500MB</c>, <c>128gb</c>), no unit means MiB, and kibibytes are rounded up to a whole MiB
    /// (<c>1500K</c> is 2). <c>500B</c>, <c>500MiB</c>, <c>1.5G</c> and <c>1P</c> are refused, as sbatch refuses them.
    /// </summary>
    public static bool TryParseMiB(string text, out long mib)
    {
        mib = 0;
        if (text.Length is 0 or > 16) return false;
        string body = text;
        if (body.Length >= 2 && body[^1] is 'B' or 'b' && !char.IsAsciiDigit(body[^2])) body = body[..^1];
        char last = char.ToUpperInvariant(body[^1]);
        long scaleKiB = last switch
        {
            'K' => 1,
            'M' => 1024,
            'G' => 1024L * 1024,
            'T' => 1024L * 1024 * 1024,
            _ => 0,
        };
        string digits = scaleKiB == 0 ? body : body[..^1];
        if (scaleKiB == 0) scaleKiB = 1024;
        if (digits.Length is 0 or > 12 || !digits.All(char.IsAsciiDigit)) return false;
        long amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (amount > long.MaxValue / scaleKiB - 1024) return false;
        mib = (amount * scaleKiB + 1023) / 1024;
        return true;
    }
}
