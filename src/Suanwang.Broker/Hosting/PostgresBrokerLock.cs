using Microsoft.Extensions.Logging;
using Npgsql;
using Suanwang.Store.Connection;

namespace Suanwang.Broker.Hosting;

/// <summary>
/// One broker per PostgreSQL database, until several brokers can share one safely: a session-level advisory
/// lock held on a connection of its own for the broker's life. PostgreSQL releases it when that session ends,
/// however it ends (the broker killed, the connection cut, the session terminated), and only then can another
/// broker take it.
/// <para>
/// Losing it means another broker may be scheduling, so this one must stop at once: <see cref="ConfirmAsync"/>
/// asks the lock's session (a round trip on its connection: alive means still held) before every scheduling
/// cycle and again before handing runs to centers, and a watch asks every <see cref="WatchInterval"/>. Once it
/// is lost the scheduler does nothing, <c>/readyz</c> says why, and the watch tries to take the lock again: if
/// no other broker holds it by then, this one carries on.
/// </para>
/// </summary>
public sealed partial class PostgresBrokerLock : IAsyncDisposable
{
    /// <summary>The advisory lock's key pair: "SW" and 1 (per database, as advisory locks are).</summary>
    public const int KeyClass = 0x5357, KeyObject = 1;

    /// <summary>How often the watch asks whether the lock is still held.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlConnection? _connection;
    private volatile string? _lost;
    private Task _watch = Task.CompletedTask;

    private PostgresBrokerLock(string connectionString, ILogger logger)
    {
        _connectionString = connectionString;
        _logger = logger;
    }

    /// <summary>Null while held; else why it is not.</summary>
    public string? Lost => _lost;

    /// <summary>Takes the lock, or throws <see cref="BrokerAlreadyRunningException"/> naming the session that holds it.</summary>
    public static async Task<PostgresBrokerLock> AcquireAsync(StoreLocation store, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(store.ConnectionString)
        {
            Pooling = false, // closing must end the session, and with it the lock
            ApplicationName = $"suanwang broker (pid {Environment.ProcessId} on {Environment.MachineName})",
            KeepAlive = 5,
        };
        var held = new PostgresBrokerLock(builder.ConnectionString, logger);
        if (await held.TryTakeAsync(cancellationToken) is { } holder)
        {
            await held.DisposeAsync();
            throw new BrokerAlreadyRunningException(
                $"another broker is running on the store {store.Display} ({holder} holds its lock); stop it first, or give this one another database");
        }
        held._watch = held.WatchAsync(held._stop.Token);
        return held;
    }

    /// <summary>True when the lock is still held (its session answered); false, and <see cref="Lost"/> says why, when not.</summary>
    public async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        if (_lost is not null) return false;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_lost is not null || _connection is null) return false;
            await using var command = new NpgsqlCommand("SELECT 1", _connection) { CommandTimeout = StoreLocation.TimeoutSeconds };
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            MarkLost($"the connection holding the store's lock failed: {e.Message}");
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void MarkLost(string reason)
    {
        if (_lost is not null) return;
        _lost = reason;
        LogLost(_logger, reason);
        _connection?.Dispose();
        _connection = null;
    }

    // Opens a session and tries the lock: null when taken, else who holds it.
    private async Task<string?> TryTakeAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({KeyClass}, {KeyObject})", connection))
                if ((bool)(await take.ExecuteScalarAsync(cancellationToken))!)
                {
                    _connection = connection;
                    _lost = null;
                    return null;
                }
            await using var who = new NpgsqlCommand(
                "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local') FROM pg_locks l " +
                "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted " +
                $"AND l.classid = {KeyClass} AND l.objid = {KeyObject} AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            await using var reader = await who.ExecuteReaderAsync(cancellationToken);
            string holder = await reader.ReadAsync(cancellationToken)
                ? $"PostgreSQL session {reader.GetInt32(0)} from {reader.GetString(2)}{(reader.GetString(1) is { Length: > 0 } name ? $", '{name}'" : "")}"
                : "another session";
            await connection.DisposeAsync();
            return holder;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (_lost is null)
                {
                    await ConfirmAsync(stop);
                    continue;
                }
                await _gate.WaitAsync(stop);
                try
                {
                    string? holder = await TryTakeAsync(stop);
                    if (holder is null) LogRegained(_logger);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // Still unreachable: try again at the next tick.
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops the watch and ends the lock's session (releasing the lock).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _watch; } catch (OperationCanceledException) { }
        await _gate.WaitAsync();
        try
        {
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 112, Level = LogLevel.Critical, Message = "Lost the store's lock; scheduling and dispatch stop until it is held again: {Reason}")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Holding the store's lock again: scheduling resumes")]
    private static partial void LogRegained(ILogger logger);
}
