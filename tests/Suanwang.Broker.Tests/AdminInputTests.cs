using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Testing.Network;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

/// <summary>
/// A center an admin registers is input like any other: its series files only from the folders the operator chose,
/// its slurmrestd only on sockets and hosts the operator allowed, and no answer ever repeats what a host file or
/// another service holds.
/// </summary>
public sealed class AdminInputTests : IAsyncLifetime
{
    private const string Marker = "MARKER-c41f0e-host-secret";

    private readonly string _root = Directory.CreateTempSubdirectory("suanwang-admin-input-").FullName;
    private string _public = "";
    private string _secret = "";
    private TestBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _public = Directory.CreateDirectory(Path.Combine(_root, "public")).FullName;
        _secret = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "etc")).FullName, "shadow");
        await File.WriteAllTextAsync(_secret, $"root:{Marker}:19000:0:99999:7:::\nuser:{Marker}:19000:0:99999:7:::\n");
        _broker = await StartAsync(adjust: o => o with { PublicData = _public });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string Center(string id, string carbon = "{ annualGramsPerKwh: 500, source: test }", string backend = "local", string engine = "{ slots: 2 }") => $$"""
        id: {{id}}
        name: Admin input {{id}}
        region: guizhou
        backend: {{backend}}
        pools:
          - { id: cpu, accelerator: x86-core, cpusPerNode: 32, memoryGiBPerNode: 64, nodes: 2 }
        pricing: { perCpuHourYuan: 0.1 }
        energy: { pue: 1.2, carbon: {{carbon}}, renewable: { annualShare: 0.3, source: test } }
        engine: {{engine}}
        """;

    private Task<HttpResponseMessage> PutAsync(string id, string yaml) =>
        _broker.Admin.PutAsync(ApiRoutes.With(ApiRoutes.Center, id), new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private async Task<int> CenterCountAsync() => (await _broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!.Length;

    /// <summary>The refusal's body, checked to be a 400 whose errors name <paramref name="field"/>; the center was not added.</summary>
    private async Task<string> RefusedAsync(HttpResponseMessage response, string field)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(10, await CenterCountAsync());
        return body;
    }

    [Fact]
    public async Task A_carbon_file_outside_the_allowed_folders_is_refused_naming_the_field_and_the_folders_never_its_contents()
    {
        var response = await PutAsync("peek", Center("peek", $"{{ file: '{_secret}', format: greendcc }}"));

        string body = await RefusedAsync(response, "energy.carbon.file");
        Assert.Contains(JsonEncodedText.Encode(_public).ToString(), body);
        Assert.DoesNotContain(Marker, body);
    }

    [Fact]
    public async Task A_carbon_file_reached_through_a_link_inside_that_leads_out_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_public, "zone.csv"), _secret);

        var response = await PutAsync("peek", Center("peek", "{ file: zone.csv, format: greendcc }"));

        string body = await RefusedAsync(response, "energy.carbon.file");
        Assert.Contains("symbolic link", body);
        Assert.DoesNotContain(Marker, body);
    }

    [Fact]
    public async Task A_carbon_file_inside_that_does_not_parse_is_refused_by_line_and_column_never_quoted()
    {
        await File.WriteAllTextAsync(Path.Combine(_public, "zone.csv"), $"Datetime (UTC),Carbon Intensity gCO₂eq/kWh (direct)\n2022-01-01 00:00:00,{Marker}\n");

        var response = await PutAsync("peek", Center("peek", "{ file: zone.csv, format: greendcc }"));

        string body = await RefusedAsync(response, "energy.carbon.file");
        Assert.Contains("zone.csv:2: column 2", body);
        Assert.DoesNotContain(Marker, body);
    }

    [Theory]
    [InlineData("{ restUrl: 'ftp://127.0.0.1:6820/' }", "engine.restUrl")]
    [InlineData("{ restUrl: 'http://admin:secret@127.0.0.1:6820/' }", "engine.restUrl")]
    [InlineData("{ restUrl: 'http://169.254.169.254/' }", "engine.restUrl")]
    [InlineData("{ restUrl: 'http://10.1.2.3:6820/' }", "engine.restUrl")]
    [InlineData("{ socket: /var/lib/postgresql/.s.PGSQL.5432 }", "engine.socket")]
    [InlineData("{ socket: /run/slurmrestd/../docker.sock }", "engine.socket")]
    [InlineData("{ socket: /run/slurmrestd/slurmrestd.sock, socket.physics: /tmp/.X11-unix/X0 }", "engine.socket.physics")]
    public async Task A_slurmrestd_endpoint_the_operator_did_not_allow_is_refused_naming_the_setting(string engine, string field)
    {
        var response = await PutAsync("probe", Center("probe", backend: "slurm", engine: engine));

        await RefusedAsync(response, field);
    }

    [Fact]
    public async Task A_rest_url_at_some_other_local_service_never_shows_what_it_answered()
    {
        await using var web = ForeignService.Http(Marker);
        var registered = await PutAsync("probe", Center("probe", backend: "slurm", engine: $"{{ restUrl: '{web.Url}' }}"));
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());

        // The scheduler asks every center for a report each cycle; wait until the broker has heard this one's answer.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string operations;
        CenterFlagView? flag;
        do
        {
            await Task.Delay(100);
            operations = await _broker.Admin.GetStringAsync(ApiRoutes.Operations);
            flag = JsonSerializer.Deserialize<OperationsView>(operations, Json)!.Flagged.FirstOrDefault(f => f.CenterId == "probe");
        } while ((flag is null || !flag.Detail.Contains("not slurmrestd's answer", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);

        Assert.True(web.Connections > 0, "the broker never called the service");
        Assert.NotNull(flag);
        Assert.Contains("HTTP 200, text/html", flag.Detail);
        Assert.DoesNotContain(Marker, operations);
        Assert.DoesNotContain(Marker, await _broker.Admin.GetStringAsync(ApiRoutes.Centers));
        Assert.DoesNotContain(Marker, await _broker.Admin.GetStringAsync(ApiRoutes.With(ApiRoutes.Center, "probe")));
    }
}
