using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native.Sections;

/// <summary>Reads <c>constraints</c>: the hard limits a center must meet to be chosen.</summary>
internal static class ConstraintsSection
{
    public static JobConstraints Read(SpecObject root, JobKind kind, JobSpecContext context)
    {
        SpecObject? constraints = root.Object("constraints", NativeSpecFields.Constraints);
        if (constraints is null) return JobConstraints.None;
        var errors = root.Errors;

        string? residency = constraints.Text("residency");
        if (residency is not null && !TextRules.IsId(residency))
        {
            errors.Add(constraints.FieldPath("residency"), TextRules.IdRule(residency));
            residency = null;
        }
        DateTimeOffset? deadline = constraints.Time("deadline", context.Now);
        DateTimeOffset? notBefore = constraints.Time("notBefore", context.Now);
        double? maxPrice = constraints.Number("maxPrice", NumberRule.Positive(SpecLimits.MaxPriceYuan));
        IReadOnlyList<string> centers = constraints.IdList("centers", "[qingyang, zhongwei]");
        IReadOnlyList<string> preferred = constraints.IdList("preferredCenters", "[qingyang]");
        double? maxLatencyMs = constraints.Number("maxLatencyMs", NumberRule.Positive(SpecLimits.MaxLatencyMs));
        string? usersAt = DataSection.Region(constraints, "usersAt", context);

        for (int i = 0; i < centers.Count; i++)
            KnownIds.Center(context, centers[i], $"{constraints.Path}.centers[{i}]", errors);
        for (int i = 0; i < preferred.Count; i++)
        {
            string at = $"{constraints.Path}.preferredCenters[{i}]";
            KnownIds.Center(context, preferred[i], at, errors);
            if (centers.Count > 0 && !centers.Contains(preferred[i]))
                errors.Add(at, $"'{preferred[i]}' is preferred but not among the allowed centers; add it to centers or drop it");
        }

        CheckLatency(constraints, kind);
        TimeRules.CheckWindow(notBefore, deadline, context.Now, constraints.FieldPath("deadline"), errors);

        return new JobConstraints(residency, deadline, maxPrice, centers, preferred, maxLatencyMs, usersAt, notBefore)
        {
            Features = Features(constraints),
        };
    }

    // Slurm's --constraint text; which features exist is placement's to judge (a Slurm center may report more).
    private static FeatureConstraint? Features(SpecObject constraints)
    {
        string? text = constraints.Text("features");
        if (text is null) return null;
        if (FeatureConstraint.TryParse(text.Trim(), out var constraint, out string? error)) return constraint;
        constraints.Errors.Add(constraints.FieldPath("features"), $"is not a feature constraint: {error}");
        return null;
    }

    // A latency bound needs a place to measure from, and only a service has users waiting on it.
    private static void CheckLatency(SpecObject constraints, JobKind kind)
    {
        bool hasLatency = constraints.Has("maxLatencyMs");
        bool hasUsers = constraints.Has("usersAt");
        if (kind == JobKind.Batch && (hasLatency || hasUsers))
        {
            constraints.Errors.Add(constraints.FieldPath(hasLatency ? "maxLatencyMs" : "usersAt"),
                "applies to services only (kind: service); a batch job has no users waiting on it");
            return;
        }
        if (hasLatency && !hasUsers)
            constraints.Errors.Add(constraints.FieldPath("usersAt"), "is required with maxLatencyMs: the region the latency is measured from");
        if (hasUsers && !hasLatency)
            constraints.Errors.Add(constraints.FieldPath("maxLatencyMs"), "is required with usersAt: the one-way latency bound in milliseconds");
    }
}
