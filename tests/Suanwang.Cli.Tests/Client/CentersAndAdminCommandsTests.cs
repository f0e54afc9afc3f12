using System.Net;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;

namespace Suanwang.Cli.Tests.Client;

/// <summary><c>centers</c>, <c>usage</c>, <c>tenants</c> and <c>tokens</c> against a fake broker.</summary>
public sealed class CentersAndAdminCommandsTests : IDisposable
{
    private readonly ClientShell _shell = new();

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Centers_shows_live_state_with_both_names_prices_and_carbon()
    {
        _shell.Broker.Json<IReadOnlyList<CenterView>>(HttpMethod.Get, ApiRoutes.Centers,
            [Canned.Center(), Canned.Center("wuhu", "Wuhu", null, CenterAvailability.Draining)]);

        var result = _shell.Run("centers");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Matches(@"(?m)^│ id +│ name +│ region │ backend │ availability │ load % │ running │ queued │ ¥/acc-h │  PUE │ gCO₂/kWh │ renewable % │$", result.Out);
        Assert.Matches(@"(?m)^│ qingyang │ Qingyang 庆阳 │ gansu +│ slurm +│ Up +│ +25 │ +12 │ +3 │ +9\.80 │ 1\.18 │ +512 │ +42 │$", result.Out);
        Assert.Matches(@"(?m)^│ wuhu +│ Wuhu +│ gansu +│ slurm +│ Draining +│", result.Out);
    }

    [Fact]
    public void Centers_json_round_trips_to_the_contract()
    {
        IReadOnlyList<CenterView> centers = [Canned.Center()];
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.Centers, centers);

        var result = _shell.Run("centers", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(centers, result.Out);
        Assert.Contains("\"nameZh\": \"庆阳\"", result.Out);
    }

    [Fact]
    public void Centers_show_lists_the_pools_and_the_engine_report()
    {
        _shell.Broker.Json(HttpMethod.Get, ApiRoutes.With(ApiRoutes.Center, "qingyang"), Canned.Center());

        var result = _shell.Run("centers", "show", "qingyang");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("qingyang · Qingyang 庆阳 · region gansu · slurm · Up", result.Out);
        Assert.Matches(@"(?m)^price now +¥9\.80 per accelerator-hour, ¥0\.05 per core-hour$", result.Text());
        Assert.Matches(@"(?m)^│ a100 +│ a100 +│ +128 │ +8 │ +64 │ +512 │$", result.Out);
    }

    [Theory]
    [InlineData("drain", CenterAvailability.Draining)]
    [InlineData("resume", CenterAvailability.Up)]
    public void Drain_and_resume_post_to_their_routes(string verb, CenterAvailability availability)
    {
        string route = ApiRoutes.With(verb == "drain" ? ApiRoutes.CenterDrain : ApiRoutes.CenterResume, "qingyang");
        _shell.Broker.Json(HttpMethod.Post, route, Canned.Center(availability: availability));

        var result = _shell.Run("centers", verb, "qingyang");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(route, Assert.Single(_shell.Broker.Requests).Path);
        Assert.Contains($"({availability}; 12 running, 3 queued)", result.Out);
    }

    [Fact]
    public void Draining_with_a_tenant_token_exits_5()
    {
        _shell.Broker.Problem(HttpMethod.Post, ApiRoutes.With(ApiRoutes.CenterDrain, "qingyang"), 403, "forbidden");

        var result = _shell.Run("centers", "drain", "qingyang");

        Assert.Equal(ExitCodes.NotAuthorised, result.ExitCode);
    }

