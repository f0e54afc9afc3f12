using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;

namespace Suanwang.Broker.Tests.Limits;

/// <summary>What every limit's refusal looks like, and set-up the limit tests share.</summary>
internal static class Limited
{
    /// <summary>Asserts a 429 with Retry-After and a problem naming <paramref name="limit"/>; returns the problem's detail.</summary>
    public static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string limit)
    {
        // An accepted live stream never ends: only a refusal's body is read.
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
            Assert.Fail($"{(int)response.StatusCode} ({response.Content.Headers.ContentType}), not 429");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"no Retry-After in seconds: {response.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    /// <summary>Drains every center, so submitted jobs stay queued (unfinished) and run nothing.</summary>
    public static async Task DrainAllAsync(TestBroker broker)
    {
        foreach (var center in (await broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, TestBroker.Json))!)
            Assert.Equal(HttpStatusCode.OK, (await broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, center.Id), null)).StatusCode);
    }

    /// <summary>Undoes <see cref="DrainAllAsync"/>.</summary>
    public static async Task ResumeAllAsync(TestBroker broker)
    {
        foreach (var center in (await broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, TestBroker.Json))!)
            Assert.Equal(HttpStatusCode.OK, (await broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterResume, center.Id), null)).StatusCode);
    }

    /// <summary>An #SBATCH job array of <paramref name="tasks"/> small tasks.</summary>
    public static string Array(string name, int tasks) =>
        $"#!/bin/bash\n#SBATCH --job-name={name}\n#SBATCH --array=0-{tasks - 1}\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=1G\n#SBATCH --time=00:05:00\ntrue\n";

    /// <summary>The tenant's jobs in the store (every state).</summary>
    public static async Task<IReadOnlyList<JobView>> JobsAsync(HttpClient client)
    {
        var all = new List<JobView>();
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JobPage>($"{ApiRoutes.Jobs}?limit=500{(cursor is null ? "" : "&cursor=" + cursor)}", TestBroker.Json))!;
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
