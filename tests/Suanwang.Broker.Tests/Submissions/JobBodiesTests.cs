using System.Text.Json;
using Suanwang.Broker.Submissions;
using Suanwang.Specs;

namespace Suanwang.Broker.Tests.Submissions;

/// <summary>A submission is stored as one body; every job's request made from it is the one the spec reader made.</summary>
public sealed class JobBodiesTests
{
    private static readonly JobSpecContext Context = new("j-01abc", DateTimeOffset.Parse("2026-03-01T08:00:00Z"), "acme", "sme");

    private static string Json(object value) => JsonSerializer.Serialize(value, JobViews.StoreJson);

    [Theory]
    [InlineData("#!/bin/bash\n#SBATCH --array=0-4:2,9\n#SBATCH --dependency=afterok:j-00first\n#SBATCH --cpus-per-task=2\necho $SLURM_ARRAY_TASK_ID\n")]
    [InlineData("#!/bin/sh\n#SBATCH --job-name=one\ntrue\n")]
    [InlineData("name: native\ncommand: [\"true\"]\nenv: { A: \"1\" }\nresources: { cpus: 1, memoryGiB: 1 }\nwork: { referenceHours: 1 }\n")]
    public void Each_jobs_request_made_from_the_stored_body_is_the_one_read_from_the_text(string text)
    {
        var requests = JobSpecReader.Read(text, "job.sh", Context);
        var rows = SubmissionRows.For(Context.JobId, text, "job.sh", requests, 1_000);
        var body = Assert.Single(rows.Select(r => r.Body).Distinct());
        Assert.Equal(("j-01abc", text), (body!.Id, body.SpecText));
        // Stored once: the script is not in the stored request, and the request names no element.
        Assert.DoesNotContain("\"SLURM_ARRAY_TASK_ID\"", body.RequestJson);
        Assert.True(body.RequestJson.Length < text.Length + 2_000);

        var full = JobBodies.Shared(body.RequestJson, body.SpecText);
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal((requests[i].Id, requests[i].ArrayIndex), (rows[i].Id, rows[i].ArrayIndex));
            Assert.Equal(Json(requests[i]), Json(JobBodies.RequestOf(full, rows[i].ArrayIndex)));
        }
        Assert.Equal(requests[0].DependsOn.FirstOrDefault(), rows[0].WaitsFor);
    }

    [Fact]
    public void Without_the_spec_text_the_request_has_everything_but_the_batch_script()
    {
        const string script = "#!/bin/sh\n#SBATCH --array=1-2\nsleep 1\n";
        var requests = JobSpecReader.Read(script, "s.sh", Context);
        var body = SubmissionRows.For(Context.JobId, script, "s.sh", requests, 1_000)[0].Body!;
        var light = JobBodies.RequestOf(JobBodies.Shared(body.RequestJson), 2);
        Assert.Equal("", light.Script);
        Assert.Equal(Json(requests[1] with { Script = "" }), Json(light));
    }

    // A body as the previous version stored it (written by it for this script): the batch script under "slurm", stored
    // empty since the body's spec text holds it, beside the options only Slurm acts on.
    private const string PreviousScript = "#!/bin/sh\n#SBATCH -p gpu -A proj -n 4 -c 2\n#SBATCH --time=00:10:00\necho \"hello from $SLURM_NTASKS tasks\"\n";
    private const string PreviousBody = """
        {"id":"j-01abc","name":"job.sh","kind":0,"command":["/bin/sh"],"environment":{},"resources":{"acceleratorCount":0,"acceleratorModels":[],"minAcceleratorMemoryGiB":0,"cpus":8,"memoryGiB":32,"nodes":1,"isCpuOnly":true},"work":{"referenceHours":0.16666666666666666,"timeLimitHours":0.16666666666666666},"inputs":[],"output":null,"constraints":{"residency":null,"deadline":null,"maxPriceYuan":null,"allowedCenters":[],"preferredCenters":[],"maxLatencyMs":null,"usersRegionId":null,"notBefore":null},"preferences":{"carbonWeight":0,"flexibleStartHours":0},"tenant":"acme","tier":"sme","dependsOn":[],"arrayIndex":null,"slurm":{"partition":"gpu","account":"proj","ntasks":4,"cpusPerTask":2,"script":""},"inputGiB":0,"requeue":true}
        """;

    [Fact]
    public void A_body_stored_by_the_previous_version_reads_as_the_same_script_submitted_now()
    {
        var stored = JobBodies.Shared(PreviousBody, PreviousScript);
        var now = Assert.Single(JobSpecReader.Read(PreviousScript, "job.sh", Context));

        Assert.Equal(PreviousScript, stored.Script);
        Assert.Equal(new Dictionary<string, string> { ["partition"] = "gpu", ["account"] = "proj", ["ntasks"] = "4", ["cpus-per-task"] = "2" },
            stored.SettingsFor("slurm"));
        Assert.Equal(Json(now), Json(stored));
        Assert.Equal("", JobBodies.Shared(PreviousBody).Script); // without the spec text, as placement reads it
    }
}
