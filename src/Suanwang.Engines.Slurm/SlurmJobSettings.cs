using System.Globalization;
using Suanwang.Model.Jobs;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// What a job carries for Slurm alone: the <c>slurm</c> part of its engine settings
/// (<see cref="JobRequest.EngineSettings"/>), keyed by <c>#SBATCH</c> long option names, as the spec reader fills it
/// from a script. Only <c>ntasks</c> and <c>cpus-per-task</c> shape the submission; <c>partition</c> and <c>account</c>
/// are carried but the center's own mapping decides them (<c>partition.&lt;pool&gt;</c>, <c>account.&lt;tenant&gt;</c>).
/// Other keys are ignored, so a newer reader's settings do not stop a job.
/// </summary>
/// <param name="Ntasks">Tasks, if given.</param>
/// <param name="CpusPerTask">CPU cores per task, if given.</param>
internal sealed record SlurmJobSettings(int? Ntasks, int? CpusPerTask)
{
    /// <summary>The settings <paramref name="job"/> carries for Slurm.</summary>
    /// <exception cref="EngineRejectedException">A setting is not a positive whole number.</exception>
    public static SlurmJobSettings Of(JobRequest job)
    {
        var settings = job.SettingsFor(SlurmEngineFactory.EngineName);
        return new SlurmJobSettings(Positive(settings, "ntasks"), Positive(settings, "cpus-per-task"));
    }

    private static int? Positive(IReadOnlyDictionary<string, string> settings, string key)
    {
        if (!settings.TryGetValue(key, out string? text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0) return value;
        throw new EngineRejectedException($"engine setting {SlurmEngineFactory.EngineName}.{key} must be a positive whole number, not '{EngineText.Bounded(text ?? "")}'");
    }
}
