namespace Suanwang.Specs.Tests.Native.Sections;

public sealed class ResourcesSectionTests
{
    [Fact]
    public void An_accelerators_block_without_a_count_asks_for_one()
    {
        var job = Read.Native(Read.Spec("resources: { accelerators: { minMemoryGiB: 40 } }\n"));
        Assert.Equal(1, job.Resources.AcceleratorCount);
        Assert.Equal(40, job.Resources.MinAcceleratorMemoryGiB);
    }

    [Fact]
    public void Cpus_default_to_one_per_accelerator_and_memory_to_four_GiB_per_cpu()
    {
        var job = Read.Native(Read.Spec("resources: { accelerators: { count: 8 } }\n"));
        Assert.Equal(8, job.Resources.Cpus);
        Assert.Equal(32, job.Resources.MemoryGiB);
    }

    [Fact]
    public void Cpus_default_to_at_least_one_per_node()
    {
        Assert.Equal(4, Read.Native(Read.Spec("resources: { nodes: 4 }\n")).Resources.Cpus);
    }

    [Fact]
    public void An_accelerator_count_that_does_not_split_evenly_over_the_nodes_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { nodes: 3, accelerators: { count: 8 } }\n")),
            "resources.accelerators.count", "cannot be split evenly over 3 nodes");
    }

    [Fact]
    public void Fewer_cpus_than_nodes_are_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { nodes: 4, cpus: 2 }\n")), "resources.cpus", "every node needs at least one core");
    }

    [Fact]
    public void Models_without_accelerators_are_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { accelerators: { count: 0, models: [h800] } }\n")),
            "resources.accelerators.count", "is 0 but models or minMemoryGiB are given");
    }

    [Fact]
    public void An_unknown_model_is_refused_when_the_context_knows_the_catalog()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: { accelerators: { count: 1, models: [h800, tpu-v9] } }\n"), A.KnowingNetwork()),
            "resources.accelerators.models[1]", "unknown accelerator model 'tpu-v9'");
    }

    [Theory]
    [InlineData("count: 100001", "must be between 0 and 100000")]
    [InlineData("count: -5", "must be between 0 and 100000")]
    [InlineData("count: 2.5", "must be a whole number")]
    [InlineData("count: .nan", "must be a finite number")]
    [InlineData("count: .inf", "must be a finite number")]
    [InlineData("count: 1e400", "must be a finite number")]
    [InlineData("count: NaN", "must be a finite number")]
    [InlineData("count: \"8\"", "not quoted text")]
    [InlineData("count: eight", "must be a number")]
    [InlineData("count: [8]", "must be a number, not a list")]
    public void An_accelerator_count_must_be_a_sane_whole_number(string field, string message)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"resources: {{ accelerators: {{ {field} }} }}\n")), "resources.accelerators.count", message);
    }

    [Theory]
    [InlineData("memoryGiB: 0", "resources.memoryGiB", "must be greater than 0")]
    [InlineData("memoryGiB: -1", "resources.memoryGiB", "must be greater than 0")]
    [InlineData("nodes: 0", "resources.nodes", "must be between 1 and 100000")]
    [InlineData("cpus: 1e12", "resources.cpus", "must be between 1 and")]
    public void Sizes_must_be_in_range(string field, string location, string message)
    {
        Has.OneError(Read.NativeErrors(Read.Spec($"resources: {{ {field} }}\n")), location, message);
    }

    [Fact]
    public void Resources_that_are_not_a_mapping_are_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("resources: 8\n")), "resources", "must be a mapping of fields");
    }
}
