using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>Bad input gets a clear answer naming what is wrong, stores nothing, and never a 500.</summary>
public sealed class InputTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await StartAsync(adjust: o => o with { MaxBodyBytes = 256 * 1024 });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private async Task<int> JobCountAsync() => (await _broker.Admin.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?limit=500", Json))!.Items.Count;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task An_invalid_native_spec_is_refused_with_every_field_and_reason_and_nothing_is_stored()
    {
        var response = await PostSpecAsync(_broker.Tenant, "name: bad\ncommand: [\"true\"]\nresources: { accelerators: { count: -2 }, cpus: 0 }\nwork: { referenceHours: 1 }\ncolour: blue\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        var errors = problem.GetProperty("errors");
        string all = errors.ToString();
        Assert.Contains("resources.accelerators.count", all);
        Assert.Contains("resources.cpus", all);
        Assert.Contains("colour", all);
        Assert.Equal(0, await JobCountAsync());
    }

    [Fact]
    public async Task A_bad_sbatch_directive_is_named_by_its_line()
    {
        var response = await PostSpecAsync(_broker.Tenant, "#!/bin/bash\n#SBATCH --time=00:10:00\n#SBATCH --gres=gpu:zz:abc\necho hi\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors").ToString();
        Assert.Contains("line 3", errors);
        Assert.Equal(0, await JobCountAsync());
    }

    [Fact]
    public async Task A_spec_that_names_another_tenant_or_tier_is_refused()
    {
        var other = await PostSpecAsync(_broker.Tenant, Spec("mine", "true") + "\ntenant: someone-else\n");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("someone-else", (await ProblemAsync(other)).GetProperty("errors").ToString());
        var tier = await PostSpecAsync(_broker.Tenant, Spec("mine", "true") + "\ntier: enterprise\n");
        Assert.Equal(HttpStatusCode.BadRequest, tier.StatusCode);
        Assert.Contains("tier", (await ProblemAsync(tier)).GetProperty("errors").ToString());
        Assert.Equal(0, await JobCountAsync());
    }

    [Fact]
    public async Task A_job_no_center_could_ever_run_is_refused_with_the_reasons()
    {
        var response = await PostSpecAsync(_broker.Tenant, "name: huge\ncommand: [\"true\"]\nresources: { accelerators: { count: 4096 }, cpus: 8 }\nwork: { referenceHours: 1 }\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("no center", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await JobCountAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_and_nothing_is_stored()
    {
        string big = "name: big\ncommand: [\"true\"]\nwork: { referenceHours: 1 }\n# " + new string('x', 300 * 1024) + "\n";
        var response = await PostSpecAsync(_broker.Tenant, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await JobCountAsync());
    }

    [Fact]
    public async Task A_tenant_flooding_submissions_gets_429_while_another_is_unaffected()
    {
        await using var broker = await StartAsync(adjust: o => o with { SubmitsPerSecondPerTenant = 20, SubmitBurst = 20 });
        var flooder = await broker.NewTenantAsync("flooder");
        var calm = await broker.NewTenantAsync("calm");
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => PostSpecAsync(flooder, Spec($"flood-{i}", "true"))));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostSpecAsync(calm, Spec($"calm-{i}", "true"))).StatusCode);
        int created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        var flooderJobs = (await flooder.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?limit=500", Json))!.Items.Count;
        Assert.Equal(created, flooderJobs); // every 2xx is stored, no 429 is
    }

    [Fact]
    public async Task Malformed_ids_queries_and_admin_bodies_are_4xx()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _broker.Tenant.GetAsync(ApiRoutes.With(ApiRoutes.Job, "../../etc/passwd"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _broker.Tenant.GetAsync($"{ApiRoutes.Jobs}?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _broker.Tenant.GetAsync($"{ApiRoutes.Jobs}?cursor=%%%")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _broker.Tenant.GetAsync($"{ApiRoutes.Jobs}?since=yesterday")).StatusCode);
        var badTenant = await _broker.Admin.PostAsync(ApiRoutes.Tenants, new StringContent("{\"id\": \"Bad Id\", \"tier\": \"gold\", \"budgetYuan\": -5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badTenant.StatusCode);
        string errors = (await ProblemAsync(badTenant)).GetProperty("errors").ToString();
        Assert.Contains("id", errors);
        Assert.Contains("tier", errors);
        Assert.Contains("budgetYuan", errors);
        var notJson = await _broker.Admin.PostAsync(ApiRoutes.Tenants, new StringContent("{oops", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var badCenter = await _broker.Admin.PutAsync(ApiRoutes.With(ApiRoutes.Center, "newcenter"), new StringContent("id: newcenter\nname: x\nregion: nowhere\n", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, badCenter.StatusCode);
        Assert.Equal(10, (await _broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!.Length);
    }

    [Fact]
    public async Task Fuzzed_specs_never_cause_a_server_error()
    {
        var fragments = Gen.OneOf(
            "name: x\n", "command: [\"true\"]\n", "command: true\n", "resources: { cpus: 1e309 }\n", "resources: { cpus: .nan }\n",
            "work: { referenceHours: -1 }\n", "work: { referenceHours: 0.001 }\n", "inputs: [ { dataset: d, sizeGiB: 1, at: nowhere } ]\n",
            "constraints: { deadline: \"1999-01-01T00:00:00Z\" }\n", "preferences: { carbonWeight: 7 }\n", "env: { A: \"\\u0000\" }\n",
            "#SBATCH --array=0-100000\n", "#SBATCH --time=-5\n", "#!/bin/sh\n", "{\"name\": [1,2,{}]}\n", "[[[[[[[[[[]]]]]]]]]]\n",
            "a: &a [*a]\n", "? [complex key]\n: v\n", "\t\tbad indent: [\n", "resources: { accelerators: { count: 99999999999 } }\n",
            "dependsOn: [j-nope]\n", "kind: service\n", "name: \"<script>alert(1)</script>\"\n", "\uFEFF\n", "%YAML 9.9\n");
        var specs = Gen.Select(fragments.Array[0, 8], parts => string.Concat(parts));
        await specs.SampleAsync(AssertNoServerErrorAsync, iter: 60, threads: 1);
        var nested = string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000));
        var deep = string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i % 200) + "a:\n"));
        foreach (string spec in new[] { nested, deep, "", new string('\0', 100) }) await AssertNoServerErrorAsync(spec);
    }

    private async Task AssertNoServerErrorAsync(string spec)
    {
        foreach (string route in new[] { ApiRoutes.Jobs, ApiRoutes.DryRun })
        {
            var response = await PostSpecAsync(_broker.Admin, spec, route: route);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {route} with spec:\n{spec}\n{await response.Content.ReadAsStringAsync()}");
        }
    }
}