    [Fact]
    public void Remove_deletes_the_center()
    {
        _shell.Broker.On(HttpMethod.Delete, ApiRoutes.With(ApiRoutes.Center, "lanzhou"), _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = _shell.Run("centers", "remove", "lanzhou");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("removed center lanzhou", result.Out.TrimEnd());
    }

    [Theory]
    [InlineData("lanzhou.yaml", "id: lanzhou\nname: Lanzhou\nregion: west\nbackend: slurm\n", "application/yaml")]
    [InlineData("lanzhou.json", "{ \"id\": \"lanzhou\", \"name\": \"Lanzhou\" }", "application/json")]
    public void Register_puts_the_file_as_it_is_to_the_centers_id(string name, string text, string contentType)
    {
        string file = _shell.Home.Write(name, text);
        _shell.Broker.On(HttpMethod.Put, ApiRoutes.With(ApiRoutes.Center, "lanzhou"), _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var result = _shell.Run("centers", "register", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal(text, sent.Body);
        Assert.Equal(contentType, sent.ContentType);
        Assert.Equal("registered center lanzhou", result.Out.TrimEnd());
    }

    [Fact]
    public void Register_without_an_id_exits_2_without_asking_the_broker()
    {
        string file = _shell.Home.Write("nameless.yaml", "name: Lanzhou\n");

        var result = _shell.Run("centers", "register", file);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("expected one center", result.Error);
        Assert.Empty(_shell.Broker.Requests);
    }

    [Fact]
    public void Usage_shows_jobs_by_state_hours_and_money_against_quota_and_budget()
    {
        _shell.Broker.Json<IReadOnlyList<UsageView>>(HttpMethod.Get, ApiRoutes.Usage, [Canned.Usage()]);

        var result = _shell.Run("usage");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("since 2026-11-01 08:00 +08:00", result.Out);
        Assert.Matches(@"(?m)^│ default │ sme +│ 2 Running, 10 Succeeded, 1 Failed │ +123\.5 │ +376\.5 of 500 │ ¥1,234\.50 │ ¥20,000\.00 │ ¥18,765\.50 │$", result.Out);
    }

    [Fact]
    public void Usage_shows_unlimited_for_a_tenant_without_quota()
    {
        _shell.Broker.Json<IReadOnlyList<UsageView>>(HttpMethod.Get, ApiRoutes.Usage,
            [Canned.Usage() with { QuotaAcceleratorHours = null, RemainingAcceleratorHours = null, BudgetYuan = null, RemainingBudgetYuan = null }]);

        var result = _shell.Run("usage");

        Assert.Matches(@"(?m)^│ default │ .* │ +unlimited │ ¥1,234\.50 │ +unlimited │ +unlimited │$", result.Out);
    }

    [Fact]
    public void Tenants_create_sends_the_request_as_json()
    {
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Tenants, new TenantView("acme", "Acme", "sme", 500, 20000, Canned.Now));

        var result = _shell.Run("tenants", "create", "acme", "--tier", "sme", "--quota-acc-hours", "500", "--budget-yuan", "20000", "--name", "Acme");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var sent = Assert.Single(_shell.Broker.Requests);
        Assert.Equal("application/json", sent.ContentType);
        var request = JsonSerializer.Deserialize<CreateTenantRequest>(sent.Body!, ApiJson.Options);
        Assert.Equal(new CreateTenantRequest("acme", "Acme", "sme", 500, 20000), request);
        Assert.Equal("created tenant acme (tier sme; quota 500 acc-h, budget ¥20,000.00 per month)", result.Out.TrimEnd());
    }

    [Fact]
    public void Tenants_list_shows_quota_and_budget()
    {
        _shell.Broker.Json<IReadOnlyList<TenantView>>(HttpMethod.Get, ApiRoutes.Tenants, [new TenantView("acme", "Acme", "sme", null, 20000, Canned.Now)]);

        var result = _shell.Run("tenants", "list");

        Assert.Matches(@"(?m)^│ acme │ Acme │ sme +│ +unlimited │ +¥20,000\.00 │ 2026-11-24 20:00 \+08:00 │$", result.Out);
    }

    [Fact]
    public void Tokens_issue_prints_only_the_secret_on_stdout()
    {
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Tokens, new IssuedToken("tok-1", "tenant", "acme", "s3cret-value"));

        var result = _shell.Run("tokens", "issue", "--role", "tenant", "--tenant", "acme", "--description", "ci pipeline");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("s3cret-value\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Contains("tok-1", result.Error);
        var request = JsonSerializer.Deserialize<IssueTokenRequest>(Assert.Single(_shell.Broker.Requests).Body!, ApiJson.Options);
        Assert.Equal(new IssueTokenRequest("tenant", "acme", "ci pipeline"), request);
    }

    [Fact]
    public void Tokens_issue_json_round_trips_to_the_contract()
    {
        var issued = new IssuedToken("tok-2", "admin", null, "s3cret");
        _shell.Broker.Json(HttpMethod.Post, ApiRoutes.Tokens, issued);

        var result = _shell.Run("tokens", "issue", "--role", "admin", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        ContractAssert.RoundTrips(issued, result.Out);
    }

    [Theory]
    [InlineData("--role", "tenant")]
    [InlineData("--role", "root")]
    public void A_tenant_token_without_a_tenant_or_an_unknown_role_exits_2_without_asking_the_broker(params string[] options)
    {
        var result = _shell.Run(["tokens", "issue", .. options]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Empty(_shell.Broker.Requests);
    }

    [Fact]
    public void Tokens_list_and_revoke()
    {
        _shell.Broker.Json<IReadOnlyList<TokenView>>(HttpMethod.Get, ApiRoutes.Tokens,
            [new TokenView("tok-1", "tenant", "acme", "ci pipeline", Canned.Now.AddDays(-1), Canned.Now)]);
        _shell.Broker.On(HttpMethod.Delete, ApiRoutes.With(ApiRoutes.Token, "tok-1"), _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var list = _shell.Run("tokens", "list");
        var revoke = _shell.Run("tokens", "revoke", "tok-1");

        Assert.Matches(@"(?m)^│ tok-1 │ tenant │ acme +│ ci pipeline │ 2026-11-23 20:00 \+08:00 │ 2026-11-24 20:00 \+08:00 │$", list.Out);
        Assert.Equal(ExitCodes.Success, revoke.ExitCode);
        Assert.Equal("revoked token tok-1", revoke.Out.TrimEnd());
    }
}
