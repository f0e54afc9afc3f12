using Suanwang.Placement.Policies;

using static Suanwang.Placement.Tests.Policies.PolicyScenarios;

namespace Suanwang.Placement.Tests.Policies;

/// <summary>Policies by name.</summary>
public class PolicyCatalogTests
{
    [Fact]
    public void Unknown_policy_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyCatalog.Create("fastest"));
        Assert.Contains("suanwang, first-to-start, cheapest, greenest, round-robin, least-loaded", error.Message);
    }
}
