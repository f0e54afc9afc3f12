namespace Suanwang.Networks.Signals;

/// <summary>One column of an hourly file, one value per hour from <see cref="Start"/>, gaps filled.</summary>
/// <param name="Start">UTC time of the first value.</param>
/// <param name="Values">One value per consecutive hour.</param>
/// <param name="FilledHours">How many hours had no value (empty cell or missing row) and took the previous hour's.</param>
public sealed record HourlySeries(DateTimeOffset Start, IReadOnlyList<double> Values, int FilledHours);
