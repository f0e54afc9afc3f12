using System.Net;
using Suanwang.Api;
using Suanwang.Lifecycle;
using Suanwang.Security.Tests.Support;
using Xunit.Abstractions;

namespace Suanwang.Security.Tests.Attacks;

/// <summary>
/// Tenant B (mallory) goes after tenant A's (alice's) running job: through the machine (A's run folder: its
/// output, its request with A's environment secret, its exit marker; A's processes: their environment, a
/// targeted kill, the run's process group) and through the API. A's secrets must not reach B, A's job must
/// run on until A's gate opens and then end by its own exit code, and the API must answer B 404 for A's job.
/// </summary>
[Collection(HostileCollection.Name)]
[Trait("Category", "Security")]
public sealed class CrossTenantTests(AttackReport report, ITestOutputHelper output)
{
    private const int AliceExitCode = 3;

    [Fact]
    public Task A_tenant_cannot_read_forge_or_kill_another_tenants_job() => report.RunAsync("cross-tenant", StoreKind.Sqlite, output, async attack =>
    {
        await using var broker = await HostileBroker.StartAsync(StoreKind.Sqlite, output);
        var alice = await broker.NewTenantAsync("alice");
        var mallory = await broker.NewTenantAsync("mallory");
        string stdoutSecret = $"alice-output-{Guid.NewGuid():N}", envSecret = $"alice-env-{Guid.NewGuid():N}", killMark = $"alice-mark-{Guid.NewGuid():N}";
        var gate = broker.NewGate();
        // The job ends Failed with its own exit code once the gate opens: a forged "0" would show as Succeeded.
        var victim = await BrokerApi.SubmitOneAsync(alice.Http, BrokerApi.Spec("victim",
            $"echo {stdoutSecret}; echo {stdoutSecret} >&2; : {killMark}; {gate.ShellWait}; exit {AliceExitCode}",
            new Dictionary<string, string> { ["ALICE_SECRET"] = envSecret }));
        await BrokerApi.WaitUntilAsync(async () => (await BrokerApi.OutputAsync(alice.Http, victim.Id)).Contains(stdoutSecret, StringComparison.Ordinal),
            "alice's job to run and print its marker", status: async () => $"alice's job is {(await BrokerApi.GetJobAsync(alice.Http, victim.Id)).State}");

        var thief = await BrokerApi.SubmitOneAsync(mallory.Http, BrokerApi.Spec("thief", Script(broker.DataDirectory),
            new Dictionary<string, string> { ["TARGET"] = killMark, ["HOST_PIDNS"] = HostProcesses.PidNamespace }));
        var thiefDone = await BrokerApi.WaitForEndAsync(mallory.Http, thief.Id, "mallory's job to end", seconds: 120);
        string stolen = await BrokerApi.OutputAsync(mallory.Http, thief.Id) + "\n" + await BrokerApi.OutputAsync(mallory.Http, thief.Id, "stderr");
        var sections = Sections.Parse(stolen);
        attack.Figure($"mallory's job {thiefDone.State}");

        foreach (string section in (string[])["read-output", "read-request", "read-environ"])
        {
            string got = sections.GetValueOrDefault(section, "");
            attack.Check($"{section} of alice's job", !got.Contains(stdoutSecret, StringComparison.Ordinal) && !got.Contains(envSecret, StringComparison.Ordinal),
                "none of alice's secrets", () => $"mallory's job printed alice's secret: {got}");
        }
        attack.Check("leak alice's output or env secret anywhere in mallory's output",
            !stolen.Contains(stdoutSecret, StringComparison.Ordinal) && !stolen.Contains(envSecret, StringComparison.Ordinal), "absent",
            () => "alice's secrets are in mallory's output");

        // A forged exit shows within an engine poll or two; a slow machine can only hide it, never invent it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var during = await BrokerApi.GetJobAsync(alice.Http, victim.Id);
        attack.Check("write 0 into alice's exit marker", during.State == JobState.Running, "alice's job still Running",
            () => $"alice's job shows {during.State} (exit {during.ExitCode}) while it still waits on its gate; mallory printed: {sections.GetValueOrDefault("forge-exit", "")}");
        string broad = sections.GetValueOrDefault("kill-broad", "");
        bool broadTried = broad.Contains("TRYING", StringComparison.Ordinal);
        if (!broadTried)
            attack.Skipped("pkill -u, kill -9 -1", "mallory's job was root or in the host's PID namespace, where they would hit the whole machine");
        // Alice's end by her own exit code (below) is the proof; this names the attempt when a kill got through.
        var alive = HostProcesses.WithMarker(killMark);
        attack.Check($"kill alice's processes (by command line, by the run's process group{(broadTried ? ", pkill -u, kill -9 -1" : "")})", alive.Count > 0,
            "alice's processes still alive",
            () => $"no process of alice's job is left; mallory printed: {sections.GetValueOrDefault("kill-targeted", "")} {sections.GetValueOrDefault("kill-group", "")}");

        gate.Open();
        var ended = await BrokerApi.WaitForEndAsync(alice.Http, victim.Id,
            "alice's job to end after its gate opened (if it never does, the gate folder is not visible to confined jobs: see SandboxGate.ExposeSetting)");
        attack.Check("change how alice's job ends", ended.State == JobState.Failed && ended.ExitCode == AliceExitCode,
            $"it ended by its own exit code {AliceExitCode}", () => $"alice's job ended {ended.State}, exit {ended.ExitCode} ({ended.Reason}), not Failed with {AliceExitCode}");

        // Through the API, alice's job does not exist for mallory.
        foreach (string route in (string[])[ApiRoutes.Job, ApiRoutes.JobOutput, ApiRoutes.JobEvents, ApiRoutes.JobExplanation, ApiRoutes.JobMetering])
        {
            using var response = await mallory.Http.GetAsync(ApiRoutes.With(route, victim.Id) + (route == ApiRoutes.JobOutput ? "?stream=stderr" : ""));
            string body = await response.Content.ReadAsStringAsync();
            attack.Check($"GET {route} of alice's job", response.StatusCode == HttpStatusCode.NotFound && !body.Contains(stdoutSecret, StringComparison.Ordinal),
                "404", () => $"{(int)response.StatusCode}: {body}");
        }
        using (var cancel = await mallory.Http.PostAsync(ApiRoutes.With(ApiRoutes.JobCancel, victim.Id), null))
        {
            string body = await cancel.Content.ReadAsStringAsync();
            attack.Check("cancel alice's job", cancel.StatusCode == HttpStatusCode.NotFound, "404", () => $"{(int)cancel.StatusCode}: {body}");
        }
        var listed = await BrokerApi.ListAllAsync(mallory.Http);
        attack.Check("list jobs", listed.All(j => j.Tenant == "mallory"), "only mallory's own", () => $"mallory's list holds {string.Join(", ", listed.Where(j => j.Tenant != "mallory").Select(j => j.Id))}");
    });

