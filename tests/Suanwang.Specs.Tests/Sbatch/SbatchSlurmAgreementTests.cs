using System.Globalization;
using Suanwang.Model.Errors;
using Suanwang.Model.Jobs;
using Suanwang.Specs.Sbatch.Values;
using Xunit.Abstractions;

namespace Suanwang.Specs.Tests.Sbatch;

/// <summary>
/// Scripts in the styles of public repositories (Corpus/slurm/*.sbatch), each beside what a real sbatch made of it
/// (NAME.slurm, recorded by record-slurm-values.sh from <c>sbatch --hold</c> and <c>scontrol show job</c>). Suanwang's
/// reading must agree with Slurm's, field by field: a script sbatch refuses, Suanwang refuses; a script sbatch accepts,
/// Suanwang reads to the same values, or refuses it for the reason the script declares in a trailing
/// <c># suanwang-refuses: LOCATION | message part</c> line (what belongs to the script's home cluster).
/// </summary>
public sealed class SbatchSlurmAgreementTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine("Corpus", "slurm");

    public static TheoryData<string> Scripts => new(Files());

    private static IEnumerable<string> Files() => TestFiles.In(Folder, "*.sbatch").Select(f => Path.GetFileName(f));

    [Fact]
    public void The_corpus_has_forty_or_more_scripts_each_with_its_recording()
    {
        Assert.True(Files().Count() >= 40, $"{Files().Count()} scripts");
        foreach (string file in Files())
            Assert.True(File.Exists(TestFiles.Path(Folder, Path.ChangeExtension(file, ".slurm"))), $"{file} has no recording; run record-slurm-values.sh");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Suanwang_reads_the_script_as_the_real_sbatch_did(string file)
    {
        var outcome = Compare(file);

        Assert.True(outcome.Problems.Count == 0, $"{file}:\n  " + string.Join("\n  ", outcome.Problems));
    }

    [Fact]
    public void Summary_of_the_corpus()
    {
        var outcomes = Files().Select(Compare).ToList();
        int slurmRefused = outcomes.Count(o => o.SlurmRefused);
        int ours = outcomes.Count(o => o.Refusal is not null && !o.SlurmRefused);
        int accepted = outcomes.Count(o => o.Refusal is null);
        output.WriteLine($"{outcomes.Count} scripts: {accepted} accepted, {ours} refused by Suanwang only (declared), {slurmRefused} refused by sbatch and Suanwang");
        foreach (var o in outcomes.Where(o => o.Refusal is not null)) output.WriteLine($"  refused {o.File}: {o.Refusal}");
        output.WriteLine($"fields compared: {outcomes.Sum(o => o.Compared)}; differing from Slurm: {outcomes.Sum(o => o.Problems.Count)}");
        Assert.All(outcomes, o => Assert.Empty(o.Problems));
    }

    private sealed record Outcome(string File, bool SlurmRefused, string? Refusal, int Compared, List<string> Problems);

    private static Outcome Compare(string file)
    {
        string text = File.ReadAllText(TestFiles.Path(Folder, file));
        Dictionary<string, string> slurm = Recorded(file);
        string? declared = text.Split('\n').FirstOrDefault(l => l.StartsWith("# suanwang-refuses:", StringComparison.Ordinal))?["# suanwang-refuses:".Length..].Trim();
        bool slurmRefused = slurm.ContainsKey("sbatch-error");
        var problems = new List<string>();

        IReadOnlyList<JobRequest> jobs;
        try
        {
            jobs = JobSpecReader.ReadSbatch(text, file, A.Context());
        }
        catch (SpecException e)
        {
            string errors = string.Join("; ", e.Errors);
            if (!slurmRefused && declared is null)
                problems.Add($"sbatch accepted it, Suanwang refused it: {errors}");
            if (declared is not null)
            {
                string[] parts = declared.Split(" | ", 2);
                if (!e.Errors.Any(err => err.Location == parts[0] && err.Message.Contains(parts[1], StringComparison.Ordinal)))
                    problems.Add($"refused, but not for the declared reason '{declared}': {errors}");
            }
            return new Outcome(file, slurmRefused, errors, 0, problems);
        }
        if (slurmRefused)
        {
            problems.Add($"sbatch refused it ({slurm["sbatch-error"]}), Suanwang accepted it");
            return new Outcome(file, true, null, 0, problems);
        }
        if (declared is not null) problems.Add($"declares a refusal ({declared}) but Suanwang accepted it");

        int compared = 0;
        void Check(string field, string ours, string theirs)
        {
            compared++;
            if (ours != theirs) problems.Add($"{field}: Suanwang {ours}, Slurm {theirs}");
        }

        JobRequest job = jobs[0];
        var settings = job.SettingsFor("slurm");
        string? Setting(string key) => settings.TryGetValue(key, out string? v) ? v : null;
        ResourceRequest resources = job.Resources;

        Check("JobName", job.Name, slurm["JobName"]);
        Check("TimeLimit", job.Work.TimeLimitHours is { } hours ? SlurmTime((long)Math.Round(hours * 60)) : "UNLIMITED", slurm["TimeLimit"]);
        Check("TimeMin", Setting("time-min") is { } min ? SlurmTime(long.Parse(min, CultureInfo.InvariantCulture)) : "N/A", slurm["TimeMin"]);

        // NumNodes is "MIN-MAX" when the script gives --nodes; with --ntasks and --ntasks-per-node slurmctld works the
        // minimum out itself; otherwise the request's node count is the TRES "node=" (NumNodes is then only an estimate).
        string numNodes = slurm["NumNodes"];
        string slurmNodes = numNodes.Contains('-') ? numNodes.Split('-')[0]
            : Setting("ntasks") is not null && Setting("ntasks-per-node") is not null ? numNodes
            : Tres(slurm["TRES"], "node");
        Check("NumNodes", Text(resources.Nodes), slurmNodes);

        // The task count the carried settings give at a Slurm center: sbatch's own rules, applied to them.
        string[] extra = Setting("extra-node-info")?.Split(':') ?? [];
        long? Part(string name, int at) => Long(Setting(name)) ?? (extra.Length > at && extra[at] != "*" ? Long(extra[at]) : null);
        long?[] shape = [Part("sockets-per-node", 0), Part("cores-per-socket", 1), Part("threads-per-core", 2)];
        bool exactNodes = (Setting("nodes") is { } n && n.Split('-').Distinct().Count() == 1) || extra.Length > 0;
        long? byShape = exactNodes && shape.Any(p => p is not null) ? shape.Aggregate(1L, (a, p) => a * (p ?? 1)) * resources.Nodes : null;
        long tasks = Long(Setting("ntasks")) ?? (Long(Setting("ntasks-per-node")) * resources.Nodes) ?? byShape
            ?? (Long(Setting("ntasks-per-gpu")) * resources.AcceleratorCount) ?? resources.Nodes;
        Check("NumTasks", Text(tasks), slurm["NumTasks"]);
        Check("CPUs/Task", Setting("cpus-per-task") ?? "1", slurm["CPUs/Task"]);
        Check("NtasksPerNode", Setting("ntasks-per-node") ?? "0", slurm["NtasksPerN:B:S:C"].Split(':')[0]);

        var (gpuRequest, slurmGpus) = SlurmGpus(slurm, resources.Nodes, tasks);
        Check("GPUs", Text(resources.AcceleratorCount), Text(slurmGpus));
        string? ourRequest = Setting("gres") is { } g ? g["gpu:".Length..] : Setting("gpus-per-node") ?? Setting("gpus") ?? Setting("gpus-per-task");
        Check("GPU request", ourRequest ?? "-", gpuRequest ?? "-");
        string slurmType = gpuRequest is { } r && r.Contains(':') ? r.Split(':')[0].ToLowerInvariant() : "-";
        Check("GPU type", resources.AcceleratorModels.Count == 0 ? "-" : string.Join(",", resources.AcceleratorModels), slurmType);

        // --cpus-per-gpu and --mincpus are applied when the job is allocated: the pending job's NumCPUs does not show
        // them yet; CpusPerTres (per GPU) and MinCPUsNode (per node) do.
        string? cpusPerGpu = Field(slurm, "CpusPerTres") is { } cpt ? cpt.Split(':')[^1] : null;
        Check("CpusPerGpu", Setting("cpus-per-gpu") ?? "-", cpusPerGpu ?? "-");
        long minCpusPerNode = long.Parse(slurm["MinCPUsNode"], CultureInfo.InvariantCulture);
        if (Setting("mincpus") is { } mincpus) Check("MinCPUsNode", mincpus, Text(minCpusPerNode));
        long slurmCpus = new[]
        {
            long.Parse(slurm["NumCPUs"], CultureInfo.InvariantCulture), (Long(cpusPerGpu) ?? 0) * slurmGpus, minCpusPerNode * resources.Nodes,
        }.Max();
        Check("NumCPUs", Text(resources.Cpus), Text(slurmCpus));

        // Memory only where the script gives it (otherwise each cluster applies its own default), and not for --mem=0,
        // which is all of each node's memory: a size only the cluster knows.
        if (Setting("mem") is { } mem)
        {
            Check("MinMemoryNode", mem, Text(MiB(slurm["MinMemoryNode"])));
            if (mem != "0") Check("TRES mem", Text((long)Math.Round(resources.MemoryGiB * 1024)), Text(MiB(Tres(slurm["TRES"], "mem"))));
        }
        if (Setting("mem-per-cpu") is { } perCpu)
        {
            // per allocated CPU, so (like the CPUs) more than the pending TRES shows where --mincpus or --cpus-per-gpu apply
            long slurmPerCpu = MiB(slurm["MinMemoryCPU"]);
            Check("MinMemoryCPU", perCpu, Text(slurmPerCpu));
            Check("memory", Text((long)Math.Round(resources.MemoryGiB * 1024)), Text(Math.Max(MiB(Tres(slurm["TRES"], "mem")), slurmPerCpu * slurmCpus)));
        }
        if (Setting("mem-per-gpu") is { } perGpu)
        {
            Check("MemPerTres", perGpu, slurm["MemPerTres"].Split(':')[^1]);
            Check("TRES mem", Text((long)Math.Round(resources.MemoryGiB * 1024)), Text(MiB(Tres(slurm["TRES"], "mem"))));
        }

        if (Setting("partition") is { } partition) Check("Partition", partition, slurm["Partition"]);
        Check("Account", Setting("account") ?? "(null)", slurm["Account"]);
        string features = Setting("constraint") is { } c && FeatureConstraint.TryParse(c, out FeatureConstraint? parsed, out _) ? parsed!.ToString() : "(null)";
        Check("Features", features, slurm["Features"]);
        Check("OverSubscribe", Setting("exclusive") switch { null => "OK", "" => "NO", { } mode => mode.ToUpperInvariant() }, slurm["OverSubscribe"]);
        Check("Requeue", job.Requeue ? "1" : "0", slurm["Requeue"]);
        if (Field(slurm, "ArrayTaskId") is { } array)
        {
            Assert.True(ArraySpec.TryParse(array, out IReadOnlyList<int> indices, out _), array);
            Check("ArrayTaskId", string.Join(",", jobs.Select(j => j.ArrayIndex)), string.Join(",", indices));
        }
        else
        {
            Check("ArrayTaskId", Text(jobs.Count), "1");
        }
        return new Outcome(file, false, null, compared, problems);
    }

    private static Dictionary<string, string> Recorded(string file)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(TestFiles.Path(Folder, Path.ChangeExtension(file, ".slurm"))))
        {
            if (line.StartsWith('#') || !line.Contains('=')) continue;
            int equals = line.IndexOf('=');
            fields[line[..equals]] = line[(equals + 1)..];
        }
        return fields;
    }

    private static string? Field(Dictionary<string, string> slurm, string name) => slurm.GetValueOrDefault(name);

    // "gres:gpu[:type]:count" from TresPerNode (× nodes), TresPerJob or TresPerTask (× tasks): the request as written
    // after "gres:gpu:", and the total.
    private static (string? Request, long Total) SlurmGpus(Dictionary<string, string> slurm, int nodes, long tasks)
    {
        foreach (var (field, multiplier) in new[] { ("TresPerNode", (long)nodes), ("TresPerJob", 1L), ("TresPerTask", tasks) })
        {
            if (Field(slurm, field) is not { } tres || !tres.StartsWith("gres:gpu", StringComparison.Ordinal)) continue;
            string request = tres["gres:gpu:".Length..];
            return (request, long.Parse(request.Split(':')[^1], CultureInfo.InvariantCulture) * multiplier);
        }
        return (null, 0);
    }

    private static string Tres(string tres, string name) =>
        tres.Split(',').Select(p => p.Split('=', 2)).First(p => p[0] == name)[1];

    // Slurm's sizes: 500M, 62.50G, 1T, 0 (MiB).
    private static long MiB(string size)
    {
        char unit = size[^1];
        double scale = unit switch { 'K' => 1.0 / 1024, 'M' => 1, 'G' => 1024, 'T' => 1024 * 1024, _ => double.NaN };
        string number = double.IsNaN(scale) ? size : size[..^1];
        return (long)Math.Round(double.Parse(number, CultureInfo.InvariantCulture) * (double.IsNaN(scale) ? 1 : scale));
    }

    private static string SlurmTime(long minutes)
    {
        long days = minutes / 1440, hours = minutes / 60 % 24, mins = minutes % 60;
        string clock = $"{hours:00}:{mins:00}:00";
        return days > 0 ? $"{days}-{clock}" : clock;
    }

    private static long? Long(string? text) => text is null ? null : long.Parse(text, CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
