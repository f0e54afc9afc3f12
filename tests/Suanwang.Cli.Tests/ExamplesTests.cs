using System.Text.Json;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>
/// Every file under <c>examples/</c> is a job a user may try on day one, so each must place on the bundled
/// default network today — on the machine's real clock, never a pinned one, so an example that carries a
/// date which has since passed fails here rather than in a user's terminal. (Other tests place some
/// examples at fixed times to pin their output; this one pins nothing.)
/// </summary>
public sealed class ExamplesTests
{
    private static readonly string ExamplesFolder = Shell.Repo("examples");

    /// <summary>Every file under examples/, found afresh, so a new example is covered without touching this test.</summary>
    public static TheoryData<string> Examples => new(Files());

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(ExamplesFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ExamplesFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_examples_folder_holds_native_specs_and_batch_scripts()
    {
        var files = Files().ToList();
        Assert.Contains(files, f => f.EndsWith(".yaml", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".sbatch", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_placed_on_the_default_network_at_the_real_current_time(string example)
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        var result = Shell.RunOnTheSystemClock("place", Path.Combine(ExamplesFolder, example), "--json");
        DateTimeOffset after = DateTimeOffset.UtcNow;

        Assert.True(result.ExitCode == ExitCodes.Success, $"examples/{example}: {result}");
        using var json = JsonDocument.Parse(result.Out);
        var decisions = json.RootElement.ValueKind == JsonValueKind.Array
            ? json.RootElement.EnumerateArray().ToList()
            : [json.RootElement];
        Assert.NotEmpty(decisions);
        foreach (JsonElement decision in decisions)
        {
            Assert.False(string.IsNullOrEmpty(decision.GetProperty("plan").GetProperty("centerId").GetString()), decision.ToString());
            // Decided now, by the system clock: proof that no fixed clock stood in for it.
            Assert.InRange(decision.GetProperty("decidedAt").GetDateTimeOffset(), before, after);
        }
    }
}
