using System.Net;
using System.Net.Http.Json;
using System.Text;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Xunit.Abstractions;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Scale;

/// <summary>
/// A job array's text is stored once however many elements it has (each element's request is made from it when
/// needed), and every element still runs the whole script with its own index.
/// </summary>
public sealed class ArrayBodyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    // A script of about kib KiB: directives, then comment lines, then the command.
    private static string Script(string array, int kib, string command)
    {
        var text = new StringBuilder($"#!/bin/sh\n#SBATCH --job-name=big\n#SBATCH --array={array}\n#SBATCH --cpus-per-task=1\n#SBATCH --time=00:05:00\n");
        while (text.Length < kib * 1024) text.Append("# ").Append('x', 98).Append('\n');
        return text.Append(command).Append('\n').ToString();
    }

    [Fact]
    public async Task A_100_KB_script_with_a_thousand_elements_grows_the_store_by_about_one_copy_of_it()
    {
        // Every center drained: the elements stay queued, so the figures are what storing them costs.
        var centers = (await _broker.Admin.GetFromJsonAsync<CenterView[]>(ApiRoutes.Centers, Json))!;
        foreach (var c in centers) await _broker.Admin.PostAsync(ApiRoutes.With(ApiRoutes.CenterDrain, c.Id), null);
        string script = Script("0-999", 100, "true");
        string data = _broker.Options.DataDirectory;
        long storeBefore = StoreFigures.StoreBytes(data), rssBefore = StoreFigures.RssBytes();

        var response = await PostSpecAsync(_broker.Tenant, script);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(1000, System.Text.Json.JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs.Count);
        // Let the scheduler look at them (it reads the front of the queue and their shared request).
        var first = await WaitForAsync(_broker.Tenant, $"{System.Text.Json.JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs[0].Id}",
            j => j.Reason.StartsWith("waiting:", StringComparison.Ordinal));
        Assert.Equal(JobState.Queued, first.State);

        long grown = StoreFigures.StoreBytes(data) - storeBefore;
        long rssGrown = StoreFigures.RssBytes() - rssBefore;
        output.WriteLine($"one {script.Length / 1024} KB script × 1,000 array elements: store +{StoreFigures.Mb(grown)} (file and log), " +
                         $"test process with the broker in it +{StoreFigures.Mb(rssGrown)} resident ({StoreFigures.Mb(StoreFigures.RssBytes())} in all)");
        // Stored per element this was 1,000 copies, hundreds of MB; one copy and 1,000 small rows are about 1–2 MB. The bound
        // is far above that, so it catches only copies.
        Assert.True(grown < 10 * 1024 * 1024, $"the store grew by {StoreFigures.Mb(grown)} for one 100 KB array of 1,000");
    }

    [Fact]
    public async Task Each_element_of_an_array_runs_the_whole_script_with_its_own_index()
    {
        string script = Script("3,5,7", 64, "echo \"$SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT $(wc -c < \"$0\")\"");
        var response = await PostSpecAsync(_broker.Tenant, script);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var jobs = System.Text.Json.JsonSerializer.Deserialize<SubmitResult>(body, Json)!.Jobs;
        int bytes = Encoding.UTF8.GetByteCount(script);
        foreach (var (job, index) in jobs.Zip([3, 5, 7]))
        {
            Assert.EndsWith($"_{index}", job.Id);
            await WaitForStateAsync(_broker.Tenant, job.Id, JobState.Succeeded);
            var stdout = await _broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, job.Id), Json);
            Assert.Equal($"{index} of 3 {bytes}\n", stdout!.Text);
        }
    }
}
