using System.Globalization;
using System.Text.RegularExpressions;
using Suanwang.Model.Jobs;

namespace Suanwang.Engines.Slurm;

/// <summary>
/// What a job carries for Slurm alone: the <c>slurm</c> part of its engine settings
/// (<see cref="JobRequest.EngineSettings"/>), keyed by <c>#SBATCH</c> long option names, as the spec reader fills it
/// from a script. The task layout (<c>ntasks</c>, <c>ntasks-per-node</c>, <c>cpus-per-task</c>, <c>mem-per-cpu</c>),
/// <c>constraint</c> and <c>exclusive</c> shape the submission; <c>account</c> and <c>qos</c> are used where the center
/// allows them for the tenant (<see cref="SlurmEngineOptions.AccountFor"/>); the partition is the chosen pool's.
/// Other keys are ignored, so a newer reader's settings do not stop a job.
/// </summary>
internal sealed partial record SlurmJobSettings(
    int? Ntasks, int? NtasksPerNode, int? CpusPerTask, long? MemoryPerCpuMB, string? Account, string? Qos, string? Constraint, bool Exclusive)
{
    /// <summary>The settings <paramref name="job"/> carries for Slurm.</summary>
    /// <exception cref="EngineRejectedException">A setting is malformed.</exception>
    public static SlurmJobSettings Of(JobRequest job)
    {
        var settings = job.SettingsFor(SlurmEngineFactory.EngineName);
        return new SlurmJobSettings(
            Positive(settings, "ntasks"), Positive(settings, "ntasks-per-node"), Positive(settings, "cpus-per-task"),
            Positive(settings, "mem-per-cpu"), Name(settings, "account"), Name(settings, "qos"), ConstraintOf(settings),
            settings.ContainsKey("exclusive"));
    }

    private static int? Positive(IReadOnlyDictionary<string, string> settings, string key)
    {
        if (!settings.TryGetValue(key, out string? text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0) return value;
        throw Malformed(key, text, "a positive whole number");
    }

    private static string? Name(IReadOnlyDictionary<string, string> settings, string key)
    {
        if (!settings.TryGetValue(key, out string? text)) return null;
        return SlurmEngineOptions.IsSlurmName(text) ? text : throw Malformed(key, text, "a Slurm name (letters, digits, '.', '_', '-')");
    }

    private static string? ConstraintOf(IReadOnlyDictionary<string, string> settings)
    {
        if (!settings.TryGetValue("constraint", out string? text)) return null;
        return ConstraintPattern().IsMatch(text) ? text : throw Malformed("constraint", text, "node features joined by '&', '|', ',' with '[…]', '(…)' and '*N' counts");
    }

    private static EngineRejectedException Malformed(string key, string? text, string what) =>
        new($"engine setting {SlurmEngineFactory.EngineName}.{key} must be {what}, not '{EngineText.Bounded(text ?? "")}'");

    // Slurm's feature expression characters only: nothing a shell or a REST body could read as more than data.
    [GeneratedRegex(@"^[A-Za-z0-9_.\-&|,\[\]()*]{1,1024}$")]
    private static partial Regex ConstraintPattern();
}
