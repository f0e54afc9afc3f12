namespace Suanwang.Specs.Common;

/// <summary>Checks ids against what the context says exists (when it says anything).</summary>
internal static class KnownIds
{
    public static void Region(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownRegion, id, location, errors, "region");

    public static void Center(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownCenter, id, location, errors, "center");

    public static void AcceleratorModel(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownAcceleratorModel, id, location, errors, "accelerator model");

    public static void Tier(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownTier, id, location, errors, "tier");

    private static void Check(Func<string, bool>? isKnown, string id, string location, ErrorSink errors, string what)
    {
        if (isKnown is not null && !isKnown(id))
            errors.Add(location, $"unknown {what} '{TextRules.Shorten(id)}': the network has no {what} with this id");
    }
}
