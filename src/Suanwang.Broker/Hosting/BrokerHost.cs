using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Suanwang.Api;
using Suanwang.Broker.Api;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Engines;
using Suanwang.Broker.Limits;
using Suanwang.Broker.Network;
using Suanwang.Broker.Observability;
using Suanwang.Broker.Scheduling;
using Suanwang.Broker.Submissions;
using Suanwang.Engines;
using Suanwang.Model.Errors;
using Suanwang.Store;
using Suanwang.Store.Connection;
using Suanwang.Store.Health;

namespace Suanwang.Broker.Hosting;

/// <summary>What start-up prepared, for the command that started the broker to print.</summary>
/// <param name="NetworkId">The network's id.</param>
/// <param name="NetworkRevision">Its revision number in the store.</param>
/// <param name="Centers">Centers, with how many have an engine.</param>
/// <param name="CentersWithEngine">Centers an engine adapter serves.</param>
/// <param name="AdminTokenFile">Where the bootstrap admin token was written (null when it already existed).</param>
/// <param name="DefaultTokenFile">Where the default tenant's token was written (null when it already existed).</param>
public sealed record BrokerStartup(string NetworkId, long NetworkRevision, int Centers, int CentersWithEngine, string? AdminTokenFile, string? DefaultTokenFile);

/// <summary>
/// Builds the broker: the store (migrated), the network (from the store or the given file), the
/// engines of its centers, the scheduler and the REST API. Start-up fails fast with every problem.
/// </summary>
public static partial class BrokerHost
{
    /// <summary>Authorization policy for admin-only routes.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Name of the tenant created on first start, whose token lets a single user submit at once.</summary>
    public const string DefaultTenant = "default";

    /// <summary>JSON used by the API (web defaults; non-finite numbers written as strings rather than failing).</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    /// <summary>Builds the broker application and prepares everything it needs before serving.</summary>
    /// <param name="options">What the broker is started with.</param>
    /// <param name="logging">Where it logs (default: the console).</param>
    /// <param name="time">Its clock (default: the system's).</param>
    /// <param name="cancellationToken">Stops the preparation.</param>
    /// <param name="engines">
    /// Registers the engines centers may name as their <c>backend</c>, each with its own <c>Add…Engine()</c>; null for
    /// <see cref="StandardEngines.AddStandardEngines"/> (local and Slurm). A center naming no registered engine is refused.
    /// </param>
    public static async Task<(WebApplication App, BrokerStartup Startup)> BuildAsync(BrokerOptions options, Action<ILoggingBuilder>? logging = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default, Action<IServiceCollection>? engines = null)
    {
        time ??= TimeProvider.System;
        if (options.Errors() is { Count: > 0 } errors) throw new SpecException("broker options", errors);
        (options, var lowered) = ConnectionBudget.Fit(options, ConnectionBudget.DescriptorLimit());
        Failpoints.ArmFromEnvironment();
        // Before anything is created: what the broker writes is its user's alone (tokens, store, requests, outputs).
        DataFolder.RestrictUmask();
        Directory.CreateDirectory(options.DataDirectory);
        // One broker per data folder, refused before anything in it is touched.
        var folderLock = DataFolderLock.Acquire(options.DataDirectory);
        BrokerOwnership? ownership = null;
        try
        {
            return await BuildLockedAsync(options, lowered, folderLock, o => ownership = o, logging, time, engines, cancellationToken);
        }
        catch
        {
            if (ownership is not null) await ownership.DisposeAsync();
            else folderLock.Dispose();
            throw;
        }
    }

