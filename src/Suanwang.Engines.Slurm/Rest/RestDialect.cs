using System.Text.Json;
using System.Text.Json.Nodes;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// One version of slurmrestd's API (<c>/slurm/v0.0.NN/</c>): how a submission is written and how jobs and nodes are
/// read. The versions differ in shape (plain numbers against <c>{set, infinite, number}</c> objects, a state string
/// against a list of flags), not in meaning, so each maps onto the same <see cref="SlurmJob"/> and <see cref="SlurmNode"/>.
/// </summary>
internal abstract class RestDialect
{
    /// <summary>The API version in the path, e.g. <c>v0.0.38</c>.</summary>
    public abstract string Version { get; }

    /// <summary>The body of <c>POST job/submit</c>.</summary>
    public abstract JsonObject SubmitBody(SlurmSubmission submission);

    /// <summary>One element of a <c>jobs</c> array.</summary>
    public abstract SlurmJob ReadJob(JsonElement job);

    /// <summary>One element of a <c>nodes</c> array.</summary>
    public abstract SlurmNode ReadNode(JsonElement node);

    /// <summary>The dialect for <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">No dialect speaks that version.</exception>
    public static RestDialect For(string version) => version switch
    {
        RestV0038.Name => RestV0038.Instance,
        _ => throw new ArgumentException($"slurmrestd API version '{version}' is not one Suanwang speaks ({string.Join(", ", Known)})"),
    };

    /// <summary>The versions Suanwang speaks, newest first.</summary>
    public static IReadOnlyList<string> Known { get; } = [RestV0038.Name];
}
