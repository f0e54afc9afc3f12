namespace Suanwang.Specs.Common;

/// <summary>Rules on a job's time window, shared by both readers.</summary>
internal static class TimeRules
{
    /// <summary>A deadline must lie after now and after the earliest start.</summary>
    public static void CheckWindow(
        DateTimeOffset? notBefore, DateTimeOffset? deadline, DateTimeOffset now, string deadlineLocation, ErrorSink errors)
    {
        if (deadline is not { } end) return;
        if (end <= now)
            errors.Add(deadlineLocation, $"the deadline {Format(end)} is already past (now is {Format(now)})");
        else if (notBefore is { } start && end <= start)
            errors.Add(deadlineLocation, $"the deadline {Format(end)} is not after the earliest start {Format(start)}");
    }

    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
