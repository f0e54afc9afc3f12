using Suanwang.Specs.Sbatch.Values;

namespace Suanwang.Specs.Tests.Sbatch.Values;

public sealed class DependencySpecTests
{
    [Theory]
    [InlineData("afterok:123", new[] { "123" })]
    [InlineData("afterok:123:124", new[] { "123", "124" })]
    [InlineData("afterok:a,afterok:b:a", new[] { "a", "b" })]
    [InlineData("afterok:123_4", new[] { "123_4" })]
    public void Afterok_lists_the_jobs_that_must_succeed(string text, string[] ids)
    {
        Assert.True(DependencySpec.TryParse(text, out var parsed, out _));
        Assert.Equal(ids, parsed);
    }

    [Theory]
    [InlineData("afterany:1", "afterany cannot be honoured")]
    [InlineData("afternotok:1", "afternotok cannot be honoured")]
    [InlineData("after:1+10", "after cannot be honoured")]
    [InlineData("singleton", "singleton cannot be honoured")]
    [InlineData("afterok:1?afterok:2", "'?' (any one of)")]
    [InlineData("afterok", "needs at least one job id")]
    [InlineData("afterok:1+5", "delays (+minutes)")]
    [InlineData("whenever:1", "is not a dependency")]
    public void Other_dependencies_are_refused_by_name(string text, string reason)
    {
        Assert.False(DependencySpec.TryParse(text, out _, out string error));
        Assert.Contains(reason, error);
    }
}
