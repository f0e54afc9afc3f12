using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Suanwang.Engines.Slurm.Ssh;

/// <summary>What a remote command came to.</summary>
/// <param name="ExitStatus">Its exit status (-1 when it ended by a signal or gave none).</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
internal sealed record SshCommandResult(int ExitStatus, string Output, string Error);

/// <summary>
/// The SSH connections of one identity (a user on a login node): reused across calls, at most
/// <see cref="SshIdentity.MaxConnections"/> open at once (each runs one command or SFTP transfer at a time), every
/// handshake, command and transfer bounded by <see cref="SshIdentity.Timeout"/>. The server's host key must match the
/// pin, or nothing is sent. A connection that failed or timed out is dropped, never reused; the next call opens a new
/// one. Failures to reach or use the node are <see cref="EngineUnavailableException"/>s naming the center and the login.
/// </summary>
/// <remarks>
/// A hung login node (accepting TCP but never answering) costs each call at most the timeout: the call is abandoned
/// and its connection closed in the background, so neither this pool's other callers past the bound nor any other
/// center wait on it.
/// </remarks>
internal sealed class SshConnectionPool : IAsyncDisposable
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    /// <summary>The most a command's standard output may hold (a listing of tens of thousands of jobs is tens of megabytes).</summary>
    internal const int MaxOutputBytes = 256 * 1024 * 1024;

    /// <summary>The most a command's standard output may hold here (<see cref="MaxOutputBytes"/>; tests lower it).</summary>
    internal int OutputLimitBytes { get; init; } = MaxOutputBytes;

    /// <summary>The most of a command's standard error that is read (more is cut off, as output is).</summary>
    internal const int MaxErrorBytes = 1024 * 1024;

    private readonly SshIdentity _identity;
    private readonly string _centerId;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private readonly List<BaseClient> _idle = [];
    private int _open;
    private int _handshakes;
    private string? _hostKeyAlgorithm; // the algorithm whose key matched the pin, once learned
    private bool _disposed;

    public SshConnectionPool(SshIdentity identity, string centerId)
    {
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        _centerId = centerId;
        _slots = new SemaphoreSlim(identity.MaxConnections, identity.MaxConnections);
    }

    /// <summary>For messages: <c>ssh user@host:port</c>.</summary>
    public string Where => _identity.Where;

    /// <summary>SSH handshakes this pool has started (each new connection is one).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Connections open now (idle or in use).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>
    /// Runs <paramref name="arguments"/> (the program first) on the login node, each argument quoted for the remote
    /// shell (<see cref="ShellQuote"/>), with <paramref name="input"/> (if any) on its standard input. A non-zero exit
    /// status is returned, not thrown. With <paramref name="retryOnStaleConnection"/>, a reused connection found dead
    /// is replaced and the command sent once more: only for commands that are safe to run twice.
    /// </summary>
    public async Task<SshCommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, bool retryOnStaleConnection, CancellationToken cancellationToken)
    {
        string line = ShellQuote.Command(arguments);
        string what = arguments[0];
        return await UseAsync<SshClient, SshCommandResult>(what, retryOnStaleConnection, async (client, token) =>
        {
            using SshCommand command = client.CreateCommand(line);
            command.CommandTimeout = _identity.Timeout;
            Task execution = command.ExecuteAsync(token);
            // Read as it comes, bounded: a node that sends without end is cut off, as an oversized REST answer is.
            Task<string> output = ReadBoundedAsync(command.OutputStream, OutputLimitBytes, what, token);
            Task<string> error = ReadBoundedAsync(command.ExtendedOutputStream, MaxErrorBytes, what, token);
            if (input is not null)
            {
                // Disposing the stream sends EOF: sbatch then reads the whole script.
                using Stream stdin = command.CreateInputStream();
                byte[] bytes = Encoding.UTF8.GetBytes(input);
                await stdin.WriteAsync(bytes, token).ConfigureAwait(false);
            }
            // Whichever fails first says why (an endless answer is cut off before the command would end).
            var pending = new List<Task> { execution, output, error };
            while (pending.Count > 0)
            {
                Task done = await Task.WhenAny(pending).ConfigureAwait(false);
                await done.ConfigureAwait(false);
                pending.Remove(done);
            }
            return new SshCommandResult(command.ExitStatus ?? -1, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> with an SFTP session of this identity (read-only work: it may be retried on a stale connection).</summary>
    public Task<T> SftpAsync<T>(string what, Func<SftpClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        UseAsync(what, retryOnStale: true, work, cancellationToken);

    private async Task<T> UseAsync<TClient, T>(string what, bool retryOnStale, Func<TClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        where TClient : BaseClient
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_identity.Timeout);
        try
        {
            await _slots.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where}: all {_identity.MaxConnections} connections stayed busy for {Seconds} s ({what} not sent)");
        }
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                (TClient client, bool reused) = await AcquireAsync<TClient>(deadline.Token, cancellationToken).ConfigureAwait(false);
                bool healthy = false;
                try
                {
                    // WaitAsync: the library's own cancellation may wait on a server that no longer answers.
                    T result = await work(client, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
                    healthy = true;
                    return result;
                }
                catch (Exception e) when (e is SshOperationTimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // SSH.NET's own timeouts (opening a channel, a command's) are the same verdict as ours.
                    throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} did not finish {what} within {Seconds} s");
                }
                catch (Exception e) when (IsConnectionFailure(e) && reused && retryOnStale && attempt == 0)
                {
                    // An idle connection the server or the network dropped: once more on a new one.
                }
                catch (Exception e) when (IsConnectionFailure(e))
                {
                    throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} dropped the connection during {what}: {Failure(e)}");
                }
                catch (SftpPermissionDeniedException)
                {
                    healthy = true; // a refusal, not a broken connection
                    throw;
                }
                catch (SftpPathNotFoundException)
                {
                    healthy = true;
                    throw;
                }
                finally
                {
                    if (healthy && client.IsConnected) Release(client);
                    else Discard(client);
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<string> ReadBoundedAsync(Stream stream, int limit, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        while (true)
        {
            int n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            if (buffer.Length + n > limit)
                throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} sent more than {limit / (1024 * 1024)} MiB for {what}: cut off");
            buffer.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private string Seconds => _identity.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsConnectionFailure(Exception e) =>
        e is SshConnectionException or SocketException or ObjectDisposedException or IOException or SshException && e is not SftpPathNotFoundException and not SftpPermissionDeniedException;

    private async Task<(TClient Client, bool Reused)> AcquireAsync<TClient>(CancellationToken deadline, CancellationToken caller) where TClient : BaseClient
    {
        BaseClient? evict = null;
        lock (_lock)
        {
            for (int i = _idle.Count - 1; i >= 0; i--)
            {
                if (_idle[i] is TClient mine)
                {
                    _idle.RemoveAt(i);
                    if (mine.IsConnected) return (mine, true);
                    _open--;
                    CloseInBackground(mine);
                }
            }
            // At the bound, an idle connection of the other kind (SSH vs SFTP) makes room.
            if (_open >= _identity.MaxConnections && _idle.Count > 0)
            {
                evict = _idle[0];
                _idle.RemoveAt(0);
                _open--;
            }
            _open++;
        }
        if (evict is not null) CloseInBackground(evict);
        try
        {
            return ((TClient)await ConnectAsync(typeof(TClient) == typeof(SftpClient), deadline, caller).ConfigureAwait(false), false);
        }
        catch
        {
            lock (_lock) _open--;
            throw;
        }
    }

    private async Task<BaseClient> ConnectAsync(bool sftp, CancellationToken deadline, CancellationToken caller)
    {
        var seen = new List<string>();
        // Without a key type in the pin, a server holding several host keys may offer one that is not the pinned
        // one: each mismatching type is then left out and the handshake tried again, and the one that matched kept.
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            BaseClient client = NewClient(sftp, excluded, out string? offered);
            if (offered is null) break; // no algorithm left to try
            string? presented = null;
            bool matched = false;
            client.HostKeyReceived += (_, e) =>
            {
                presented = $"SHA256:{e.FingerPrintSHA256} ({e.HostKeyName})";
                matched = _identity.HostKey.Matches(e.FingerPrintSHA256);
                e.CanTrust = matched;
                if (matched) _hostKeyAlgorithm = e.HostKeyName;
                else excluded.Add(e.HostKeyName);
            };
            Interlocked.Increment(ref _handshakes);
            try
            {
                await client.ConnectAsync(deadline).WaitAsync(deadline).ConfigureAwait(false);
                return client;
            }
            catch (OperationCanceledException) when (!caller.IsCancellationRequested)
            {
                CloseInBackground(client);
                throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} did not complete the SSH handshake within {Seconds} s");
            }
            catch (SshAuthenticationException)
            {
                CloseInBackground(client);
                throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} refused the key of user '{_identity.Login.User}' (is its public key in that user's authorized_keys?)");
            }
            catch (Exception e) when (presented is not null && !matched)
            {
                _ = e;
                CloseInBackground(client);
                seen.Add(presented);
                if (_identity.HostKey.KeyType is not null) break;
            }
            catch (Exception e) when (e is SshConnectionException or SocketException or SshException or ProxyException or IOException)
            {
                CloseInBackground(client);
                // A server that has no key of the remaining types ends the key exchange: the mismatches seen say why.
                if (seen.Count > 0) break;
                throw new EngineUnavailableException($"login node of center '{_centerId}' at {Where} cannot be reached: {Failure(e)}");
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or FileNotFoundException or UnauthorizedAccessException or DirectoryNotFoundException)
            {
                CloseInBackground(client);
                throw new EngineUnavailableException($"the private key of center '{_centerId}' for {Where} ('{_identity.KeyPath}') cannot be used: {e.GetType().Name}");
            }
        }
        throw new EngineUnavailableException(
            $"login node of center '{_centerId}' at {Where} presented host key {(seen.Count == 0 ? "of no type the pin allows" : string.Join(", ", seen))}, " +
            $"not the pinned {_identity.HostKey}: not connecting (if the node's key really changed, set the center's 'hostKey' to the new one)");
    }

    private BaseClient NewClient(bool sftp, HashSet<string> excluded, out string? offered)
    {
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(_identity.KeyPath);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never the library's message: it could quote the file.
            throw new EngineUnavailableException($"the private key of center '{_centerId}' for {Where} ('{_identity.KeyPath}') cannot be read as an OpenSSH or PEM private key without passphrase ({e.GetType().Name})");
        }
        SshLogin login = _identity.Login;
        var info = new ConnectionInfo(login.Host, login.Port, login.User, new PrivateKeyAuthenticationMethod(login.User, key))
        {
            Timeout = _identity.Timeout,
        };
        foreach (string algorithm in info.HostKeyAlgorithms.Keys.ToList())
        {
            bool keep = _identity.HostKey.Admits(algorithm) && !excluded.Contains(algorithm)
                && (_hostKeyAlgorithm is null || algorithm == _hostKeyAlgorithm);
            if (!keep) info.HostKeyAlgorithms.Remove(algorithm);
        }
        offered = info.HostKeyAlgorithms.Count > 0 ? info.HostKeyAlgorithms.Keys.First() : null;
        BaseClient client = sftp
            ? new SftpClient(info) { OperationTimeout = _identity.Timeout }
            : new SshClient(info);
        client.KeepAliveInterval = KeepAlive;
        return client;
    }

    private void Release(BaseClient client)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _idle.Add(client);
                return;
            }
            _open--;
        }
        CloseInBackground(client);
    }

    private void Discard(BaseClient client)
    {
        lock (_lock) _open--;
        CloseInBackground(client);
    }

    // Disconnecting says goodbye to the server, which a hung one never hears: never on the caller's time.
    private static void CloseInBackground(BaseClient client) => _ = Task.Run(() =>
    {
        try
        {
            client.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Closing a broken connection may fail; it is gone either way.
        }
    });

    private static string Failure(Exception e) => e switch
    {
        SocketException s => s.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "its host name does not resolve",
            SocketError.TimedOut => "the connection timed out",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
            _ => $"socket error {s.SocketErrorCode}",
        },
        SshConnectionException c => $"the SSH connection ended ({c.DisconnectReason})",
        { InnerException: SocketException inner } => Failure(inner),
        _ => e.GetType().Name,
    };

    /// <summary>Closes every connection (in the background: a hung node does not hold the caller).</summary>
    public ValueTask DisposeAsync()
    {
        List<BaseClient> idle;
        lock (_lock)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            idle = [.. _idle];
            _open -= _idle.Count;
            _idle.Clear();
        }
        foreach (BaseClient client in idle) CloseInBackground(client);
        return ValueTask.CompletedTask;
    }
}
