using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public void Measures_placement_on_the_committed_workload_and_says_how()
    {
        var result = Shell.Run("bench", "--workload", Shell.Repo("bench", "placement.yaml"), "--centers", "10", "--seconds", "0.05");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("policy suanwang, synthetic networks (seed 42)", result.Out);
        Assert.Contains("decisions/s", result.Out);
    }

    [Fact]
    public void A_workload_file_with_an_unknown_field_exits_2_naming_it()
    {
        string file = Path.Combine(Path.GetTempPath(), $"suanwang-bench-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "seed: 1\ncentres: [10]\n");
        try
        {
            var result = Shell.Run("bench", "--workload", file);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("centres", result.Error);
            Assert.Equal("", result.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