    private static async Task<(WebApplication App, BrokerStartup Startup)> BuildLockedAsync(BrokerOptions options, IReadOnlyList<string> lowered, DataFolderLock folderLock,
        Action<BrokerOwnership> owned, Action<ILoggingBuilder>? logging, TimeProvider time, Action<IServiceCollection>? engines, CancellationToken cancellationToken)
    {
        BrokerOwnership? ownership = null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "suanwang" });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            // Bounded connections, and short waits for a client's headers and idle keep-alives, so neither a flood of
            // connections nor slow clients can use up the process's file descriptors.
            k.Limits.MaxConcurrentConnections = options.MaxConnections;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
            k.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            k.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        var monitor = new StoreMonitor(time);
        services.AddSingleton(monitor);
        services.AddSingleton(StoreOpener.Options(options.Store, monitor));
        services.AddSingleton<StoreHealth>();
        // Made below, before the store is opened; the container disposes it (and so releases the locks) with the app.
        services.AddSingleton(_ => ownership ?? throw new InvalidOperationException("the broker's locks are not held yet"));
        services.AddSingleton<JobStore>();
        services.AddSingleton<AccessStore>();
        services.AddSingleton<NetworkState>();
        services.AddSingleton<NetworkManager>();
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton<JobIds>();
        services.AddSingleton<SubmissionService>();
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<UnfinishedJobQuota>();
        services.AddSingleton<SubmissionLimits>();
        services.AddSingleton(new LiveStreamLimits(options.MaxLiveStreamsPerTenant, options.MaxLiveStreams));
        services.AddSingleton<Usage>();
        services.AddSingleton<TokenCache>();
        if (engines is null) services.AddStandardEngines(options);
        else engines(services);
        services.AddSingleton(sp => new EngineRegistry(sp.GetServices<ICenterEngineFactory>(), time, options.EngineTimeout, sp.GetRequiredService<ILogger<EngineRegistry>>()));
        services.AddSingleton<SubmissionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionWriter>());
        services.AddScheduler();
        services.AddDashboardApi();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddSchemaTransformer((schema, context, _) =>
        {
            // Closed sets are written as their names (each enum carries its string converter): say they are strings.
            if (context.JsonTypeInfo.Type.IsEnum && schema.Enum is { Count: > 0 }) schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
            return Task.CompletedTask;
        }).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Suanwang broker API";
            document.Info.Description = "Submit jobs once; Suanwang places them on the computing power network's centers, runs them there and explains every decision. Every /v1 route needs `Authorization: Bearer <token>`.";
            document.Info.Version = "v1";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>
            {
                ["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API token: the admin's or a tenant's (suanwang tokens issue).",
                },
            };
            document.Security = [new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(Tokens.AdminRole));
        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Suanwang.Broker");
        var database = options.Store.Provider == StoreProvider.Postgres ? await PostgresBrokerLock.AcquireAsync(options.Store, log, cancellationToken) : null;
        var guard = options.Store.FilePath is { } storeFile ? Suanwang.Model.Files.StoreFileGuard.Protect(storeFile) : null;
        ownership = new BrokerOwnership(folderLock, database, guard);
        owned(ownership);
        DataFolder.Narrow(options.DataDirectory, options.Store.FilePath is { } file ? [file, file + "-wal", file + "-shm", file + "-journal"] : [], log);
        foreach (string limit in lowered) LogLimitLowered(app.Logger, limit);
        var startup = await PrepareAsync(app.Services, options, cancellationToken);

        app.UseExceptionHandler(errors => errors.Run(HandleErrorAsync));
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
                await Problems.WriteAsync(context.HttpContext, response.StatusCode, ReasonOf(response.StatusCode), ReasonOf(response.StatusCode).ToLowerInvariant());
        });
        // Every store call a request makes answers within the store timeout (a 503 after it), even one stuck in the kernel.
        app.Use((context, next) =>
        {
            StoreDeadline.LimitCurrentFlow(TimeSpan.FromSeconds(StoreLocation.TimeoutSeconds));
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet(ApiRoutes.Health, () => Results.Text("ok")).ExcludeFromDescription();
        app.MapGet(ApiRoutes.Ready, ReadyAsync).ExcludeFromDescription();
        app.MapMetrics(ApiRoutes.Metrics, app.Services.GetRequiredService<BrokerMetrics>().Registry);
        JobEndpoints.Map(app);
        CenterEndpoints.Map(app);
        AccessEndpoints.Map(app);
        DashboardApiEndpoints.Map(app);
        Suanwang.Dashboard.DashboardEndpoints.MapSuanwangDashboard(app);
        return (app, startup);
    }

    private static async Task<BrokerStartup> PrepareAsync(IServiceProvider services, BrokerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await StoreOpener.MigrateAsync(options.Store, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // unix-excl: another process holds the SQLite file (another broker with another data folder, or a tool).
            throw new BrokerAlreadyRunningException($"another process has the store {options.Store.Display} open (it is locked); stop it first");
        }
        var manager = services.GetRequiredService<NetworkManager>();
        await manager.LoadAsync(options.Network, new Networks.NetworkLoadOptions(options.PublicData) { SeriesDirectories = options.SeriesDirectories }, cancellationToken);
        var network = services.GetRequiredService<NetworkState>().Current;
        var engines = services.GetRequiredService<EngineRegistry>();
        (string? admin, string? tenant) = options.Bootstrap ? await BootstrapAsync(services, options, network, cancellationToken) : (null, null);
        var scheduler = services.GetRequiredService<Scheduler>();
        services.GetRequiredService<SubmissionWriter>().Committed += scheduler.Wake;
        return new BrokerStartup(network.Definition.Id, network.Number, network.Definition.Centers.Count,
            network.Definition.Centers.Count(c => engines.Has(c.Id)), admin, tenant);
    }

    // First start: a default tenant and two tokens in the data folder (readable by the owner only), so
    // one person on one machine can submit at once. Never again once an admin token exists.
    private static async Task<(string?, string?)> BootstrapAsync(IServiceProvider services, BrokerOptions options, NetworkRevision network, CancellationToken cancellationToken)
    {
        var access = services.GetRequiredService<AccessStore>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await access.AnyAdminTokenAsync(cancellationToken)) return (null, null);
        var tiers = network.Definition.FairShare.Tiers;
        string tier = tiers.FirstOrDefault(t => t.Name == "research")?.Name ?? tiers[0].Name;
        await access.AddTenantAsync(new Store.Entities.TenantRow
        {
            Id = DefaultTenant, Name = "Default tenant", Tier = tier, CreatedAtMs = JobViews.Ms(time.GetUtcNow()),
        }, cancellationToken);
        string folder = Path.Combine(options.DataDirectory, "tokens");
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tenantToken = await AccessEndpoints.IssueAsync(access, time, Tokens.TenantRole, DefaultTenant, "bootstrap: default tenant", cancellationToken);
        string tenantFile = WriteSecret(folder, "default.token", tenantToken.Secret);
        var adminToken = await AccessEndpoints.IssueAsync(access, time, Tokens.AdminRole, null, "bootstrap: admin", cancellationToken);
        string adminFile = WriteSecret(folder, "admin.token", adminToken.Secret);
        return (adminFile, tenantFile);
    }

    private static string WriteSecret(string folder, string name, string secret)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, secret + "\n");
        return path;
    }

    // Ready: this broker holds the store's locks, the store committed a write just now (or within the probe's
    // interval) and met no fault since, and the scheduler has run. Each "not ready" says why.
    private static async Task<IResult> ReadyAsync(StoreHealth health, BrokerOwnership ownership, Scheduler scheduler, HttpContext http)
    {
        if (ownership.Lost is { } lost) return Results.Text($"not scheduling: {lost}", statusCode: 503);
        if (await health.ProblemAsync(http.RequestAborted) is { } problem) return Results.Text(problem, statusCode: 503);
        return scheduler.Cycles > 0 ? Results.Text("ready") : Results.Text("starting", statusCode: 503);
    }

    // Bad input never becomes a 500: the framework's own refusals keep their status; the store being
    // unavailable is a 503 (nothing was acknowledged); anything else is a 500 with no internals shown.
    private static async Task HandleErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title, detail) = error switch
        {
            BadHttpRequestException bad => (bad.StatusCode, ReasonOf(bad.StatusCode), bad.StatusCode == 413 ? "the request body is larger than the broker accepts" : bad.Message),
            StoreNoAnswerException => (503, "Store unavailable",
                $"the store has not answered within {StoreLocation.TimeoutSeconds} s; the submission may still be stored when it recovers: retry with the same {ApiRoutes.IdempotencyKeyHeader} to get the same job"),
            StoreUnavailableException or DbException or DbUpdateException or TimeoutException or InvalidOperationException { InnerException: DbException }
                => (503, "Store unavailable", $"{StoreFaults.Describe(error) ?? "the store could not be reached"}; nothing was changed, retry"),
            OperationCanceledException => (499, "Client closed request", "the request was cancelled"),
            _ => (500, "Internal error", "the broker failed; the error is in its log"),
        };
        if (status == 500)
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Suanwang.Broker").LogError(error, "Unhandled error on {Path}", context.Request.Path.Value);
        if (context.Response.HasStarted) return;
        await Problems.WriteAsync(context, status, title, detail);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Limit lowered to fit this process's file descriptors: {Limit}")]
    private static partial void LogLimitLowered(ILogger logger, string limit);

    private static string ReasonOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        413 => "Payload too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