    // Run folders are found by glob under the data folder (today's layout: <data>/centers/<center>/sw-<job>-a<n>/),
    // skipping the thief's own. Broad kills (pkill -u, kill -9 -1) are tried only by a non-root job in a PID
    // namespace of its own: anywhere else they would reach far beyond this broker.
    private static string Script(string data) => $$"""
        D='{{data}}'
        mine() { case "$1" in *"/$SUANWANG_DISPATCH_TOKEN"|*"/$SUANWANG_DISPATCH_TOKEN/"*) return 0;; esac; return 1; }
        echo "== read-output"
        for f in "$D"/centers/*/sw-*/stdout "$D"/centers/*/sw-*/stderr; do mine "$f" && continue; cat "$f" 2>/dev/null && echo "READ $f"; done
        echo "== read-request"
        for f in "$D"/centers/*/sw-*/request.json; do mine "$f" && continue; cat "$f" 2>/dev/null && echo "READ $f"; done
        echo "== forge-exit"
        for d in "$D"/centers/*/sw-*; do mine "$d" && continue; printf 0 > "$d/exit.forged" 2>/dev/null && mv -f "$d/exit.forged" "$d/exit" 2>/dev/null && echo "FORGED $d"; done
        echo "== read-environ"
        for p in /proc/[0-9]*; do c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null); case "$c" in *"$TARGET"*) tr '\0' '\n' < "$p/environ" 2>/dev/null;; esac; done
        echo "== kill-targeted"
        for p in /proc/[0-9]*; do c=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null); case "$c" in *"$TARGET"*) kill -9 "${p#/proc/}" 2>/dev/null && echo "KILLED ${p#/proc/}";; esac; done
        echo "== kill-group"
        for f in "$D"/centers/*/sw-*/started; do mine "$f" && continue; g=$(cat "$f" 2>/dev/null); case "$g" in ''|*[!0-9]*|0|1) continue;; esac; kill -9 -- "-$g" 2>/dev/null && echo "KILLED GROUP $g"; done
        echo "== kill-broad"
        ns=$(readlink /proc/self/ns/pid 2>/dev/null)
        if [ "$(id -u)" != 0 ] && [ -n "$ns" ] && [ "$ns" != "$HOST_PIDNS" ]; then echo "TRYING"; pkill -9 -u "$(id -u)"; kill -9 -1; else echo "SKIPPED"; fi
        """;
}
