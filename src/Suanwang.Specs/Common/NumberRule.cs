using System.Globalization;

namespace Suanwang.Specs.Common;

/// <summary>Bounds for a number field.</summary>
/// <param name="Min">Lowest allowed value.</param>
/// <param name="Max">Highest allowed value.</param>
/// <param name="MinExclusive">True when <paramref name="Min"/> itself is not allowed (must be greater).</param>
internal readonly record struct NumberRule(double Min, double Max, bool MinExclusive = false)
{
    public static NumberRule Positive(double max) => new(0, max, MinExclusive: true);

    public static NumberRule NonNegative(double max) => new(0, max);

    public bool Allows(double value) => (MinExclusive ? value > Min : value >= Min) && value <= Max;

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public string Describe() =>
        MinExclusive ? $"must be greater than {Format(Min)} and at most {Format(Max)}"
        : $"must be between {Format(Min)} and {Format(Max)}";
}
