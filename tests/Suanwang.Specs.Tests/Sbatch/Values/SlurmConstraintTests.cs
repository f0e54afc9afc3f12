using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class SlurmConstraintTests
{
    // The canonical text is what slurmctld shows as the job's Features (scontrol show job): a comma becomes &.
    [Theory]
    [InlineData("a100", "a100")]
    [InlineData("a100&ib", "a100&ib")]
    [InlineData("cpu,ib", "cpu&ib")]
    [InlineData("a100|h100", "a100|h100")]
    [InlineData("[rome|icelake]", "[rome|icelake]")]
    [InlineData("[amd*2&intel*2]", "[amd*2&intel*2]")]
    [InlineData("(a100|v100)&ib", "(a100|v100)&ib")]
    [InlineData("gpu80g", "gpu80g")]
    [InlineData("a100-80g&hdr.ib", "a100-80g&hdr.ib")]
    public void Slurm_feature_expressions_are_read(string text, string canonical)
    {
        Assert.True(SlurmConstraint.TryParse(text, out FeatureExpression? expression, out string error), error);
        Assert.Equal(canonical, expression!.Text);
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        Assert.True(SlurmConstraint.TryParse("a&b|c", out FeatureExpression? expression, out _));
        var any = Assert.IsType<FeatureAny>(expression);
        Assert.IsType<FeatureAll>(any.Parts[0]);
        Assert.Equal(new FeatureName("c", null), any.Parts[1]);
    }

    [Theory]
    [InlineData("a&", "ends with '&'")]
    [InlineData("|a", "has '|' where a feature name should be")]
    [InlineData("(a|b", "has '(' without its ')'")]
    [InlineData("a)", "has an unexpected ')'")]
    [InlineData("a b", "contains a blank")]
    [InlineData("[a|[b]]", "nests [ ] inside [ ]")]
    [InlineData("a*0", "without a node count from 1")]
    [InlineData("a*", "without a node count from 1")]
    public void Malformed_expressions_are_refused_with_what_is_wrong(string text, string message)
    {
        Assert.False(SlurmConstraint.TryParse(text, out _, out string error));
        Assert.Contains(message, error);
    }
}
