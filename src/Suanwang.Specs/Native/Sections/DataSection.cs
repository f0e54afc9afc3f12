using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;

namespace Suanwang.Specs.Native.Sections;

/// <summary>Reads <c>inputs</c> and <c>outputs</c>: which data the job moves, how much, and where it lives.</summary>
internal static class DataSection
{
    public static IReadOnlyList<DataInput> ReadInputs(SpecObject root, JobSpecContext context)
    {
        var items = root.List("inputs", SpecLimits.MaxListItems, "[ { dataset: corpus-zh, sizeGiB: 2000, at: yangtze-delta } ]");
        if (items is null) return [];
        var inputs = new List<DataInput>();
        foreach (var (value, path) in items)
        {
            SpecObject? input = SpecObject.From(value, path, NativeSpecFields.Input, root.Errors);
            if (input is null)
            {
                if (value is YamlScalar { IsNull: true }) root.Errors.Add(path, "is empty; give dataset, sizeGiB and at");
                continue;
            }
            string? dataset = input.Text("dataset", required: true);
            if (dataset is not null && !TextRules.IsDatasetName(dataset))
            {
                input.Errors.Add(input.FieldPath("dataset"), $"'{TextRules.Shorten(dataset)}' is not a valid data-set name: use letters, digits, '.', '_', '-' and '/', starting with a letter or digit");
                dataset = null;
            }
            double? size = input.Number("sizeGiB", NumberRule.NonNegative(SpecLimits.MaxSizeGiB), required: true);
            string? region = Region(input, "at", context, required: true);
            if (dataset is not null && size is not null && region is not null)
                inputs.Add(new DataInput(dataset, size.Value, region));
        }
        return inputs;
    }

    public static DataOutput? ReadOutput(SpecObject root, JobSpecContext context)
    {
        SpecObject? output = root.Object("outputs", NativeSpecFields.Output);
        if (output is null) return null;
        double? size = output.Number("sizeGiB", NumberRule.NonNegative(SpecLimits.MaxSizeGiB), required: true);
        string? region = Region(output, "to", context, required: true);
        return size is not null && region is not null ? new DataOutput(size.Value, region) : null;
    }

    /// <summary>A region id field, checked for form and, when the context knows the regions, existence.</summary>
    public static string? Region(SpecObject owner, string field, JobSpecContext context, bool required = false)
    {
        string? region = owner.Text(field, required);
        if (region is null) return null;
        if (!TextRules.IsId(region))
        {
            owner.Errors.Add(owner.FieldPath(field), TextRules.IdRule(region));
            return null;
        }
        KnownIds.Region(context, region, owner.FieldPath(field), owner.Errors);
        return region;
    }
}
