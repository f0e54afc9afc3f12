using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native.Sections;

/// <summary>Reads <c>work</c>: how long the job takes on the reference accelerator, and its hard time limit.</summary>
internal static class WorkSection
{
    public static WorkEstimate Read(SpecObject root, JobKind kind)
    {
        SpecObject? work = root.Object("work", NativeSpecFields.Work);
        double? referenceHours = work?.Number("referenceHours", NumberRule.Positive(SpecLimits.MaxHours));
        double? timeLimitHours = work?.Number("timeLimitHours", NumberRule.Positive(SpecLimits.MaxHours));

        // Without an estimate the placement core cannot compare finish times, cost or energy of a batch job.
        if (kind == JobKind.Batch && work?.Has("referenceHours") != true)
            root.Errors.Add("work.referenceHours",
                "is required for a batch job: the wall-clock hours it takes on the requested number of reference accelerators, e.g. work: { referenceHours: 12 }");

        return new WorkEstimate(referenceHours ?? SpecDefaults.ServiceReferenceHours, timeLimitHours);
    }
}
