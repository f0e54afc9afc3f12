using Suanwang.Specs.Common;

namespace Suanwang.Specs.Sbatch.Values;

/// <summary>
/// Slurm's <c>--dependency</c>, the part Suanwang can honour: <c>afterok:ID[:ID…]</c>, several joined by
/// ','. Other types (after, afterany, afternotok, aftercorr, singleton) and '?' (any of) have no
/// counterpart in a job's <c>dependsOn</c>, which means "all of these succeeded".
/// </summary>
internal static class DependencySpec
{
    public static bool TryParse(string text, out IReadOnlyList<string> ids, out string error)
    {
        ids = [];
        error = "";
        if (text.Contains('?'))
        {
            error = "'?' (any one of) dependencies cannot be honoured; Suanwang supports afterok only, where all must succeed";
            return false;
        }
        var list = new List<string>();
        foreach (string condition in text.Split(','))
        {
            string[] parts = condition.Split(':');
            string type = parts[0];
            if (type != "afterok")
            {
                error = type switch
                {
                    "singleton" => "singleton cannot be honoured across centers; use afterok:ID on the job to wait for",
                    "after" or "afterany" or "afternotok" or "aftercorr" or "afterburstbuffer" =>
                        $"{type} cannot be honoured; Suanwang supports afterok only (start after the listed jobs succeeded)",
                    _ => $"'{TextRules.Shorten(condition, 30)}' is not a dependency; use afterok:ID[:ID…]",
                };
                return false;
            }
            if (parts.Length < 2)
            {
                error = "afterok needs at least one job id, e.g. afterok:prepare-1";
                return false;
            }
            foreach (string id in parts.Skip(1))
            {
                if (!TextRules.IsId(id))
                {
                    error = id.Contains('+')
                        ? $"'{TextRules.Shorten(id, 30)}': delays (+minutes) cannot be honoured; use afterok:ID"
                        : TextRules.IdRule(id);
                    return false;
                }
                if (!list.Contains(id)) list.Add(id);
            }
        }
        if (list.Count > SpecLimits.MaxListItems)
        {
            error = $"names {list.Count} jobs; at most {SpecLimits.MaxListItems} are allowed";
            return false;
        }
        ids = list;
        return true;
    }
}
