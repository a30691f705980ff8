using System.Globalization;
using System.Net.Sockets;
using Readiness.Core.Running;
using StackExchange.Redis;

namespace Readiness.Core.Checks.Health;

/// <summary>Connects to Redis, authenticates, PINGs, and records role and version.</summary>
internal static class RedisProbe
{
    public static async Task<CheckResult> RunAsync(CheckContext context, string address, string? password, string? expectedRole,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (user, host, port) = ParseAddress(context, address);
        var target = $"{host}:{port}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var ms = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        var options = new ConfigurationOptions
        {
            EndPoints = { { host, port } },
            User = user,
            Password = password,
            ClientName = "readiness",
            ConnectTimeout = ms,
            SyncTimeout = ms,
            AsyncTimeout = ms,
            // One attempt that fails loudly: a health check reports what it saw, it does not wait for Redis to come back.
            AbortOnConnectFail = true,
            ConnectRetry = 0,
            // No tie-break key is read. StackExchange.Redis counts INFO and ROLE as admin commands; the probe sends
            // nothing but AUTH, PING, ROLE and INFO.
            TieBreaker = "",
            AllowAdmin = true,
        };
        var started = DateTime.UtcNow;
        try
        {
            await ReachAsync(host, port, deadline.Token).ConfigureAwait(false);
            await using var redis = await Bounded(ConnectionMultiplexer.ConnectAsync(options), deadline.Token).ConfigureAwait(false);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var db = redis.GetDatabase();
            if (password is not null) await NoPasswordSetAsync(db, user, password, deadline.Token).ConfigureAwait(false);
            var pong = (string?)await db.ExecuteAsync("PING").WaitAsync(deadline.Token).ConfigureAwait(false);
            if (pong != "PONG") return context.Fail($"Redis at {target} answered PING with '{pong}' instead of PONG.", target);
            var role = (await server.RoleAsync().WaitAsync(deadline.Token).ConfigureAwait(false)).Value ?? "unknown";
            var info = await server.InfoAsync("server").WaitAsync(deadline.Token).ConfigureAwait(false);
            var version = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "redis_version").Value ?? "unknown";
            if (expectedRole is not null && !string.Equals(role, expectedRole, StringComparison.OrdinalIgnoreCase))
                return context.Fail($"Redis at {target} is a {role}, expected {expectedRole}.", target).WithEvidence("role", role).WithEvidence("version", version);
            return context.Pass($"Redis {version} at {target} answers PING as {role}.", target)
                .WithEvidence("role", role).WithEvidence("version", version).WithEvidence("authenticated", password is not null);
        }
        catch (RedisConnectionException ex) when (ex.FailureType == ConnectionFailureType.AuthenticationFailure
                                                  && ex.InnerException?.Message.Contains("NOAUTH", StringComparison.Ordinal) == true)
        {
            return context.Fail($"Redis at {target} requires authentication and no password was given.", target,
                "Set passwordEnv to the variable holding the Redis password.");
        }
        catch (RedisConnectionException ex) when (ex.FailureType == ConnectionFailureType.AuthenticationFailure)
        {
            return context.Fail($"Redis at {target} rejected the credentials: authentication failed{(user is null ? "" : $" for user {user}")}.", target,
                "Check the password in the environment variable named by passwordEnv.");
        }
        catch (NoPasswordSetException)
        {
            return context.Fail($"Redis at {target} has no password set, so anyone who reaches it can use it.", target,
                "Set requirepass (or ACL users) on the Redis server.");
        }
        catch (RedisServerException ex)
        {
            return context.Fail($"Redis at {target} answered with an error: {ex.Message}.", target);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(context, target, timeout);
        }
        catch (RedisTimeoutException)
        {
            return TimedOut(context, target, timeout);
        }
        catch (SocketException ex)
        {
            return context.Error($"Redis at {target} could not be reached: {(ex.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.Message)}.", target);
        }
        catch (RedisConnectionException ex) when (ex.FailureType == ConnectionFailureType.ProtocolFailure)
        {
            return context.Error($"Redis at {target} did not speak RESP.", target);
        }
        catch (RedisConnectionException) when (DateTime.UtcNow - started >= timeout * 0.9)
        {
            return TimedOut(context, target, timeout);
        }
        catch (RedisConnectionException ex)
        {
            return context.Error($"Redis at {target} accepted a connection but did not complete the Redis handshake ({ex.FailureType}); is it a Redis server?", target);
        }
    }

    private static CheckResult TimedOut(CheckContext context, string target, TimeSpan timeout) =>
        context.Error($"Redis at {target} did not answer within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.", target);

    /// <summary>
    /// StackExchange.Redis accepts a server that has no password as if the given one were right; a second AUTH is
    /// the only way to learn that anyone who reaches the server can use it.
    /// </summary>
    private static async Task NoPasswordSetAsync(IDatabase db, string? user, string password, CancellationToken cancellationToken)
    {
        try
        {
            var args = user is null ? new object[] { password } : new object[] { user, password };
            await db.ExecuteAsync("AUTH", args).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no password is set", StringComparison.OrdinalIgnoreCase)
                                              || ex.Message.Contains("without any password configured", StringComparison.OrdinalIgnoreCase))
        {
            throw new NoPasswordSetException();
        }
    }

    /// <summary>
    /// ConnectAsync takes no token; a cancelled run stops waiting at once, and a connection that completes later
    /// is closed instead of leaking.
    /// </summary>
    private static async Task<ConnectionMultiplexer> Bounded(Task<ConnectionMultiplexer> connect, CancellationToken cancellationToken)
    {
        try { return await connect.WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            _ = connect.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    private sealed class NoPasswordSetException : Exception;

    /// <summary>
    /// StackExchange.Redis reports every failed connect as UnableToConnect and names the socket error only in its
    /// log, and not reliably; one plain TCP connect first says whether anything listens, and fails fast when not.
    /// </summary>
    private static async Task ReachAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>host:port, redis://[user@]host[:port], or a bare host (port 6379). A password in the URL is not accepted.</summary>
    private static (string? User, string Host, int Port) ParseAddress(CheckContext context, string address)
    {
        string? user = null;
        var rest = address;
        if (rest.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)) rest = rest[8..].TrimEnd('/');
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at];
            if (user.Contains(':')) throw context.Parameters.Invalid("redis", "an address without a password (use passwordEnv)");
            if (user.Length == 0) user = null;
            rest = rest[(at + 1)..];
        }
        var colon = rest.LastIndexOf(':');
        if (colon < 0) return (user, rest, 6379);
        if (!int.TryParse(rest[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw context.Parameters.Invalid("redis", "host:port with a port between 1 and 65535");
        return (user, rest[..colon], port);
    }
}
