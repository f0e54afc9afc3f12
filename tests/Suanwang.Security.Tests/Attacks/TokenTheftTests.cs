using System.Net;
using System.Text.RegularExpressions;
using Suanwang.Api;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// A tenant's job goes after the broker's secrets on the machine it runs on: the admin and tenant tokens (by
/// absolute and relative path, and by searching the whole filesystem), the data folder, the store and its
/// WAL, and the PostgreSQL URL in other processes' arguments and environment. Nothing of it may reach the
/// job's output, no line of that output may work as a token, and the job must not run as root.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed partial class TokenTheftTests(AttackReport report, ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public Task A_job_cannot_read_the_brokers_tokens_or_store(StoreKind store) => report.RunAsync("token-theft", store, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(store, output);
        var mallory = await broker.NewTenantAsync("mallory");
        var job = await BrokerApi.SubmitOneAsync(mallory.Http, BrokerApi.Spec("token-theft", Script(broker.DataDirectory)));
        var done = await BrokerApi.WaitForEndAsync(mallory.Http, job.Id, "the thieving job to end", seconds: 180);
        string stdout = await BrokerApi.OutputAsync(mallory.Http, job.Id, "stdout");
        string stderr = await BrokerApi.OutputAsync(mallory.Http, job.Id, "stderr");
        string all = stdout + "\n" + stderr;
        attack.Figure($"job {done.State}, {stdout.Length + stderr.Length} bytes of output");
        var probes = Probes(stdout);

        string uid = UidLine().Match(stdout) is { Success: true } m ? m.Groups[1].Value : "?";
        attack.Check("run the job as an unprivileged user", uid is not ("0" or "?"), $"uid {uid}",
            () => uid == "?" ? $"the job printed no uid; stdout: {stdout}" : "the job ran as root (id -u printed 0)");

        string admin = broker.AdminToken, tenant = broker.DefaultTenantToken;
        foreach (string probe in (string[])["admin-token-absolute", "admin-token-relative", "admin-token-found", "tenant-token"])
            attack.Check($"read {probe}", !probes.GetValueOrDefault(probe, "").Contains(admin, StringComparison.Ordinal)
                                          && !probes.GetValueOrDefault(probe, "").Contains(tenant, StringComparison.Ordinal),
                "no token in what it printed", () => $"printed a bootstrap token: {probes[probe]}");
        attack.Check("leak the admin token anywhere in stdout or stderr", !all.Contains(admin, StringComparison.Ordinal),
            "absent", () => $"the admin token {admin[..8]}… is in the job's output");
        attack.Check("leak the default tenant's token anywhere in stdout or stderr", !all.Contains(tenant, StringComparison.Ordinal),
            "absent", () => $"the default tenant's token {tenant[..8]}… is in the job's output");
        foreach (string probe in (string[])["data-folder-listing", "store-file", "store-wal", "store-sqlite3"])
            attack.Check($"open {probe}", !probes.ContainsKey(probe), "refused", () => $"the job got: {probes[probe]}");
        attack.Check("read the SQLite header", !all.Contains("SQLite format 3", StringComparison.Ordinal), "absent",
            () => "'SQLite format 3' is in the job's output");
        if (broker.StoreUrl is { } url && new Uri(url).UserInfo.Split(':') is [_, { Length: > 0 } password])
            attack.Check("read the PostgreSQL password from other processes' arguments or environment",
                !all.Contains(Uri.UnescapeDataString(password), StringComparison.Ordinal), "absent",
                () => $"the store's password is in the job's output: {probes.GetValueOrDefault("store-url-in-processes", "")}");

        // Whatever the job printed, no word of it may work as a bearer token on an admin-only route.
        var candidates = all.Split('\n').Select(l => l.Trim()).Where(l => l.Length is >= 16 and <= 200 && l.All(c => c is > ' ' and <= '~'))
            .Concat(TokenShaped().Matches(all).Select(x => x.Value)).Distinct().Take(300).ToList();
        using var anonymous = broker.Client(null);
        var worked = new List<string>();
        foreach (string candidate in candidates)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Tenants);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + candidate);
            using var response = await anonymous.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK) worked.Add(candidate[..Math.Min(12, candidate.Length)] + "…");
        }
        attack.Check($"use its output as a token on {ApiRoutes.Tenants}", worked.Count == 0,
            $"none of {candidates.Count} candidate strings authenticated", () => $"{worked.Count} of them listed the tenants: {string.Join(", ", worked)}");
    });

    // Each probe prints "PROBE-OPEN name" and what it got, or "PROBE-SHUT name"; the whole script keeps going
    // whatever fails. The paths are those of today's layout: the job's working directory is
    // <data>/centers/<center>/<run>/work, so ../../../.. is the data folder.
    private static string Script(string data) => $$"""
        D='{{data}}'
        probe() { name=$1; shift; if out=$("$@" 2>/dev/null) && [ -n "$out" ]; then echo "PROBE-OPEN $name"; printf '%s\n' "$out"; else echo "PROBE-SHUT $name"; fi; }
        echo "UID=$(id -u)"
        probe admin-token-absolute cat "$D/tokens/admin.token"
        probe admin-token-relative cat ../../../../tokens/admin.token
        probe tenant-token cat "$D/tokens/default.token"
        probe data-folder-listing ls -la "$D" "$D/tokens"
        probe store-file head -c 100 "$D/suanwang.db"
        probe store-wal head -c 100 "$D/suanwang.db-wal"
        probe store-sqlite3 sqlite3 -readonly "$D/suanwang.db" "select count(*) from sqlite_master"
        probe admin-token-found sh -c 'find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o -name admin.token -print 2>/dev/null | head -50 | while read -r f; do echo "$f"; cat "$f"; done'
        probe store-url-in-processes sh -c 'cat /proc/[0-9]*/cmdline /proc/[0-9]*/environ 2>/dev/null | tr "\0" "\n" | grep -a "postgres"'
        echo "END"
        """;

    private static Dictionary<string, string> Probes(string stdout)
    {
        var open = new Dictionary<string, string>();
        string? current = null;
        var text = new System.Text.StringBuilder();
        foreach (string line in stdout.Split('\n'))
        {
            if (line.StartsWith("PROBE-", StringComparison.Ordinal) || line == "END")
            {
                if (current is not null) open[current] = text.ToString().TrimEnd();
                current = line.StartsWith("PROBE-OPEN ", StringComparison.Ordinal) ? line["PROBE-OPEN ".Length..] : null;
                text.Clear();
            }
            else if (current is not null) text.AppendLine(line);
        }
        if (current is not null) open[current] = text.ToString().TrimEnd();
        return open;
    }

    [GeneratedRegex(@"^UID=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex UidLine();

    [GeneratedRegex(@"swt_[A-Za-z0-9_-]{20,}")]
    private static partial Regex TokenShaped();
}
