using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Suanwang.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Suanwang.Dashboard.Tests;

/// <summary>Submit from the page, follow the job live to Succeeded, read its output and why it went where it went; cancel another.</summary>
[Collection(DashboardCollection.Name)]
public sealed class JobFlowTests(DashboardFixture broker)
{
    [Fact]
    public async Task A_job_submitted_from_the_page_is_previewed_runs_to_Succeeded_and_explains_its_placement()
    {
        var page = await broker.SignedInAsync(broker.TenantToken, "#/submit");
        string spec = DashboardFixture.Spec("hello-from-dashboard", "echo hello from $SUANWANG_CENTER; sleep 1; echo done");
        await page.GetByLabel("Job spec").FillAsync(spec);

        await page.GetByRole(AriaRole.Button, new() { Name = "Check and preview placement" }).ClickAsync();
        var preview = page.Locator("#preview-table");
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(preview.Locator("tr.chosen")).ToHaveCountAsync(1);
        await Expect(page.Locator("#preview-chart canvas").First).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "submit-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();
        // Only an accepted submission opens the job's page (a refused one stays, with its errors); waiting for
        // #spec-feedback to be empty raced that navigation, which removes it.
        await Expect(page).ToHaveURLAsync(new Regex("#/jobs/j-[0-9a-z]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("hello-from-dashboard");

        // No reload: the state badge follows the live feed to the end.
        await Expect(page.Locator("#job-state .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#job-output")).ToContainTextAsync("done", new() { Timeout = 15_000 });
        await Expect(page.Locator("#job-output")).ToContainTextAsync("hello from");
        await Expect(page.Locator("#job-history")).ToContainTextAsync("Running");

        // The explanation: every center ranked, the winner marked, each loser's deciding factor highlighted, and a chart.
        var table = page.Locator("#explanation-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(table.Locator("tr.chosen")).ToContainTextAsync("Chosen");
        await Expect(table.Locator("tbody tr:not(.chosen) td.factor mark").First).ToBeVisibleAsync();
        await Expect(page.Locator("#explanation-chart canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("#job-metering")).ToContainTextAsync("Actual");
        await DashboardFixture.ScreenshotAsync(page, "job-explanation");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_running_job_is_cancelled_from_its_page()
    {
        var job = await DashboardFixture.SubmitAsync(broker.Tenant, DashboardFixture.Spec("long-sleep", "sleep 120", seconds: 120));
        var page = await broker.SignedInAsync(broker.TenantToken, $"#/jobs/{job.Id}");
        await Expect(page.Locator("#job-state .badge")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Expect(page.Locator("#job-state .badge")).ToHaveTextAsync("Cancelled");
        await Expect(page.Locator("#job-state")).ToContainTextAsync("stopped");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel job" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_bad_spec_shows_its_errors_at_their_lines_and_submits_nothing()
    {
        var page = await broker.SignedInAsync(broker.TenantToken, "#/submit");
        await page.GetByLabel("Job spec").FillAsync("name: broken\ncommand: [\"true\"]\nresources: { cpus: -3, memoryGiB: 1 }\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit job" }).ClickAsync();

        await Expect(page.Locator("#spec-errors")).ToContainTextAsync("line 3");
        await Expect(page.Locator("#spec-errors")).ToContainTextAsync("resources.cpus");
        await Expect(page.Locator(".spec-lines div.bad")).ToHaveCountAsync(1);
        await Expect(page.Locator(".spec-lines div.bad")).ToContainTextAsync("cpus: -3");
        Assert.EndsWith("#/submit", page.Url);

        // An uploaded #SBATCH script's errors name the directive's line.
        string script = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.sbatch");
        File.WriteAllText(script, "#!/bin/bash\n#SBATCH --job-name=x\n#SBATCH --gres=gpu:banana\nsrun hostname\n");
        try
        {
            await page.GetByLabel("Or upload a file").SetInputFilesAsync(script);
            // The page reads the file after the input changes: it is deleted only once its text has arrived.
            await Expect(page.GetByLabel("Job spec")).ToHaveValueAsync(new Regex("#SBATCH --gres=gpu:banana"));
        }
        finally
        {
            File.Delete(script);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and preview placement" }).ClickAsync();
        await Expect(page.Locator("#spec-errors")).ToContainTextAsync("line 3");
        await Expect(page.Locator(".spec-lines div.bad")).ToContainTextAsync("--gres=gpu:banana");
        await page.Context.CloseAsync();
    }
}
