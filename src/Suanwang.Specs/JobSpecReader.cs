using System.Text;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;
using Suanwang.Specs.Common;
using Suanwang.Specs.Native;
using Suanwang.Specs.Sbatch;

namespace Suanwang.Specs;

/// <summary>
/// Reads what a user submits — a native spec (YAML or JSON) or an unchanged Slurm batch script — into
/// <see cref="JobRequest"/>s. Pure: no clock, no I/O, no randomness; the same text and context always
/// give the same jobs.
/// </summary>
/// <remarks>
/// Every method either returns valid jobs or throws <see cref="SpecException"/> listing every error found,
/// in the order of their place in the text (line, then column), each with a location (a field path such as <c>resources.accelerators.count</c>, a script line such as
/// <c>line 4 (#SBATCH --gres=gpu:x)</c>, or a YAML position) and a reason the user can act on. Bad input
/// never causes any other exception. A bad <see cref="JobSpecContext"/> (empty job id) is the caller's
/// bug and throws <see cref="ArgumentException"/>.
/// </remarks>
public static class JobSpecReader
{
    /// <summary>
    /// Guesses the format: a text whose first line starts with <c>#!</c>, or that has a line starting with
    /// <c>#SBATCH</c>, is a batch script; anything else is a native spec.
    /// </summary>
    public static JobSpecFormat DetectFormat(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.TrimStart('\uFEFF');
        if (body.StartsWith("#!", StringComparison.Ordinal)) return JobSpecFormat.Sbatch;
        if (body.StartsWith(ScriptScanner.SbatchPrefix, StringComparison.Ordinal)
            || body.Contains("\n" + ScriptScanner.SbatchPrefix, StringComparison.Ordinal))
            return JobSpecFormat.Sbatch;
        return JobSpecFormat.Native;
    }

    /// <summary>Reads a spec of either format (see <see cref="DetectFormat"/>).</summary>
    /// <param name="text">The spec or script.</param>
    /// <param name="sourceName">Where it came from (a file name, "stdin", "request body"), used in errors and as a script's default job name.</param>
    /// <param name="context">Job id, time and defaults.</param>
    /// <returns>One job, or one per index of a job array.</returns>
    /// <exception cref="SpecException">The text is invalid; <see cref="SpecException.Errors"/> lists every problem.</exception>
    public static IReadOnlyList<JobRequest> Read(string text, string sourceName, JobSpecContext context) =>
        DetectFormat(text) == JobSpecFormat.Sbatch
            ? ReadSbatch(text, sourceName, context)
            : [ReadNative(text, sourceName, context)];

    /// <summary>Reads a native spec in YAML or JSON (see <c>schemas/job-spec.schema.json</c>).</summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="SpecException">The spec is invalid; <see cref="SpecException.Errors"/> lists every problem.</exception>
    public static JobRequest ReadNative(string text, string sourceName, JobSpecContext context)
    {
        var errors = Begin(text, sourceName, context);
        YamlValue? root = YamlTreeLoader.Load(text.TrimStart('\uFEFF'), errors);
        if (root is not null) errors.PositionOf = path => YamlPaths.PositionOf(root, path);
        JobRequest? job = root is null ? null : NativeSpecBinder.Bind(root, context, errors);
        errors.ThrowIfAny(sourceName);
        return job!;
    }

    /// <summary>
    /// Reads an unchanged Slurm batch script: its <c>#SBATCH</c> directives (as sbatch would, up to the first
    /// command) and Suanwang's <c>#SUANWANG key=value</c> extensions.
    /// </summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <returns>One job, or one per index of <c>--array</c>, with ids <c>{JobId}_{index}</c>.</returns>
    /// <exception cref="SpecException">The script is invalid; <see cref="SpecException.Errors"/> lists every problem.</exception>
    public static IReadOnlyList<JobRequest> ReadSbatch(string text, string sourceName, JobSpecContext context)
    {
        var errors = Begin(text, sourceName, context);
        ScriptHeader? header = ScriptScanner.Scan(text.TrimStart('\uFEFF'), errors);
        if (header is not null) errors.PositionOf = header.PositionOf;
        IReadOnlyList<JobRequest>? jobs = header is null ? null : SbatchMapper.Map(text, sourceName, header, context, errors);
        errors.ThrowIfAny(sourceName);
        return jobs!;
    }

    private static ErrorSink Begin(string text, string sourceName, JobSpecContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(context);
        context.EnsureUsable();
        var errors = new ErrorSink();
        // Checked before any parsing so a huge text costs no more than counting its bytes.
        if (text.Length > SpecLimits.MaxTextBytes || Encoding.UTF8.GetByteCount(text) > SpecLimits.MaxTextBytes)
        {
            errors.Add("document", $"is larger than {SpecLimits.MaxTextBytes / 1024} KiB; a job spec needs far less (put data in inputs, not in the spec)");
            errors.ThrowIfAny(sourceName);
        }
        if (text.Trim().Length == 0)
        {
            errors.Add("document", "is empty");
            errors.ThrowIfAny(sourceName);
        }
        return errors;
    }
}
