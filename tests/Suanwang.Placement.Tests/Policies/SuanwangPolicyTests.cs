using CsCheck;
using Suanwang.Placement.Policies;

namespace Suanwang.Placement.Tests.Policies;

public class SuanwangPolicyTests
{
    [Fact]
    public void The_cheap_log_bound_never_exceeds_ln_and_stays_within_0_06_of_it()
    {
        Gen.Double[1e-6, 1e12].Sample(x =>
        {
            double bound = SuanwangPolicy.LogLowerBound(x), exact = Math.Log(x);
            Assert.True(bound <= exact + 1e-12, $"bound {bound} above ln {exact} at {x}");
            Assert.True(exact - bound < 0.06, $"bound {bound} too loose at {x}");
        }, iter: 10000);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(1024.0)]
    public void The_bound_is_exact_at_powers_of_two(double x) =>
        Assert.Equal(Math.Log(x), SuanwangPolicy.LogLowerBound(x), 12);
}
