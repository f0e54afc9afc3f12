using Suanwang.Model.Jobs;

namespace Suanwang.Specs.Tests.Native.Sections;

public sealed class DataSectionTests
{
    [Fact]
    public void Inputs_and_outputs_are_read_with_sizes_in_GiB()
    {
        var job = Read.Native(Read.Spec("inputs: [ { dataset: a/b-1, sizeGiB: 10.5, at: gansu }, { dataset: c, sizeGiB: 0, at: gansu } ]\noutputs: { sizeGiB: 1, to: gansu }\n"));
        Assert.Equal([new DataInput("a/b-1", 10.5, "gansu"), new DataInput("c", 0, "gansu")], job.Inputs);
        Assert.Equal(new DataOutput(1, "gansu"), job.Output);
        Assert.Equal(10.5, job.InputGiB);
    }

    [Fact]
    public void Each_missing_input_field_is_reported_by_its_path()
    {
        var errors = Read.NativeErrors(Read.Spec("inputs: [ { dataset: a }, { sizeGiB: 1, at: x } ]\n"));
        Has.Error(errors, "inputs[0].sizeGiB", "is required");
        Has.Error(errors, "inputs[0].at", "is required");
        Has.Error(errors, "inputs[1].dataset", "is required");
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void An_unknown_input_field_is_named_by_its_path()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("inputs: [ { dataset: a, sizeGiB: 1, at: x, size: 2 } ]\n")), "inputs[0].size", "unknown field 'size'");
    }

    [Fact]
    public void A_data_set_name_that_climbs_out_of_its_catalog_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("inputs: [ { dataset: a/../../etc, sizeGiB: 1, at: x } ]\n")), "inputs[0].dataset", "not a valid data-set name");
    }

    [Fact]
    public void An_unknown_region_is_refused_when_the_context_knows_the_regions()
    {
        var errors = Read.NativeErrors(Read.Spec("inputs: [ { dataset: a, sizeGiB: 1, at: atlantis } ]\noutputs: { sizeGiB: 1, to: lemuria }\n"), A.KnowingNetwork());
        Has.Error(errors, "inputs[0].at", "unknown region 'atlantis'");
        Has.Error(errors, "outputs.to", "unknown region 'lemuria'");
    }

    [Fact]
    public void Outputs_need_a_size_and_a_destination()
    {
        var errors = Read.NativeErrors(Read.Spec("outputs: {}\n"));
        Has.Error(errors, "outputs.sizeGiB", "is required");
        Has.Error(errors, "outputs.to", "is required");
    }

    [Fact]
    public void Inputs_that_are_not_a_list_are_refused_with_an_example()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("inputs: { dataset: a, sizeGiB: 1, at: x }\n")), "inputs", "must be a list, e.g. inputs: [ { dataset:");
    }

    [Fact]
    public void A_negative_size_is_refused()
    {
        Has.OneError(Read.NativeErrors(Read.Spec("outputs: { sizeGiB: -1, to: x }\n")), "outputs.sizeGiB", "must be between 0 and");
    }

    [Fact]
    public void More_than_a_thousand_inputs_are_refused()
    {
        string inputs = string.Join(", ", Enumerable.Repeat("{ dataset: a, sizeGiB: 1, at: x }", SpecLimits.MaxListItems + 1));
        Has.OneError(Read.NativeErrors(Read.Spec($"inputs: [ {inputs} ]\n")), "inputs", "at most 1000");
    }
}
