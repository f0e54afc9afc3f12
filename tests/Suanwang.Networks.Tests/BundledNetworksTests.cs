using Suanwang.Testing.Data;

namespace Suanwang.Networks.Tests;

public sealed class BundledNetworksTests
{
    [Fact]
    public void Both_bundled_networks_are_listed() =>
        Assert.Equal(new[] { "china-hubs", "greendcc-zones" }, BundledNetworks.Names);

    [Fact]
    public void Describe_gives_id_description_and_whether_data_is_needed()
    {
        var infos = BundledNetworks.Describe();

        var china = infos.Single(i => i.Name == "china-hubs");
        Assert.Equal("china-hubs", china.Id);
        Assert.StartsWith("China's 8 national computing hub nodes", china.Description);
        Assert.False(china.NeedsPublicData);
        var zones = infos.Single(i => i.Name == "greendcc-zones");
        Assert.Equal("greendcc-zones", zones.Id);
        Assert.True(zones.NeedsPublicData);
    }

    [Fact]
    public void The_embedded_text_is_the_repository_file() =>
        Assert.Equal(
            File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "networks", "china-hubs.yaml")),
            BundledNetworks.ReadText("china-hubs"));

    [Fact]
    public void The_default_network_is_bundled() => Assert.True(BundledNetworks.Contains(BundledNetworks.DefaultName));

    [Fact]
    public void Reading_an_unknown_name_throws() =>
        Assert.Throws<ArgumentException>(() => BundledNetworks.ReadText("atlantis"));
}
