using Suanwang.Model.Network;

namespace Suanwang.Placement.Network;

/// <summary>
/// Prefix sums of an hourly, periodic signal so that its integral or mean over any interval costs
/// O(1): this is what keeps carbon and price scoring in the tens of nanoseconds per center.
/// </summary>
public sealed class SignalIntegral
{
    private readonly double[] _prefix; // _prefix[i] = integral of the first i hours, in value·seconds
    private readonly double[] _values;
    private readonly double _startSeconds;
    private readonly double _periodSeconds;
    private readonly double _periodTotal;
    private readonly double _hours;         // period length in hours
    private readonly double _inverseHours;  // 1 / _hours: the hot path multiplies instead of dividing
    private const double InverseHour = 1.0 / 3600.0;

    /// <summary>Builds the integral of <paramref name="signal"/>.</summary>
    public SignalIntegral(HourlySignal signal) : this(signal.Values, SimTime.ToSeconds(signal.Start)) { }

    /// <summary>Builds the integral of hourly <paramref name="values"/> starting at <paramref name="startSeconds"/>.</summary>
    public SignalIntegral(IReadOnlyList<double> values, double startSeconds)
    {
        if (values.Count == 0) throw new ArgumentException("A signal needs at least one value.", nameof(values));
        _values = values.ToArray();
        _prefix = new double[_values.Length + 1];
        for (int i = 0; i < _values.Length; i++) _prefix[i + 1] = _prefix[i] + _values[i] * 3600.0;
        _startSeconds = startSeconds;
        _periodSeconds = _values.Length * 3600.0;
        _periodTotal = _prefix[^1];
        _hours = _values.Length;
        _inverseHours = 1.0 / _hours;
        IsFlat = _values.All(v => v == _values[0]);
        Min = _values.Min();
    }

    /// <summary>The smallest hourly value: a lower bound of the mean over any interval.</summary>
    public double Min { get; }

    /// <summary>True when the signal has the same value at every hour.</summary>
    public bool IsFlat { get; }

    /// <summary>The value at an instant.</summary>
    public double ValueAt(double seconds)
    {
        if (IsFlat) return _values[0];
        double offset = seconds - _startSeconds;
        double inPeriod = offset - Math.Floor(offset / _periodSeconds) * _periodSeconds;
        int hour = Math.Min((int)(inPeriod / 3600.0), _values.Length - 1);
        return _values[hour];
    }

    /// <summary>The integral of the signal over [from, to] in value·seconds.</summary>
    public double Integral(double fromSeconds, double toSeconds)
    {
        if (IsFlat) return _values[0] * (toSeconds - fromSeconds);
        return Cumulative(toSeconds) - Cumulative(fromSeconds);
    }

    /// <summary>The mean of the signal over [from, to]; the value at <paramref name="fromSeconds"/> for an empty interval.</summary>
    public double Mean(double fromSeconds, double toSeconds)
    {
        double length = toSeconds - fromSeconds;
        return length <= 0 ? ValueAt(fromSeconds) : Integral(fromSeconds, toSeconds) / length;
    }

    private double Cumulative(double seconds)
    {
        double hours = (seconds - _startSeconds) * InverseHour;
        double periods = Math.Floor(hours * _inverseHours);
        double inPeriod = hours - periods * _hours;
        int hour = (int)inPeriod;
        if ((uint)hour >= (uint)_values.Length) hour = hour < 0 ? 0 : _values.Length - 1; // rounding at the period's edges
        double partial = _prefix[hour] + (inPeriod - hour) * 3600.0 * _values[hour];
        return periods * _periodTotal + partial;
    }
}
