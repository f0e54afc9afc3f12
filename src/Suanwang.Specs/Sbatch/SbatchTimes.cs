using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;
using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Sbatch;

/// <summary>Reads a script's time options: <c>--time</c> (limit and work estimate), <c>--begin</c>, <c>--deadline</c>.</summary>
internal static class SbatchTimes
{
    /// <summary>
    /// The time limit is the best estimate a script gives of its length, so it is used as the work in
    /// reference hours too (unless <c>#SUANWANG reference-hours</c> says better). Without a finite limit the
    /// job gets no limit and <see cref="SpecDefaults.SbatchReferenceHours"/> as its estimate.
    /// </summary>
    public static WorkEstimate ReadWork(SbatchSettings settings, double? referenceHours)
    {
        double? limitHours = null;
        if (settings["time"] is { } directive)
        {
            if (!SlurmDuration.TryParse(directive.Value, out TimeSpan? limit))
                settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' is not a Slurm time; use {SlurmDuration.Formats}");
            else if (limit is { } finite && finite.TotalHours > SpecLimits.MaxHours)
                settings.Error(directive, $"is {NumberRule.Format(finite.TotalHours)} hours; at most {NumberRule.Format(SpecLimits.MaxHours)} are allowed");
            else
                limitHours = limit?.TotalHours;
        }
        return new WorkEstimate(referenceHours ?? limitHours ?? SpecDefaults.SbatchReferenceHours, limitHours);
    }

    /// <summary><c>--time-min</c> as Slurm keeps it: whole minutes, rounded up, or <c>UNLIMITED</c>.</summary>
    public static string? ReadTimeMin(SbatchSettings settings)
    {
        if (settings["time-min"] is not { } directive) return null;
        if (!SlurmDuration.TryParse(directive.Value, out TimeSpan? limit))
        {
            settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 20)}' is not a Slurm time; use {SlurmDuration.Formats}");
            return null;
        }
        return limit is { } finite ? SbatchEngineSettings.Number((long)finite.TotalMinutes) : "UNLIMITED";
    }

    public static DateTimeOffset? ReadTime(SbatchSettings settings, string name, JobSpecContext context)
    {
        if (settings[name] is not { } directive) return null;
        if (SlurmTimeSpec.TryParse(directive.Value, context.Now, context.TimeZoneOffset, out DateTimeOffset time)) return time;
        settings.Error(directive, $"'{TextRules.Shorten(directive.Value, 30)}' is not a time Suanwang reads; use {SlurmTimeSpec.Formats}");
        return null;
    }
}
