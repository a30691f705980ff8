using System.Net.Sockets;
using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Health;

/// <summary>Connects to PostgreSQL, runs select 1, and records server version, max_connections and pool settings.</summary>
internal static class PostgresProbe
{
    public static async Task<CheckResult> RunAsync(CheckContext context, string connectionString, string? password, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException ex) { throw context.Parameters.Invalid("postgres", $"an Npgsql connection string (Host=...;Username=...): {ex.Message}"); }
        if (!string.IsNullOrEmpty(builder.Password))
        {
            context.Secrets.Add(builder.Password);
            password ??= builder.Password;
        }
        if (password is not null) builder.Password = password;
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        builder.CommandTimeout = builder.Timeout;
        var poolSize = builder.MaxPoolSize;
        // Only a pool size the application actually configured is worth comparing with max_connections.
        var generic = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var poolConfigured = generic.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)
                                                                  || k.Replace(" ", "").Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        builder.Pooling = false;
        var target = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "select 1, current_setting('server_version'), current_setting('max_connections')::int, (select count(*) from pg_stat_activity)::int",
                connection);
            await using var reader = await command.ExecuteReaderAsync(deadline.Token).ConfigureAwait(false);
            await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            var version = reader.GetString(1);
            var maxConnections = reader.GetInt32(2);
            var connections = reader.GetInt32(3);
            var result = context.Pass($"PostgreSQL {version} at {target} accepts connections as {builder.Username} ({connections} of {maxConnections} connections in use).", target)
                .WithEvidence("serverVersion", version)
                .WithEvidence("maxConnections", maxConnections)
                .WithEvidence("connections", connections)
                .WithEvidence("clientMaxPoolSize", poolConfigured ? poolSize : "default");
            if (poolConfigured && poolSize > maxConnections)
                return context.Warn($"The client pool (Maximum Pool Size={poolSize}) is larger than max_connections={maxConnections} on {target}.", target,
                    "Lower Maximum Pool Size or raise max_connections so every pool can be served.").WithEvidence("serverVersion", version)
                    .WithEvidence("maxConnections", maxConnections).WithEvidence("clientMaxPoolSize", poolSize);
            return result;
        }
        catch (PostgresException ex) when (ex.SqlState is "28P01" or "28000")
        {
            return context.Fail($"PostgreSQL at {target} rejected the credentials: authentication failed for user {builder.Username}.", target,
                "Check the user and the password in the environment variable named by passwordEnv.").WithEvidence("sqlState", ex.SqlState);
        }
        catch (PostgresException ex) when (ex.SqlState == "3D000")
        {
            return context.Fail($"Database {builder.Database} does not exist on {target}.", target).WithEvidence("sqlState", ex.SqlState);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return context.Error($"PostgreSQL at {target} did not answer within {timeout.TotalSeconds:0.#} s.", target);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            var reason = Innermost(ex) switch
            {
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
                TimeoutException => $"no answer within {timeout.TotalSeconds:0.#} s",
                var inner => inner.Message,
            };
            return context.Error($"PostgreSQL at {target} could not be reached: {reason}.", target);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
