using System.Globalization;
using Suanwang.Engines;
using Suanwang.Model.Jobs;

namespace Suanwang.Testing.Engines;

/// <summary>
/// A fluent dispatch request for engine tests (local processes, Slurm):
/// <c>Runs.Of("echo", "hi").OnPool("a100").NeedsGpus(2).Build()</c>. One CPU, 1 GiB, attempt 1, pool <c>cpu</c>
/// and tenant <c>tenant-a</c> unless told otherwise.
/// </summary>
public sealed class RunBuilder(string jobId, IReadOnlyList<string> command)
{
    private JobRequest _job = A.Job(jobId).NeedsCpusOnly(1).WithMemoryGiB(1).Build() with { Command = command };
    private int _attempt = 1;
    private string _pool = "cpu";
    private string _tenant = "tenant-a";

    public string Token => DispatchTokens.For(jobId, _attempt);

    public RunBuilder OnPool(string pool) { _pool = pool; return this; }
    public RunBuilder ForTenant(string tenant) { _tenant = tenant; return this; }
    public RunBuilder Attempt(int attempt) { _attempt = attempt; return this; }
    public RunBuilder NeedsGpus(int count) => With(_job with { Resources = _job.Resources with { AcceleratorCount = count } });
    public RunBuilder WithCpus(int cpus) => With(_job with { Resources = _job.Resources with { Cpus = cpus } });
    public RunBuilder WithMemoryGiB(double gib) => With(_job with { Resources = _job.Resources with { MemoryGiB = gib } });
    public RunBuilder WithTimeLimit(TimeSpan limit) => With(_job with { Work = _job.Work with { TimeLimitHours = limit.TotalHours } });
    public RunBuilder WithEnv(string name, string value) =>
        With(_job with { Environment = new Dictionary<string, string>(_job.Environment) { [name] = value } });
    public RunBuilder WithScript(string script) => With(_job with { Script = script });
    /// <summary>An engine setting the job carries (as a script's <c>#SBATCH</c> lines give the <c>slurm</c> engine).</summary>
    public RunBuilder WithEngineSetting(string engine, string key, string value)
    {
        var settings = _job.EngineSettings?.ToDictionary(e => e.Key, e => e.Value) ?? [];
        var forEngine = new Dictionary<string, string>(settings.GetValueOrDefault(engine) ?? new Dictionary<string, string>()) { [key] = value };
        settings[engine] = forEngine;
        return With(_job with { EngineSettings = settings });
    }

    public DispatchRequest Build() => new(jobId, _attempt, Token, _pool, _tenant, _job);
    public static implicit operator DispatchRequest(RunBuilder builder) => builder.Build();

    private RunBuilder With(JobRequest job) { _job = job; return this; }
}

/// <summary>Runs for fresh job ids.</summary>
public static class Runs
{
    private static int s_next;

    /// <summary>A run of <paramref name="command"/> (argv) for a fresh job id.</summary>
    public static RunBuilder Of(params string[] command) =>
        new($"job{Interlocked.Increment(ref s_next).ToString(CultureInfo.InvariantCulture)}", command);

    /// <summary>A run of <c>sh -c <paramref name="script"/></c>.</summary>
    public static RunBuilder Shell(string script) => Of("sh", "-c", script);
}
