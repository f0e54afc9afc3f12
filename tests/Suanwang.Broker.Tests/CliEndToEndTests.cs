using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Cli;
using Suanwang.Lifecycle;
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
        await WaitForStateAsync(_broker.Tenant, id, JobState.Running);
        var cancel = Run("cancel", id);
        Assert.True(cancel.Code == 0, cancel.Err);
        Assert.Equal(JobState.Cancelled, (await GetJobAsync(_broker.Tenant, id)).State);

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

    // One spec per answer: invalid (a negative core count) and valid but too big for any center of china-hubs.
    private const string InvalidSpec = "name: bad\ncommand: [\"true\"]\nresources: { cpus: -1 }\nwork: { referenceHours: 1 }\n";
    private const string UnplaceableSpec = "name: too-big\ncommand: [\"true\"]\nresources: { cpus: 100000, memoryGiB: 1 }\nwork: { referenceHours: 1 }\n";

    [Theory]
    [InlineData(ApiRoutes.Jobs)]
    [InlineData(ApiRoutes.DryRun)]
    public async Task The_broker_answers_400_to_an_invalid_spec_and_422_to_a_valid_one_no_center_can_run(string route)
    {
        var invalid = await PostSpecAsync(_broker.Tenant, InvalidSpec, route: route);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("resources.cpus", await invalid.Content.ReadAsStringAsync());

        var unplaceable = await PostSpecAsync(_broker.Tenant, UnplaceableSpec, route: route);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unplaceable.StatusCode);
        string body = await unplaceable.Content.ReadAsStringAsync();
        Assert.Contains("no center in the network could ever run job 'too-big'", body);
        Assert.DoesNotMatch(@"\bj-[0-9a-z]{13}\b", body); // names no job id: none was created

        var jobs = await _broker.Tenant.GetFromJsonAsync<JobPage>(ApiRoutes.Jobs, Json);
        Assert.Empty(jobs!.Items);
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("submit", "--dry-run")]
    [InlineData("place")]
    public void An_invalid_spec_exits_2_naming_the_field(params string[] verb)
    {
        string spec = WriteSpec("bad.yaml", InvalidSpec);

        var result = Run([.. verb, spec]);

        Assert.True(result.Code == ExitCodes.InvalidInput, result.Err + result.Out);
        Assert.Contains("resources.cpus", result.Err);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("submit", "--dry-run")]
    [InlineData("place")]
    public async Task A_valid_spec_no_center_can_run_exits_3_naming_no_job_id(params string[] verb)
    {
        string spec = WriteSpec("too-big.yaml", UnplaceableSpec);

        var result = Run([.. verb, spec]);

        Assert.True(result.Code == ExitCodes.Unplaceable, result.Err + result.Out);
        Assert.DoesNotMatch(@"\bj-[0-9a-z]{13}\b", result.Err + result.Out);
        if (verb[0] == "submit")
        {
            // The broker's 422, as the CLI prints it: the job by its name, then each group of centers with its reason.
            string[] lines = result.Err.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("error: No center can run this job (422): no center in the network could ever run job 'too-big', even with the network idle; each center's reason follows", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.Matches(@"^  centers? [a-z_, ]+: pool '.+' holds .+; the job needs .+$", l));
            Assert.Equal("", result.Out);
        }
        else
        {
            Assert.Contains("not placed: No center can take the job: ", result.Out);
        }
        var jobs = await _broker.Tenant.GetFromJsonAsync<JobPage>(ApiRoutes.Jobs, Json);
        Assert.Empty(jobs!.Items);
    }

    [Fact]
    public async Task A_dry_run_that_places_nothing_now_exits_3_and_is_titled_by_its_file_not_a_job_id()
    {
        // Every center drained: the job could run on the network, so the broker answers 200, but nowhere now.
        foreach (var center in (await _broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!)
            Assert.Equal(HttpStatusCode.OK, (await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, center.Id), null)).StatusCode);
        string spec = WriteSpec("later.yaml", Spec("later", "true"));

        var result = Run("submit", spec, "--dry-run");

        Assert.True(result.Code == ExitCodes.Unplaceable, result.Err + result.Out);
        Assert.StartsWith("later.yaml (dry run: nothing submitted) · policy suanwang", result.Out);
        Assert.Contains("not placed: No center can take the job", result.Out);
        Assert.DoesNotMatch(@"\bj-[0-9a-z]{13}\b", result.Out);
        Assert.DoesNotContain(ApiRoutes.DryRunJobId, result.Out);
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
