using System.Text.Json;
using CsCheck;
using Suanwang.Cli.Tests.Support;

namespace Suanwang.Cli.Tests;

/// <summary>Whatever the job, time and policy, <c>place</c> accounts for every center and its exit code matches its answer.</summary>
public sealed class PlacePropertyTests : IDisposable
{
    private static readonly string[] Policies = ["suanwang", "first-to-start", "cheapest", "greenest", "round-robin", "least-loaded"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_center_is_a_candidate_and_exit_code_0_means_exactly_one_was_chosen()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Gen.Select(Gen.Int[0, 365 * 24 - 1], Gen.Int[1, 12], Gen.OneOf(Policies)).Sample((hour, gpus, policy) =>
        {
            string spec = _temp.Write($"job-{Guid.NewGuid():N}.yaml", $$"""
                command: ["python3", "train.py"]
                resources: { accelerators: { count: {{gpus}} } }
                work: { referenceHours: 2 }
                """);
            string at = start.AddHours(hour).ToString("O");

            var result = Shell.Run("place", spec, "--at", at, "--policy", policy, "--json");

            Assert.True(result.ExitCode is ExitCodes.Success or ExitCodes.Unplaceable, result.ToString());
            using var json = JsonDocument.Parse(result.Out);
            var candidates = json.RootElement.GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(10, candidates.Select(c => c.GetProperty("centerId").GetString()).Distinct().Count());
            var chosen = candidates.Where(c => c.GetProperty("verdict").GetString() == "chosen").ToList();
            var plan = json.RootElement.GetProperty("plan");
            if (result.ExitCode == ExitCodes.Success)
                Assert.Equal(plan.GetProperty("centerId").GetString(), Assert.Single(chosen).GetProperty("centerId").GetString());
            else
            {
                Assert.Equal(JsonValueKind.Null, plan.ValueKind);
                Assert.Empty(chosen);
            }
        }, iter: 60);
    }
}
