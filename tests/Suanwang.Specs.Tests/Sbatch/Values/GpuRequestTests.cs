using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class GpuRequestTests
{
    [Theory]
    [InlineData("gpu", null, 1)]
    [InlineData("gpu:4", null, 4)]
    [InlineData("gpu:a100", "a100", 1)]
    [InlineData("gpu:A100:8", "a100", 8)]
    [InlineData("gpu:a100-80g:2", "a100-80g", 2)]
    public void Gres_gives_a_type_and_count_per_node(string text, string? type, int count)
    {
        Assert.True(GpuRequest.TryParseGres(text, out GpuRequest? gpus, out _));
        Assert.Equal((type, count), (gpus!.Type, gpus.Count));
    }

    [Fact]
    public void Gres_none_asks_for_nothing()
    {
        Assert.True(GpuRequest.TryParseGres("none", out GpuRequest? gpus, out _));
        Assert.Null(gpus);
    }

    // sbatch accepts a zero count (TresPerNode=gres:gpu:0) and allocates no GPU.
    [Theory]
    [InlineData("gpu:0")]
    [InlineData("gpu:a100:0")]
    public void A_zero_gres_count_asks_for_nothing_as_in_sbatch(string text)
    {
        Assert.True(GpuRequest.TryParseGres(text, out GpuRequest? gpus, out string error), error);
        Assert.Null(gpus);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("a100:0")]
    public void A_zero_gpus_count_asks_for_nothing_as_in_sbatch(string text)
    {
        Assert.True(GpuRequest.TryParseTyped(text, out GpuRequest? gpus, out string error), error);
        Assert.Null(gpus);
    }

    [Theory]
    [InlineData("gpu:a100:x", "is not a GPU count")]
    [InlineData("gpu:a:b:c", "too many parts")]
    [InlineData("nvme:1", "only gpu GRES can be honoured")]
    [InlineData("gpu:2,mps:100", "only gpu GRES")]
    [InlineData("gpu:1,gpu:2", "gpu is listed twice")]
    [InlineData("gpu:a$b:1", "is not a valid accelerator model id")]
    [InlineData(":1", "is not a GRES list")]
    public void Malformed_gres_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(GpuRequest.TryParseGres(text, out _, out string error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("4", null, 4)]
    [InlineData("h800:8", "h800", 8)]
    public void Gpus_give_an_optional_type_and_a_count(string text, string? type, int count)
    {
        Assert.True(GpuRequest.TryParseTyped(text, out GpuRequest? gpus, out _));
        Assert.Equal((type, count), (gpus!.Type, gpus.Count));
    }

    [Theory]
    [InlineData("a100", "needs a count")]
    [InlineData("a100:2,v100:2", "several GPU types")]
    public void Malformed_gpus_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(GpuRequest.TryParseTyped(text, out _, out string error));
        Assert.Contains(reason, error);
    }

    // Whatever the form, a bad count is reported as a count, never as a bad type or a missing count.
    [Theory]
    [InlineData("gpu:-4", "'-4' is not a GPU count: a count cannot be negative")]
    [InlineData("gpu:a100:-4", "'-4' is not a GPU count: a count cannot be negative")]
    [InlineData("gpu:+4", "'+4' is not a GPU count")]
    [InlineData("gpu:1.5", "'1.5' is not a GPU count: a count is a whole number")]
    [InlineData("gpu:a100:x", "'x' is not a GPU count: a count is a whole number")]
    [InlineData("gpu:a100:", "'' is not a GPU count")]
    [InlineData("gpu:9999999999", "asks for 9999999999 GPUs; at most 100000")]
    [InlineData("gpu:100001", "asks for 100001 GPUs; at most 100000")]
    public void A_bad_gres_count_is_reported_as_a_count(string text, string reason)
    {
        Assert.False(GpuRequest.TryParseGres(text, out _, out string error));
        Assert.Contains(reason, error);
        Assert.DoesNotContain("type", error);
    }

    [Theory]
    [InlineData("-2", "'-2' is not a GPU count: a count cannot be negative")]
    [InlineData("-1", "'-1' is not a GPU count: a count cannot be negative")]
    [InlineData("a100:-2", "'-2' is not a GPU count: a count cannot be negative")]
    [InlineData("2.5", "'2.5' is not a GPU count: a count is a whole number")]
    [InlineData("a100:x", "'x' is not a GPU count")]
    [InlineData("99999999999", "at most 100000")]
    public void A_bad_gpus_count_is_reported_as_a_count(string text, string reason)
    {
        Assert.False(GpuRequest.TryParseTyped(text, out _, out string error));
        Assert.Contains(reason, error);
        Assert.DoesNotContain("needs a count", error);
    }

    [Theory]
    [InlineData("gpu:1g.5gb", "1g.5gb", 1)]
    [InlineData("gpu:3090", null, 3090)]
    [InlineData("gpu:1g.5gb:2", "1g.5gb", 2)]
    public void A_type_may_start_with_a_digit_while_a_bare_number_is_a_count(string text, string? type, int count)
    {
        Assert.True(GpuRequest.TryParseGres(text, out GpuRequest? gpus, out string error), error);
        Assert.Equal((type, count), (gpus!.Type, gpus.Count));
    }

    [Fact]
    public void An_empty_gres_part_is_a_form_error()
    {
        Assert.False(GpuRequest.TryParseGres("gpu:", out _, out string error));
        Assert.Contains("has nothing after ':'", error);
    }
}
