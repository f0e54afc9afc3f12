using System.Text.Json;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Cli;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>The <c>suanwang</c> client verbs against a real broker, as a user types them.</summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    private TestBroker _broker = null!;
    private readonly string _home = Directory.CreateTempSubdirectory("suanwang-cli-home-").FullName;

    public async Task InitializeAsync() => _broker = await StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string token = File.ReadAllText(Path.Combine(_broker.Options.DataDirectory, "tokens", "default.token")).Trim();
        var variables = new Dictionary<string, string>
        {
            ["HOME"] = _home,
            ["SUANWANG_BROKER"] = _broker.BaseAddress.ToString().TrimEnd('/'),
            ["SUANWANG_TOKEN"] = token,
        };
        var env = new CliEnvironment(new StringReader(""), output, error, TimeProvider.System, name => variables.GetValueOrDefault(name))
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
        };
        int code = SuanwangCli.Run(args, env);
        return (code, output.ToString(), error.ToString());
    }

    private string WriteSpec(string name, string text)
    {
        string path = Path.Combine(_home, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Submit_wait_runs_the_job_and_logs_job_and_explain_show_it()
    {
        string spec = WriteSpec("hello.yaml", Spec("cli-hello", "echo \"hi from $SUANWANG_CENTER\"; sleep 1", seconds: 1));
        var submit = Run("submit", spec, "--wait");
        Assert.True(submit.Code == 0, submit.Err + submit.Out);
        string id = submit.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        Assert.StartsWith("j-", id);

        var logs = Run("logs", id);
        Assert.Equal(0, logs.Code);
        Assert.StartsWith("hi from ", logs.Out);

        var job = Run("job", id, "--json");
        Assert.Equal(0, job.Code);
        using var document = JsonDocument.Parse(job.Out);
        Assert.Equal("Succeeded", document.RootElement.GetProperty("job").GetProperty("state").GetString());

        var explain = Run("explain", id);
        Assert.Equal(0, explain.Code);
        string center = document.RootElement.GetProperty("job").GetProperty("centerId").GetString()!;
        Assert.Contains(center, explain.Out);

        var jobs = Run("jobs");
        Assert.Equal(0, jobs.Code);
        Assert.Contains(id, jobs.Out);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_a_failed_job_gives_its_exit_code_under_wait()
    {
        string sleeper = WriteSpec("sleeper.yaml", Spec("cli-sleeper", "sleep 60", seconds: 60));
        var submit = Run("submit", sleeper);
        Assert.Equal(0, submit.Code);
        string id = submit.Out.Trim();
        await WaitForStateAsync(_broker.Tenant, id, "Running");
        var cancel = Run("cancel", id);
        Assert.True(cancel.Code == 0, cancel.Err);
        Assert.Equal("Cancelled", (await GetJobAsync(_broker.Tenant, id)).State);

        string failing = WriteSpec("fails.yaml", Spec("cli-fails", "exit 4"));
        var waited = Run("submit", failing, "--wait");
        Assert.Equal(ExitCodes.JobUnsuccessful, waited.Code);
    }

    [Fact]
    public void Bad_specs_print_each_location_and_exit_with_the_invalid_input_code()
    {
        string bad = WriteSpec("bad.yaml", "name: x\ncommand: [\"true\"]\nresources: { cpus: -1 }\nwork: { referenceHours: 1 }\n");
        var result = Run("submit", bad);
        Assert.Equal(ExitCodes.InvalidInput, result.Code);
        Assert.Contains("resources.cpus", result.Err);
    }

    [Fact]
    public void Centers_and_usage_print_tables_and_admin_verbs_are_refused_to_a_tenant()
    {
        var centers = Run("centers");
        Assert.Equal(0, centers.Code);
        Assert.Contains("qingyang", centers.Out);
        Assert.Contains("庆阳", centers.Out);
        var usage = Run("usage");
        Assert.Equal(0, usage.Code);
        Assert.Contains("default", usage.Out);
        var drain = Run("centers", "drain", "wuhu");
        Assert.Equal(ExitCodes.NotAuthorised, drain.Code);
    }
}
