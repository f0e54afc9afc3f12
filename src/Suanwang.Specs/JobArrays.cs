using System.Collections.ObjectModel;
using System.Globalization;
using Suanwang.Model.Jobs;

namespace Suanwang.Specs;

/// <summary>
/// A job array's elements, made from one request. Element <c>i</c> is the array's shared request with the id
/// <c>{array id}_{i}</c>, <see cref="JobRequest.ArrayIndex"/> <c>i</c> and <c>SLURM_ARRAY_TASK_ID=i</c>, as a
/// Slurm array task sees it; the shared request carries everything else, the other <c>SLURM_ARRAY_*</c>
/// variables included. So an array is stored once and each element made from it when needed.
/// </summary>
public static class JobArrays
{
    /// <summary>The variable that tells an element its index.</summary>
    public const string TaskIdVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>Element <paramref name="index"/> of the array whose shared request is <paramref name="array"/>.</summary>
    public static JobRequest Element(JobRequest array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        string text = index.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(array.Environment, StringComparer.Ordinal) { [TaskIdVariable] = text };
        return array with
        {
            Id = $"{array.Id}_{text}",
            ArrayIndex = index,
            Environment = new ReadOnlyDictionary<string, string>(environment),
        };
    }

    /// <summary>
    /// The shared request of the array <paramref name="arrayId"/> that <paramref name="element"/> belongs to: the
    /// inverse of <see cref="Element"/> (<c>Element(Shared(e, id), e.ArrayIndex)</c> is <c>e</c> again).
    /// </summary>
    public static JobRequest Shared(JobRequest element, string arrayId)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.ArrayIndex is null) throw new ArgumentException($"job '{element.Id}' is not an array's element", nameof(element));
        var environment = element.Environment.Where(e => e.Key != TaskIdVariable).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return element with { Id = arrayId, ArrayIndex = null, Environment = new ReadOnlyDictionary<string, string>(environment) };
    }
}
