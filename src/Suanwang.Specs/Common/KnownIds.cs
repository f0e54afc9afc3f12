namespace Suanwang.Specs.Common;

/// <summary>Checks ids against what the context says exists (when it says anything).</summary>
internal static class KnownIds
{
    public static void Region(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownRegion, id, location, errors, "region");

    public static void Center(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownCenter, id, location, errors, "center");

    public static void AcceleratorModel(JobSpecContext context, string id, string location, ErrorSink errors)
    {
        if (context.AcceleratorCatalog is not { } catalog)
        {
            Check(context.IsKnownAcceleratorModel, id, location, errors, "accelerator model");
            return;
        }
        if (catalog.IsKnown(id)) return;
        var close = catalog.Suggest(id);
        string hint = close.Count > 0
            ? $"; did you mean {string.Join(", ", close)}?"
            : $"; its models are {string.Join(", ", catalog.Models.Select(m => m.Id))}";
        errors.Add(location, $"unknown accelerator model '{TextRules.Shorten(id)}': no model id or alias of the network's catalog matches{hint}");
    }

    public static void Tier(JobSpecContext context, string id, string location, ErrorSink errors) =>
        Check(context.IsKnownTier, id, location, errors, "tier");

    private static void Check(Func<string, bool>? isKnown, string id, string location, ErrorSink errors, string what)
    {
        if (isKnown is not null && !isKnown(id))
            errors.Add(location, $"unknown {what} '{TextRules.Shorten(id)}': the network has no {what} with this id");
    }
}
