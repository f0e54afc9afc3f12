using System.CommandLine;
using Spectre.Console;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang usage</c>: this month's use against quota and budget.</summary>
public static class UsageCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var options = new ClientOptions("Print the usage as JSON, one entry per tenant.");
        var command = new Command("usage", "Show this month's usage of your tenant (with an admin token: every tenant): jobs by state, accelerator-hours used and left of the quota, yuan spent and left of the budget.");
        command.WithExamples("suanwang usage");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, _, cancellationToken) =>
        {
            var usage = await session.Client.GetUsageAsync(cancellationToken);
            if (session.Json)
            {
                session.WriteJson(usage);
                return ExitCodes.Success;
            }
            if (usage.Count == 0)
            {
                env.Out.WriteLine("No usage this month.");
                return ExitCodes.Success;
            }
            var table = ClientText.Table("tenant", "tier", "jobs", "accelerator-h>", "quota left acc-h>", "¥ used>", "¥ budget>", "¥ left>");
            var periods = usage.Select(u => u.PeriodStart).Distinct().ToList();
            if (periods.Count == 1) table.Title($"since {session.Time(periods[0])}");
            foreach (var u in usage)
            {
                string jobs = string.Join(", ", ClientText.States.Where(s => u.JobsByState.GetValueOrDefault(s) > 0).Select(s => $"{u.JobsByState[s]} {s}"));
                ClientText.Row(table, u.Tenant, u.Tier, jobs.Length == 0 ? "none" : jobs, ClientText.Hours(u.AcceleratorHours),
                    ClientText.OrUnlimited(u.RemainingAcceleratorHours, ClientText.Hours) + (u.QuotaAcceleratorHours is { } quota ? $" of {ClientText.Hours(quota)}" : ""),
                    Formats.Money(u.CostYuan), ClientText.OrUnlimited(u.BudgetYuan, Formats.Money), ClientText.OrUnlimited(u.RemainingBudgetYuan, Formats.Money));
            }
            session.Console().Write(table);
            return ExitCodes.Success;
        });
    }
}
