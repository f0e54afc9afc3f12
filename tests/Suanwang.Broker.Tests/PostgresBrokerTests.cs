using System.Net;
using System.Net.Http.Json;
using Suanwang.Api;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Tests.Support;
using Suanwang.Lifecycle;
using Suanwang.Store.Connection;
using Suanwang.Testing.Postgres;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>The same broker on a real PostgreSQL server: a job's whole life, idempotency, and a restart.</summary>
[Collection("postgres")]
public sealed class PostgresBrokerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_job_runs_to_the_end_with_the_store_on_PostgreSQL_and_survives_a_restart()
    {
        var store = StoreLocation.Parse(await postgres.CreateDatabaseAsync("broker"));
        string data = Directory.CreateTempSubdirectory("suanwang-pg-broker-").FullName;
        try
        {
            string jobId;
            await using (var broker = await StartAsync(store, dataDirectory: data))
            {
                var first = await PostSpecAsync(broker.Tenant, Spec("on-postgres", "echo stored in postgres"), "pg-key");
                var again = await PostSpecAsync(broker.Tenant, Spec("on-postgres", "echo stored in postgres"), "pg-key");
                Assert.Equal(HttpStatusCode.Created, first.StatusCode);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                jobId = (await first.Content.ReadFromJsonAsync<SubmitResult>(Json))!.Jobs.Single().Id;
                Assert.Equal(jobId, (await again.Content.ReadFromJsonAsync<SubmitResult>(Json))!.Jobs.Single().Id);
                await WaitForStateAsync(broker.Tenant, jobId, JobState.Succeeded);
                var output = await broker.Tenant.GetFromJsonAsync<OutputView>(ApiRoutes.With(ApiRoutes.JobOutput, jobId), Json);
                Assert.Equal("stored in postgres\n", output!.Text);
            }
            await using (var restarted = await StartAsync(store, dataDirectory: data))
            {
                var job = await GetJobAsync(restarted.Tenant, jobId);
                Assert.Equal(JobState.Succeeded, job.State);
                var events = await restarted.Tenant.GetFromJsonAsync<JobEventView[]>(ApiRoutes.With(ApiRoutes.JobEvents, jobId), Json);
                Assert.Equal(JobState.Succeeded, events![^1].To);
                var page = await restarted.Tenant.GetFromJsonAsync<JobPage>(ApiRoutes.Jobs, Json);
                Assert.Single(page!.Items);
            }
        }
        finally
        {
            KillRunsAndDelete(data);
        }
    }
}
