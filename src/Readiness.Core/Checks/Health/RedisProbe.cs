using System.Net.Sockets;
using Readiness.Core.Running;

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
        try
        {
            await using var client = await RespClient.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            if (password is not null)
            {
                if (user is null) await client.CommandAsync(deadline.Token, "AUTH", password).ConfigureAwait(false);
                else await client.CommandAsync(deadline.Token, "AUTH", user, password).ConfigureAwait(false);
            }
            var pong = await client.CommandAsync(deadline.Token, "PING").ConfigureAwait(false);
            if (pong as string != "PONG") return context.Fail($"Redis at {target} answered PING with '{pong}' instead of PONG.", target);
            var roleReply = await client.CommandAsync(deadline.Token, "ROLE").ConfigureAwait(false);
            var role = roleReply is object?[] { Length: > 0 } r ? r[0] as string ?? "unknown" : "unknown";
            var info = await client.CommandAsync(deadline.Token, "INFO", "server").ConfigureAwait(false) as string ?? "";
            var version = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("redis_version:", StringComparison.Ordinal))?[14..] ?? "unknown";
            if (expectedRole is not null && !string.Equals(role, expectedRole, StringComparison.OrdinalIgnoreCase))
                return context.Fail($"Redis at {target} is a {role}, expected {expectedRole}.", target).WithEvidence("role", role).WithEvidence("version", version);
            return context.Pass($"Redis {version} at {target} answers PING as {role}.", target)
                .WithEvidence("role", role).WithEvidence("version", version).WithEvidence("authenticated", password is not null);
        }
        catch (RedisErrorReply ex) when (ex.Message.StartsWith("WRONGPASS", StringComparison.Ordinal)
                                         || ex.Message.Contains("invalid password", StringComparison.OrdinalIgnoreCase)
                                         || ex.Message.Contains("invalid username-password", StringComparison.OrdinalIgnoreCase))
        {
            return context.Fail($"Redis at {target} rejected the credentials: authentication failed{(user is null ? "" : $" for user {user}")}.", target,
                "Check the password in the environment variable named by passwordEnv.");
        }
        catch (RedisErrorReply ex) when (ex.Message.StartsWith("NOAUTH", StringComparison.Ordinal))
        {
            return context.Fail($"Redis at {target} requires authentication and no password was given.", target,
                "Set passwordEnv to the variable holding the Redis password.");
        }
        catch (RedisErrorReply ex) when (ex.Message.Contains("no password is set", StringComparison.OrdinalIgnoreCase)
                                         || ex.Message.Contains("without any password configured", StringComparison.OrdinalIgnoreCase))
        {
            return context.Fail($"Redis at {target} has no password set, so anyone who reaches it can use it.", target,
                "Set requirepass (or ACL users) on the Redis server.");
        }
        catch (RedisErrorReply ex)
        {
            return context.Fail($"Redis at {target} answered with an error: {ex.Message}.", target);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return context.Error($"Redis at {target} did not answer within {timeout.TotalSeconds:0.#} s.", target);
        }
        catch (SocketException ex)
        {
            return context.Error($"Redis at {target} could not be reached: {(ex.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.Message)}.", target);
        }
        catch (Exception ex) when (ex is RespProtocolException or IOException)
        {
            return context.Error($"Redis at {target} did not speak RESP: {ex.Message}.", target);
        }
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
