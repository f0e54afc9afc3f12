using Suanwang.Cli;
using static Suanwang.Broker.Tests.Support.TestBroker;

namespace Suanwang.Broker.Tests.Limits;

/// <summary><c>suanwang submit</c> against a real broker that refuses for now: the reason, when to retry, exit 8.</summary>
public sealed class CliLimitTests
{
    [Fact]
    public async Task Submit_over_the_tenants_cap_exits_8_printing_the_limit_and_when_to_retry()
    {
        await using var broker = await StartAsync(adjust: o => o with { MaxUnfinishedJobsPerTenant = 1 });
        await Limited.DrainAllAsync(broker);
        var home = Directory.CreateTempSubdirectory("suanwang-cli-home-");
        try
        {
            string spec = Path.Combine(home.FullName, "job.yaml");
            await File.WriteAllTextAsync(spec, Spec("queued", "true"));
            string token = (await File.ReadAllTextAsync(Path.Combine(broker.Options.DataDirectory, "tokens", "default.token"))).Trim();
            var variables = new Dictionary<string, string>
            {
                ["HOME"] = home.FullName,
                ["SUANWANG_BROKER"] = broker.BaseAddress.ToString().TrimEnd('/'),
                ["SUANWANG_TOKEN"] = token,
            };
            (int Code, string Out, string Err) Run(params string[] args)
            {
                var output = new StringWriter();
                var error = new StringWriter();
                var env = new CliEnvironment(new StringReader(""), output, error, TimeProvider.System, name => variables.GetValueOrDefault(name));
                return (SuanwangCli.Run(args, env), output.ToString(), error.ToString());
            }

            var first = Run("submit", spec);
            Assert.True(first.Code == ExitCodes.Success, first.Err);

            var second = Run("submit", spec);

            Assert.Equal(ExitCodes.LimitReached, second.Code);
            Assert.Equal("", second.Out);
            Assert.Equal("error: Limit reached (429): tenant 'default' has 1 unfinished job; its limit is 1; retry after 1 min",
                second.Err.TrimEnd());
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
