using System.Text.RegularExpressions;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary><c>suanwang networks</c>: the bundled networks --network accepts by name.</summary>
public sealed class NetworksCommandTests
{
    [Theory]
    [InlineData("china-hubs", "no")]
    [InlineData("greendcc-zones", "yes")]
    public void Lists_each_bundled_network_and_whether_it_needs_the_data_directory(string name, string needsDataDir)
    {
        var result = Shell.Run("networks");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Single(result.OutLines, l => Regex.IsMatch(l, $"^│ {name} +│ {needsDataDir} +│"));
    }

    [Fact]
    public void Works_without_any_data_directory_and_the_same_way_every_time()
    {
        Assert.Equal(Shell.Run("networks"), Shell.Run("networks"));
    }
}
