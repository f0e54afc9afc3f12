using Suanwang.Testing.Engines;

namespace Suanwang.Engines.Local.Tests;

/// <summary>
/// Commands reach the machine as argv and environment, never through a shell string: shell
/// metacharacters, quotes and newlines are data (promise G7).
/// </summary>
public sealed class InjectionTests : IAsyncLifetime
{
    private static readonly string[] Payloads =
    [
        "$(touch pwned)",
        "; touch pwned",
        "`touch pwned`",
        "a\ntouch pwned\n",
        "' ; touch pwned ; '",
        "\" ; touch pwned ; \"",
        "| touch pwned",
        "&& touch pwned &",
        "$HOME ${PATH} * ? ~",
        "-n",
        "",
    ];

    private readonly TestCenter _center = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _center.DisposeAsync().AsTask();

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_and_execute_nothing()
    {
        await using LocalEngine engine = _center.Open();
        // printf prints each argument followed by NUL, so every byte can be compared.
        var run = Runs.Of(["printf", "%s\\0", .. Payloads]);

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(Payloads, (await Output.All(engine, run.Token)).Split('\0')[..^1]);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task Arguments_after_sh_c_are_data_to_the_script()
    {
        await using LocalEngine engine = _center.Open();
        var run = Runs.Of(["sh", "-c", "printf '%s\\0' \"$@\"", "sh", .. Payloads]);

        await engine.SubmitAsync(run, default);
        await Wait.Finished(engine, run.Token);

        Assert.Equal(Payloads, (await Output.All(engine, run.Token)).Split('\0')[..^1]);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task Environment_values_reach_the_program_verbatim_and_execute_nothing()
    {
        await using LocalEngine engine = _center.Open();
        string references = string.Concat(Enumerable.Range(0, Payloads.Length).Select(i => $" \"$PAYLOAD_{i}\""));
        var run = Runs.Shell("printf '%s\\0'" + references);
        for (int i = 0; i < Payloads.Length; i++) run = run.WithEnv($"PAYLOAD_{i}", Payloads[i]);

        await engine.SubmitAsync(run, default);
        RunStatus finished = await Wait.Finished(engine, run.Token);

        Assert.Equal(RunState.Succeeded, finished.State);
        Assert.Equal(Payloads, (await Output.All(engine, run.Token)).Split('\0')[..^1]);
        AssertNothingExecuted();
    }

    [Fact]
    public async Task A_token_and_job_id_full_of_dots_and_dashes_stay_inside_the_runs_directory()
    {
        await using LocalEngine engine = _center.Open();
        DispatchRequest request = Runs.Of("true").Build() with { DispatchToken = "sw-..-a1", JobId = "$(touch pwned)" };

        await engine.SubmitAsync(request, default);
        await Wait.Finished(engine, request.DispatchToken);

        Assert.True(Directory.Exists(Path.Combine(_center.RunsDirectory, "sw-..-a1")));
        AssertNothingExecuted();
    }

    private void AssertNothingExecuted()
    {
        string[] pwned = Directory.EnumerateFiles(_center.Root, "pwned", SearchOption.AllDirectories).ToArray();
        Assert.Empty(pwned);
    }
}
