using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Suanwang.Testing.Data;

namespace Suanwang.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server for tests, one per test process: <see cref="Shared"/>.
/// <para>
/// With <c>SUANWANG_POSTGRES_URL</c> set (a <c>postgres://</c> URL of a role that may create
/// databases), that server is used. Otherwise <c>scripts/postgres.sh install</c> makes sure the
/// server binaries are there and <c>scripts/postgres.sh start</c> runs a private cluster in a temporary
/// directory on 127.0.0.1. It is stopped and removed when the test process exits: ProcessExit starts
/// the shutdown, and since vstest kills its test host about 100 ms after the run, a watcher the
/// script leaves behind finishes it (within a second of the process's end). A server that does not start fails
/// every test that asks for it, with the script's error output in the message; it is never skipped.
/// </para>
/// <example><code>
/// string url = await PostgresServer.Shared.CreateDatabaseAsync("jobs");      // postgres://…/jobs_1_…
/// await using var source = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(url));
/// </code></example>
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable naming an existing server to use instead of starting one.</summary>
    public const string UrlVariable = "SUANWANG_POSTGRES_URL";

    private static readonly Lazy<PostgresServer> _shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _counter;

    private readonly string? _directory;
    private readonly string? _script;
    private readonly List<string> _created = [];
    private int _stopped;

    private PostgresServer(string url, string? directory, string? script, TimeSpan startTime)
    {
        Url = url;
        ConnectionString = PostgresUrl.ToConnectionString(url);
        _directory = directory;
        _script = script;
        StartTime = startTime;
    }

    /// <summary>The process-wide server, started on first use (thread-safe). Do not dispose it: it stops when the process exits.</summary>
    public static PostgresServer Shared => _shared.Value;

    /// <summary>The administrative URL (database <c>suanwang</c>), in the <c>postgres://</c> form <c>--store</c> takes.</summary>
    public string Url { get; }

    /// <summary><see cref="Url"/> as an Npgsql connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>True when this process started the server (false when it came from <c>SUANWANG_POSTGRES_URL</c>).</summary>
    public bool IsPrivate => _directory is not null;

    /// <summary>How long installing and starting took (zero for a server from <c>SUANWANG_POSTGRES_URL</c>).</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Same as <see cref="PostgresUrl.ToConnectionString"/>.</summary>
    public static string ToConnectionString(string url) => PostgresUrl.ToConnectionString(url);

    /// <summary>
    /// Creates a new, empty database named after <paramref name="prefix"/> (made unique) and returns its
    /// <c>postgres://</c> URL. In the private server it disappears with the server; on a server from
    /// <c>SUANWANG_POSTGRES_URL</c> it is dropped when the process exits.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        string name = UniqueName(prefix);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (!IsPrivate) lock (_created) _created.Add(name);
        return PostgresUrl.WithDatabase(Url, name);
    }

    /// <summary>Drops the database <paramref name="url"/> names (made by <see cref="CreateDatabaseAsync"/>), closing its connections.</summary>
    public async Task DropDatabaseAsync(string url, CancellationToken cancellationToken = default)
    {
        string name = PostgresUrl.DatabaseOf(url);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        lock (_created) _created.Remove(name);
    }

    /// <summary>Stops and removes the private server (or drops the databases made on an external one). Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        Stop(throwOnError: true);
        return ValueTask.CompletedTask;
    }

    // A lower-case identifier: the prefix's letters, digits and underscores, a counter and random hex.
    private static string UniqueName(string prefix)
    {
        var sb = new StringBuilder();
        foreach (char c in prefix.ToLowerInvariant())
            sb.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
        if (sb.Length == 0 || sb[0] is >= '0' and <= '9') sb.Insert(0, "db_");
        if (sb.Length > 40) sb.Length = 40;
        int n = Interlocked.Increment(ref _counter);
        return $"{sb}_{n}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    private static PostgresServer Start()
    {
        if (Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url)
        {
            var external = new PostgresServer(url.Trim(), null, null, TimeSpan.Zero);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => external.Stop(throwOnError: false);
            return external;
        }

        string script = Path.Combine(TestData.RepositoryRoot, "scripts", "postgres.sh");
        var clock = Stopwatch.StartNew();
        RunScript(script, ["install"], TimeSpan.FromMinutes(15));
        string directory = Directory.CreateTempSubdirectory("suanwang-pg-").FullName;
        string output;
        try
        {
            output = RunScript(script, ["start", directory], TimeSpan.FromMinutes(3));
        }
        catch
        {
            TryStopAndRemove(script, directory);
            throw;
        }
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (!line.StartsWith("postgres://", StringComparison.Ordinal))
        {
            TryStopAndRemove(script, directory);
            throw new InvalidOperationException($"scripts/postgres.sh start printed no postgres:// URL; it printed:\n{output}");
        }
        var server = new PostgresServer(line, directory, script, clock.Elapsed);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(throwOnError: false);
        return server;
    }

    private void Stop(bool throwOnError)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try
        {
            if (_directory is not null && _script is not null)
            {
                RunScript(_script, ["stop", _directory], TimeSpan.FromMinutes(1));
                Directory.Delete(_directory, recursive: true);
            }
            else
            {
                DropCreatedDatabases();
            }
        }
        catch (Exception e) when (!throwOnError)
        {
            Console.Error.WriteLine($"PostgresServer: cleaning up failed: {e.Message}");
        }
    }

    private void DropCreatedDatabases()
    {
        string[] names;
        lock (_created) names = [.. _created];
        if (names.Length == 0) return;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        foreach (string name in names)
        {
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
    }

    private static void TryStopAndRemove(string script, string directory)
    {
        try { RunScript(script, ["stop", directory], TimeSpan.FromMinutes(1)); } catch (InvalidOperationException) { }
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // Runs "bash scripts/postgres.sh ARGS"; returns stdout, or throws with stderr in the message.
    private static string RunScript(string script, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        // The script's watcher stops the server and deletes its directory once this process is gone:
        // vstest kills the test host a moment after the run, often before ProcessExit has finished.
        info.Environment["POSTGRES_SH_WATCH_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["POSTGRES_SH_WATCH_REMOVE"] = "1";
        string command = "scripts/postgres.sh " + string.Join(' ', arguments);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command}: bash did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{command} did not finish within {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        string output = stdout.GetAwaiter().GetResult();
        string errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} failed (exit {process.ExitCode}):\n{errors.Trim()}");
        return output;
    }
}

/// <summary>
/// An xunit collection fixture over <see cref="PostgresServer.Shared"/>; each test project declares
/// <c>[CollectionDefinition("postgres")] public sealed class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;</c>
/// and takes a <see cref="PostgresFixture"/> in its test classes' constructors. The server is started
/// when the fixture is made, so a server that cannot start fails the collection's tests. On a server
/// from <c>SUANWANG_POSTGRES_URL</c>, the databases made through the fixture are dropped when xunit
/// disposes it (inside the run: vstest gives ProcessExit handlers only about 100 ms).
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _created = new();

    /// <summary>The process-wide server.</summary>
    public PostgresServer Server { get; } = PostgresServer.Shared;

    /// <summary>Same as <see cref="PostgresServer.CreateDatabaseAsync"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        string url = await Server.CreateDatabaseAsync(prefix, cancellationToken);
        _created.Enqueue(url);
        return url;
    }

    /// <summary>Drops the fixture's databases on an external server (a private server goes away whole).</summary>
    public void Dispose()
    {
        if (Server.IsPrivate) return;
        while (_created.TryDequeue(out string? url)) Server.DropDatabaseAsync(url).GetAwaiter().GetResult();
    }
}
