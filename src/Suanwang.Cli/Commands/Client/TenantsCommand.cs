using System.CommandLine;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang tenants list|create</c> (admin).</summary>
public static class TenantsCommand
{
    /// <summary>Builds the command with its subcommands.</summary>
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("tenants", "Manage tenants (admin): whose jobs, at which tier, within which monthly quota and budget.");
        command.WithExamples("suanwang tenants create acme --tier sme --quota-acc-hours 500 --budget-yuan 20000");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(CreateTenant(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var options = new ClientOptions("Print the tenants as JSON.");
        var command = new Command("list", "List the tenants (admin).");
        command.WithExamples("suanwang tenants list");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, _, cancellationToken) =>
        {
            var tenants = await session.Client.ListTenantsAsync(cancellationToken);
            if (session.Json)
            {
                session.WriteJson(tenants);
                return ExitCodes.Success;
            }
            var table = ClientText.Table("id", "name", "tier", "quota acc-h/month>", "budget/month>", "created");
            foreach (var t in tenants)
                ClientText.Row(table, t.Id, t.Name, t.Tier, ClientText.OrUnlimited(t.QuotaAcceleratorHours, ClientText.Hours), ClientText.OrUnlimited(t.BudgetYuan, Formats.Money), session.Time(t.CreatedAt));
            if (tenants.Count == 0) env.Out.WriteLine("No tenants.");
            else session.Console().Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command CreateTenant(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "Tenant id: lower-case letters, digits and '-', 1–63 characters." };
        var tier = new Option<string>("--tier") { Description = "Tier; one of the network's tiers (e.g. enterprise, sme, research, education).", Required = true, HelpName = "TIER" };
        var quota = new Option<double?>("--quota-acc-hours") { Description = "Accelerator-hours it may use per calendar month. Default: unlimited.", HelpName = "N" };
        var budget = new Option<double?>("--budget-yuan") { Description = "Yuan it may spend per calendar month. Default: unlimited.", HelpName = "N" };
        var name = new Option<string?>("--name") { Description = "Display name. Default: the id.", HelpName = "NAME" };
        var options = new ClientOptions("Print the new tenant as JSON.");
        var command = new Command("create", "Create a tenant (admin). Then issue it a token with 'suanwang tokens issue --role tenant --tenant ID'.")
        {
            id, tier, quota, budget, name,
        };
        command.WithExamples("suanwang tenants create acme --tier sme --quota-acc-hours 500 --budget-yuan 20000");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            var tenant = await session.Client.CreateTenantAsync(new CreateTenantRequest(
                result.GetValue(id)!, result.GetValue(name), result.GetValue(tier)!, result.GetValue(quota), result.GetValue(budget)), cancellationToken);
            if (session.Json) session.WriteJson(tenant);
            else env.Out.WriteLine(TerminalText.Escape($"created tenant {tenant.Id} (tier {tenant.Tier}; quota {ClientText.OrUnlimited(tenant.QuotaAcceleratorHours, h => ClientText.Hours(h) + " acc-h")}, budget {ClientText.OrUnlimited(tenant.BudgetYuan, Formats.Money)} per month)"));
            return ExitCodes.Success;
        });
    }
}
