using Suanwang.Model.Errors;

namespace Suanwang.Model.Tests.Errors;

public class SpecExceptionTests
{
    [Fact]
    public void The_message_lists_every_error_with_its_location()
    {
        var e = new SpecException("train.sh", [new SpecError("line 4 (#SBATCH --time=xx)", "not a duration"), new SpecError("line 7", "unknown directive --foo")]);
        Assert.Contains("train.sh is invalid", e.Message);
        Assert.Contains("line 4 (#SBATCH --time=xx): not a duration", e.Message);
        Assert.Contains("line 7: unknown directive --foo", e.Message);
        Assert.Equal(2, e.Errors.Count);
    }
}
