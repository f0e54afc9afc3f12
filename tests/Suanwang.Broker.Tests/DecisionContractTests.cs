using System.Text.Json;
using System.Text.Json.Nodes;
using Suanwang.Api;
using Suanwang.Api.Client;
using Suanwang.Api.Contracts;
using Suanwang.Broker;
using Suanwang.Broker.Tests.Support;

namespace Suanwang.Broker.Tests;

/// <summary>Why a center lost travels as a code from a closed set: an enum in the OpenAPI document, a string in JSON.</summary>
public sealed class DecisionContractTests
{
    [Fact]
    public async Task The_OpenAPI_document_lists_every_loss_code_as_an_enum()
    {
        await using var broker = await TestBroker.StartAsync();
        var document = JsonNode.Parse(await broker.Anonymous.GetStringAsync(ApiRoutes.OpenApi))!;

        var schema = document["components"]!["schemas"]!["LossCode"]!;
        // ASP.NET Core lists null among a nullable enum's values, as OpenAPI 3.0's nullable enums do: the winner has no code.
        Assert.Equal([.. Enum.GetNames<LossCode>(), null], schema["enum"]!.AsArray().Select(v => v?.GetValue<string>()));
        Assert.Contains("code", document["components"]!["schemas"]!["CandidateView"]!["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void The_core_and_the_API_have_the_same_loss_codes()
    {
        Assert.Equal(Enum.GetNames<Placement.Decisions.LossCode>(), Enum.GetNames<LossCode>());
        foreach (var code in Enum.GetValues<Placement.Decisions.LossCode>())
            Assert.Equal(code.ToString(), DecisionViews.From(code)!.Value.ToString());
    }

    [Fact]
    public void A_loss_code_is_written_as_its_name()
    {
        var candidate = new CandidateView("wuhu", CandidateVerdict.Filtered, "residency", "outside zone cn", null, null, LossCode.FilteredResidency);

        Assert.Contains("\"code\":\"FilteredResidency\"", JsonSerializer.Serialize(candidate, ApiJson.Options));
    }

    [Fact]
    public void A_decision_stored_before_codes_existed_reads_its_codes_from_its_deciding_factors()
    {
        const string stored = """
            {"jobId":"j-1","policy":"suanwang","networkRevision":"r","decidedAt":"2026-11-24T02:00:00+00:00","placed":true,"summary":"s","plan":null,
             "candidates":[
               {"centerId":"qingyang","verdict":"Chosen","decidingFactor":null,"reason":"best score","plan":null,"score":1.0},
               {"centerId":"zhongwei","verdict":"Outscored","decidingFactor":"completion-time","reason":"finishes later","plan":null,"score":2.0},
               {"centerId":"wuhu","verdict":"Filtered","decidingFactor":"residency","reason":"outside zone cn","plan":null,"score":null}]}
            """;

        var decision = JsonSerializer.Deserialize<DecisionView>(stored, JobViews.StoreJson)!;

        Assert.Equal([null, LossCode.Slower, LossCode.FilteredResidency], decision.Candidates.Select(c => c.Code));
    }
}
