using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Native;

public sealed class NativeSpecBinderTests
{
    [Fact]
    public void The_design_brief_example_maps_every_field()
    {
        var job = Read.Native(File.ReadAllText(TestFiles.Path("Examples", "finetune-7b.yaml")), A.KnowingNetwork() with
        {
            IsKnownRegion = id => id == "yangtze-delta",
        });

        Assert.Equal("job-1", job.Id);
        Assert.Equal("finetune-7b", job.Name);
        Assert.Equal(JobKind.Batch, job.Kind);
        Assert.Equal(["python3", "train.py", "--epochs", "3"], job.Command);
        Assert.Equal("/data/hf", job.Environment["HF_HOME"]);
        Assert.Equal("8", job.Environment["OMP_NUM_THREADS"]);
        Assert.Equal(new ResourceRequest(8, ["a100-80g", "h800"], 80, 64, 512, 1) with { AcceleratorModels = job.Resources.AcceleratorModels }, job.Resources);
        Assert.Equal(["a100-80g", "h800"], job.Resources.AcceleratorModels);
        Assert.Equal(new WorkEstimate(12, 24), job.Work);
        Assert.Equal([new DataInput("corpus-zh", 2000, "yangtze-delta")], job.Inputs);
        Assert.Equal(new DataOutput(30, "yangtze-delta"), job.Output);
        Assert.Equal("cn", job.Constraints.Residency);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), job.Constraints.Deadline);
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.FromHours(8)), job.Constraints.NotBefore);
        Assert.Equal(3000, job.Constraints.MaxPriceYuan);
        Assert.Equal(["qingyang", "zhongwei", "guian"], job.Constraints.AllowedCenters);
        Assert.Equal(["qingyang"], job.Constraints.PreferredCenters);
        Assert.Null(job.Constraints.MaxLatencyMs);
        Assert.Equal(new JobPreferences(0.5, 24), job.Preferences);
        Assert.Equal("lab-x", job.Tenant);
        Assert.Equal("research", job.Tier);
        Assert.Equal(["prepare-corpus"], job.DependsOn);
        Assert.Null(job.ArrayIndex);
        Assert.Null(job.EngineSettings);
        Assert.Null(job.Script);
    }

    [Fact]
    public void A_minimal_spec_gets_the_documented_defaults()
    {
        var job = Read.Native("command: [echo, hi]\nwork: { referenceHours: 2 }\n");

        Assert.Equal("job-1", job.Name);
        Assert.Equal(JobKind.Batch, job.Kind);
        Assert.Empty(job.Environment);
        Assert.Equal(0, job.Resources.AcceleratorCount);
        Assert.Empty(job.Resources.AcceleratorModels);
        Assert.Equal(1, job.Resources.Cpus);
        Assert.Equal(SpecDefaults.MemoryGiBPerCpu, job.Resources.MemoryGiB);
        Assert.Equal(1, job.Resources.Nodes);
        Assert.Equal(new WorkEstimate(2, null), job.Work);
        Assert.Empty(job.Inputs);
        Assert.Null(job.Output);
        Assert.Equal(JobConstraints.None with { AllowedCenters = job.Constraints.AllowedCenters, PreferredCenters = job.Constraints.PreferredCenters }, job.Constraints);
        Assert.Equal(JobPreferences.None, job.Preferences);
        Assert.Equal("tenant-default", job.Tenant);
        Assert.Equal("sme", job.Tier);
        Assert.Empty(job.DependsOn);
    }

    [Fact]
    public void A_json_spec_reads_like_the_same_yaml()
    {
        var fromJson = Read.Native("""{"name":"x","command":["a","b"],"work":{"referenceHours":1},"resources":{"cpus":4}}""");
        var fromYaml = Read.Native("name: x\ncommand: [a, b]\nwork: { referenceHours: 1 }\nresources: { cpus: 4 }\n");

        Assert.Equal(fromYaml.Command, fromJson.Command);
        Assert.Equal(fromYaml.Resources, fromJson.Resources);
        Assert.Equal(fromYaml.Work, fromJson.Work);
    }

    [Fact]
    public void Pretty_printed_json_with_tabs_reads()
    {
        var job = Read.Native("{\n\t\"command\": [\"a\"],\n\t\"work\": {\n\t\t\"referenceHours\": 1\n\t}\n}\n");
        Assert.Equal(["a"], job.Command);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = Read.NativeErrors("kind: batsh\ncommand: run.sh\nresources: { cpus: 0 }\npreferences: { carbonWeight: 2 }\n");

        Has.Error(errors, "kind", "did you mean 'batch'?");
        Has.Error(errors, "command", "must be a list of arguments");
        Has.Error(errors, "resources.cpus", "must be between 1 and");
        Has.Error(errors, "preferences.carbonWeight", "must be between 0 and 1");
        Has.Error(errors, "work.referenceHours", "is required for a batch job");
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void An_unknown_field_is_named_with_a_suggestion_and_the_known_fields()
    {
        var error = Has.OneError(Read.NativeErrors(Read.Spec("resource: { cpus: 2 }\n")), "resource", "unknown field 'resource' (did you mean 'resources'?)");
        Assert.Contains("known fields here: $schema, name, kind, command", error.Message);
    }

    [Fact]
    public void An_unknown_nested_field_is_named_by_its_path()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { memory_gib: 2 }\n")), "resources.memory_gib", "did you mean 'memoryGiB'?");
    }

    [Fact]
    public void A_spec_that_is_a_list_is_refused()
    {
        Has.OneError(Read.NativeErrors("- command: [a]\n"), "document", "must be a mapping of fields");
    }

    [Fact]
    public void The_name_defaults_to_the_job_id()
    {
        Assert.Equal("job-77", Read.Native(Read.Spec(), A.Context("job-77")).Name);
    }

    [Theory]
    [InlineData("\"two\\nlines\"")]
    [InlineData("\"tab\\there\"")]
    [InlineData("\"  \"")]
    public void A_name_with_control_characters_or_blank_is_refused(string name)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"name: {name}\n")), "name", "without line breaks");
    }

    [Fact]
    public void A_name_with_shell_characters_is_kept_as_data()
    {
        Assert.Equal("a; rm -rf / $(id)", Read.Native(Read.Spec("name: 'a; rm -rf / $(id)'\n")).Name);
    }

    [Fact]
    public void A_service_is_read()
    {
        var job = Read.Native(File.ReadAllText(TestFiles.Path("Examples", "chat-service.yaml")));
        Assert.Equal(JobKind.Service, job.Kind);
        Assert.Equal(20, job.Constraints.MaxLatencyMs);
        Assert.Equal("greater-bay-area", job.Constraints.UsersRegionId);
        Assert.Equal(SpecDefaults.ServiceReferenceHours, job.Work.ReferenceHours);
    }

    [Fact]
    public void A_command_given_as_one_string_is_refused_with_a_list_example()
    {
        Has.OneError(Read.NativeErrors("command: python3 train.py\nwork: { referenceHours: 1 }\n"), "command", "e.g. command: [\"python3\", \"train.py\"]");
    }

    [Fact]
    public void A_missing_command_is_required()
    {
        Has.OneError(Read.NativeErrors("work: { referenceHours: 1 }\n"), "command", "is required");
    }

    [Fact]
    public void An_empty_command_is_refused()
    {
        Has.OneError(Read.NativeErrors("command: []\nwork: { referenceHours: 1 }\n"), "command", "is empty");
    }

    [Fact]
    public void A_command_argument_that_is_not_text_is_named_by_index()
    {
        Has.OneError(Read.NativeErrors("command: [a, {b: c}]\nwork: { referenceHours: 1 }\n"), "command[1]", "must be text, not a mapping");
    }

    [Fact]
    public void A_command_of_more_than_4096_arguments_is_refused()
    {
        string args = string.Join(", ", Enumerable.Repeat("x", SpecLimits.MaxCommandArgs + 1));
        Has.OneError(Read.NativeErrors($"command: [{args}]\nwork: {{ referenceHours: 1 }}\n"), "command", "at most 4096");
    }

    [Fact]
    public void Command_arguments_keep_shell_characters_as_data()
    {
        var job = Read.Native("command: [sh, -c, 'echo $HOME; ls | wc -l']\nwork: { referenceHours: 1 }\n");
        Assert.Equal("echo $HOME; ls | wc -l", job.Command[2]);
    }

    [Fact]
    public void Environment_values_are_text_even_when_written_as_numbers_or_booleans()
    {
        var job = Read.Native(Read.Spec("env: { PORT: 8080, DEBUG: true, EMPTY: }\n"));
        Assert.Equal("8080", job.Environment["PORT"]);
        Assert.Equal("true", job.Environment["DEBUG"]);
        Assert.Equal("", job.Environment["EMPTY"]);
    }

    [Fact]
    public void An_environment_name_that_a_shell_could_not_hold_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("env: { 1BAD: x }\n")), "env.1BAD", "not a valid variable name");
    }

    [Fact]
    public void A_nested_environment_value_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("env: { A: [1, 2] }\n")), "env.A", "must be text, not a list");
    }

    [Fact]
    public void Tenant_and_tier_come_from_the_spec_or_else_from_the_context()
    {
        var given = Read.Native(Read.Spec("tenant: lab-y\ntier: education\n"));
        Assert.Equal(("lab-y", "education"), (given.Tenant, given.Tier));
        var defaulted = Read.Native(Read.Spec());
        Assert.Equal(("tenant-default", "sme"), (defaulted.Tenant, defaulted.Tier));
    }

    [Fact]
    public void An_unknown_tier_is_refused_when_the_context_knows_the_tiers()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("tier: platinum\n"), A.KnowingNetwork()), "tier", "unknown tier 'platinum'");
    }

    [Fact]
    public void A_tenant_that_is_not_an_id_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("tenant: 'lab x/../y'\n")), "tenant", "is not a valid id");
    }

    [Fact]
    public void A_job_cannot_depend_on_itself_or_name_a_dependency_twice()
    {
        var errors = Read.NativeErrors(Read.Spec("dependsOn: [a, job-1, a]\n"));
        Has.Error(errors, "dependsOn[1]", "cannot depend on itself");
        Has.Error(errors, "dependsOn[2]", "listed twice");
    }

    [Fact]
    public void A_job_is_requeued_after_a_loss_unless_it_says_requeue_false()
    {
        Assert.True(Read.Native(Read.Spec()).Requeue);
        Assert.False(Read.Native(Read.Spec("requeue: false\n")).Requeue);
        Assert.True(Read.Native(Read.Spec("requeue: true\n")).Requeue);
    }

    [Fact]
    public void Requeue_must_be_a_plain_true_or_false()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("requeue: no\n")), "requeue", "must be true or false");
        Has.OneError(Read.NativeErrors(Read.Spec("requeue: 'false'\n")), "requeue", "must be true or false");
    }

    [Fact]
    public void A_schema_hint_is_accepted_and_ignored()
    {
        Assert.Equal(["./run"], Read.Native(Read.Spec("$schema: ../schemas/job-spec.schema.json\n")).Command);
    }
}
