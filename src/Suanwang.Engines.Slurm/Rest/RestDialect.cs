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

    /// <summary>
    /// What Slurm said beside a job id it returned (an id with errors: queued, but it says the job cannot run as asked),
    /// besides the answer's <c>errors</c> list.
    /// </summary>
    public virtual IEnumerable<SlurmError> SubmitRemarks(JsonElement answer) => [];

    /// <summary>The per-job outcomes of a <c>DELETE job/{id}</c> answer, besides its <c>errors</c> list.</summary>
    public virtual IEnumerable<SlurmError> CancelRemarks(JsonElement answer) => [];

    /// <summary>The dialect for <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">No dialect speaks that version.</exception>
    public static RestDialect For(string version) =>
        TryFor(version) ?? throw new ArgumentException($"slurmrestd API version '{version}' is not one Suanwang speaks ({string.Join(", ", Known)})");

    /// <summary>The dialect for <paramref name="version"/>, or null when none speaks it.</summary>
    public static RestDialect? TryFor(string version) => All.FirstOrDefault(d => d.Version == version);

    /// <summary>Every dialect, newest first.</summary>
    private static readonly RestDialect[] All = [RestV0042.Instance, RestV0041.Instance, RestV0040.Instance, RestV0038.Instance];

    /// <summary>The versions Suanwang speaks, newest first.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. All.Select(d => d.Version)];
}
