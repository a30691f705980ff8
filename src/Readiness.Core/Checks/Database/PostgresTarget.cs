using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// The server a database item talks to, from its parameters and the run's environment (passwords only ever come from
/// a named variable, and are registered for redaction).
/// </summary>
public sealed class PostgresTarget
{
    private PostgresTarget(NpgsqlConnectionStringBuilder builder, string? missingVariable)
    {
        Builder = builder;
        MissingVariable = missingVariable;
    }

    public NpgsqlConnectionStringBuilder Builder { get; }
    /// <summary>The named password or connection-string variable the user has not set, if any.</summary>
    public string? MissingVariable { get; }
    public string Display => $"{Builder.Host}:{Builder.Port}/{Builder.Database}";
    public string ConnectionString => Builder.ConnectionString;

    public static PostgresTarget From(CheckContext context, DatabaseParameters p)
    {
        string? missing = null;
        NpgsqlConnectionStringBuilder builder;
        if (p.ConnectionStringVariable is { } csv)
        {
            var text = context.Environment.GetEnvironmentVariable(csv);
            if (text is null) missing = csv;
            builder = new NpgsqlConnectionStringBuilder(text ?? "");
        }
        else builder = new NpgsqlConnectionStringBuilder { Host = p.Host, Port = p.Port, Username = p.User, Database = p.Database };
        if (p.PasswordVariable is { } variable)
        {
            if (context.Environment.GetEnvironmentVariable(variable) is { } password)
            {
                context.Secrets.Add(password);
                builder.Password = password;
            }
            else missing ??= variable;
        }
        context.Secrets.Add(builder.Password);
        builder.Timeout = Math.Max(1, (int)Math.Min(context.Timeout.TotalSeconds, 30));
        builder.CommandTimeout = builder.Timeout;
        builder.Pooling = false;
        return new PostgresTarget(builder, missing);
    }

    /// <summary>The same server, another database (a scratch copy).</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder(Builder.ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Skipped naming the variable to set, when one the item needs is missing; null when all are given.</summary>
    public CheckResult? SkippedWhenNotGiven(CheckContext context, string what) => MissingVariable is { } name
        ? context.Result(CheckStatus.Skipped, $"{name} is not set, so {what} was not checked: set {name} in the environment the run sees (the password or connection string for {(Builder.Username is { } u ? u + "@" : "")}{Display}).", Display)
            .WithEvidence("missingVariable", name)
        : null;

    /// <summary>An open connection, or the result that explains why there is none (authentication Failed, unreachable Error).</summary>
    public async Task<(NpgsqlConnection? Connection, CheckResult? Problem)> OpenAsync(CheckContext context, CancellationToken cancellationToken, string? database = null)
    {
        var connection = new NpgsqlConnection(database is null ? ConnectionString : ConnectionStringFor(database));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (connection, null);
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return (null, ex switch
            {
                PostgresException { SqlState: "28P01" or "28000" } => context.Fail($"PostgreSQL at {Display} rejected the credentials of user {Builder.Username} (authentication failed).", Display, "Check the user and the password variable."),
                PostgresException pg => context.Fail($"PostgreSQL at {Display} refused the connection: {pg.MessageText}", Display),
                _ => context.Error($"PostgreSQL at {Display} could not be reached: {ex.InnerException?.Message ?? ex.Message}", Display),
            });
        }
    }
}
