using System.CommandLine;
using Suanwang.Api.Contracts;
using Suanwang.Cli.Output;
using Suanwang.Model.Errors;

namespace Suanwang.Cli.Commands.Client;

/// <summary><c>suanwang tokens list|issue|revoke</c> (admin).</summary>
public static class TokensCommand
{
    /// <summary>Builds the command with its subcommands.</summary>
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("tokens", "Manage API tokens (admin). A token acts for one tenant, or is an admin token; the broker keeps only hashes.");
        command.WithExamples("suanwang tokens issue --role tenant --tenant acme --description \"ci pipeline\"");
        command.Subcommands.Add(List(env));
        command.Subcommands.Add(Issue(env));
        command.Subcommands.Add(Revoke(env));
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var options = new ClientOptions("Print the tokens (without secrets) as JSON.");
        var command = new Command("list", "List the tokens, without their secrets (admin).");
        command.WithExamples("suanwang tokens list");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, _, cancellationToken) =>
        {
            var tokens = await session.Client.ListTokensAsync(cancellationToken);
            if (session.Json)
            {
                session.WriteJson(tokens);
                return ExitCodes.Success;
            }
            var table = ClientText.Table("id", "role", "tenant", "description", "created", "revoked");
            foreach (var t in tokens)
                ClientText.Row(table, t.Id, t.Role, t.Tenant, t.Description, session.Time(t.CreatedAt), session.Time(t.RevokedAt));
            if (tokens.Count == 0) env.Out.WriteLine("No tokens.");
            else session.Console().Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command Issue(CliEnvironment env)
    {
        var role = new Option<string>("--role") { Description = "tenant (acts for --tenant) or admin.", Required = true, HelpName = "tenant|admin" };
        role.AcceptOnlyFromAmong("tenant", "admin");
        var tenant = new Option<string?>("--tenant") { Description = "The tenant the token acts for (required for --role tenant).", HelpName = "TENANT" };
        var description = new Option<string?>("--description") { Description = "What it is for, e.g. \"ci pipeline\".", HelpName = "TEXT" };
        var options = new ClientOptions("Print the issued token as JSON (id, role, tenant, secret).");
        var command = new Command("issue", "Issue a token (admin) and print its secret, once, on standard output; the note on standard error gives its id for revoking. Store the secret now: it cannot be shown again.")
        {
            role, tenant, description,
        };
        command.WithExamples("suanwang tokens issue --role tenant --tenant acme --description \"ci pipeline\" > acme.token");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string chosenRole = result.GetValue(role)!;
            string? forTenant = result.GetValue(tenant);
            if (chosenRole == "tenant" && string.IsNullOrWhiteSpace(forTenant))
                throw new SpecException("--tenant", [new SpecError("--tenant", "a tenant token needs --tenant: the tenant it acts for")]);
            var issued = await session.Client.IssueTokenAsync(new IssueTokenRequest(chosenRole, forTenant, result.GetValue(description)), cancellationToken);
            if (session.Json) session.WriteJson(issued);
            else
            {
                env.Out.WriteLine(issued.Secret);
                env.Error.WriteLine(TerminalText.Escape($"issued token {issued.Id} ({issued.Role}{(issued.Tenant is null ? "" : $" for {issued.Tenant}")}); the secret above is shown only this once."));
            }
            return ExitCodes.Success;
        });
    }

    private static Command Revoke(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The token's id (see 'suanwang tokens list'), not its secret." };
        var options = new ClientOptions("Print nothing on success (the broker answers without a body).");
        var command = new Command("revoke", "Revoke a token (admin): requests bearing it are refused from then on.") { id };
        command.WithExamples("suanwang tokens revoke tok-3f9a");
        options.AddTo(command);
        return command.WithClientAction(env, options, async (session, result, cancellationToken) =>
        {
            string tokenId = result.GetValue(id)!;
            await session.Client.RevokeTokenAsync(tokenId, cancellationToken);
            if (!session.Json) env.Out.WriteLine($"revoked token {TerminalText.Escape(tokenId)}");
            return ExitCodes.Success;
        });
    }
}
