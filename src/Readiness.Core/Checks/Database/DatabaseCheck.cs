using System.Text.RegularExpressions;
using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// PostgreSQL readiness (seed 001 2.3): every foreign key has a supporting index, the connection pool maximum is
/// configured (connection string or pgbouncer.ini), and the database answers.
/// </summary>
public sealed partial class DatabaseCheck : SingleResultCheck
{
    public override string Type => "database";
    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "assert", "host", "port", "user", "database", "passwordVariable", "connectionStringVariable", "pgbouncerIni", "poolMax", "exclude",
    };

    // A foreign key is supported when some index's leading columns are exactly the key's columns (in any order).
    private const string UnindexedForeignKeys = """
        select c.conrelid::regclass::text as table_name, c.conname, string_agg(a.attname, ', ' order by x.n) as columns
        from pg_constraint c
        cross join lateral unnest(c.conkey) with ordinality as x(attnum, n)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = x.attnum
        where c.contype = 'f'
          and not exists (
            select 1 from pg_index i
            where i.indrelid = c.conrelid
              and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
                = (select array_agg(k order by k) from unnest(c.conkey) k))
        group by c.conrelid, c.conname
        order by 1, 2
        """;

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var assert = p.GetString("assert", "connectivity")!;
        return assert switch
        {
            "pool" => Pool(context),
            // The health check's probe already decides connectivity (version, connections in use, pool vs max_connections).
            "connectivity" => await Health.PostgresProbe.RunAsync(context, Connection(context).ConnectionString, null, context.Timeout, cancellationToken).ConfigureAwait(false),
            "foreign-key-indexes" => await ForeignKeyIndexes(context, cancellationToken).ConfigureAwait(false),
            _ => throw p.Invalid("assert", "connectivity, foreign-key-indexes or pool"),
        };
    }

    private static async Task<CheckResult> ForeignKeyIndexes(CheckContext context, CancellationToken cancellationToken)
    {
        var builder = Connection(context);
        var target = $"{builder.Host}:{builder.Port}/{builder.Database}";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try { await connection.OpenAsync(cancellationToken).ConfigureAwait(false); }
        catch (PostgresException ex) when (ex.SqlState is "28P01" or "28000")
        {
            return context.Fail($"PostgreSQL at {target} rejected the credentials of user {builder.Username} (authentication failed).", target, "Check the user and the password variable.");
        }
        catch (PostgresException ex) { return context.Fail($"PostgreSQL at {target} refused the connection: {ex.MessageText}", target); }
        catch (NpgsqlException ex) { return context.Error($"PostgreSQL at {target} could not be reached: {ex.InnerException?.Message ?? ex.Message}", target); }

        var excluded = context.Parameters.GetStringList("exclude");
        var missing = new List<string>();
        await using (var cmd = new NpgsqlCommand(UnindexedForeignKeys, connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                if (!excluded.Contains(reader.GetString(1))) missing.Add($"{reader.GetString(0)}({reader.GetString(2)}) [{reader.GetString(1)}]");
        return (missing.Count == 0
                ? context.Pass($"Every foreign key in {builder.Database} has a supporting index.", target)
                : context.Fail($"{missing.Count} foreign key(s) have no supporting index: {string.Join("; ", missing)}.", target,
                    $"Create the indexes, e.g. CREATE INDEX CONCURRENTLY ON {missing[0].Split('(')[0]} ({missing[0].Split('(', ')')[1]});"))
            .WithEvidence("unindexedForeignKeys", missing.Count);
    }

    private static CheckResult Pool(CheckContext context)
    {
        var p = context.Parameters;
        var expected = p.GetInt("poolMax");
        int? configured = null;
        string source;
        if (p.GetString("pgbouncerIni") is { } ini)
        {
            var path = context.ResolvePath(ini);
            source = Path.GetFileName(path);
            foreach (var line in File.ReadLines(path))
            {
                var m = IniSetting().Match(line);
                if (m.Success && m.Groups[1].Value is "default_pool_size" or "max_db_connections" && int.TryParse(m.Groups[2].Value, out var n))
                    configured = configured is null ? n : Math.Min(configured.Value, n == 0 ? configured.Value : n);
            }
        }
        else
        {
            var builder = Connection(context);
            source = "the connection string";
            configured = builder.MaxPoolSize;
            if (!ExplicitMaxPool().IsMatch(ConnectionText(context) ?? "")) configured = null;
        }
        if (configured is null)
            return context.Fail($"No pool maximum is configured in {source}; the driver default applies.", source,
                expected is null ? "Set Maximum Pool Size (or pgbouncer default_pool_size) explicitly." : $"Set the pool maximum to {expected}.");
        var result = expected is null || configured == expected
            ? context.Pass($"The pool maximum in {source} is {configured}.", source)
            : context.Fail($"The pool maximum in {source} is {configured}, expected {expected}.", source, $"Set the pool maximum to {expected}.");
        return result.WithEvidence("poolMax", configured);
    }

    private static NpgsqlConnectionStringBuilder Connection(CheckContext context)
    {
        var p = context.Parameters;
        var builder = ConnectionText(context) is { } text ? new NpgsqlConnectionStringBuilder(text) : new NpgsqlConnectionStringBuilder
        {
            Host = p.GetString("host", "127.0.0.1"), Port = (int)p.GetInt("port", 5432), Username = p.GetString("user"), Database = p.GetString("database", "postgres"),
        };
        if (p.GetString("passwordVariable") is { } variable && context.Environment.GetEnvironmentVariable(variable) is { } password)
        {
            context.Secrets.Add(password);
            builder.Password = password;
        }
        context.Secrets.Add(builder.Password);
        builder.Timeout = Math.Max(1, (int)Math.Min(context.Timeout.TotalSeconds, 30));
        builder.CommandTimeout = builder.Timeout;
        builder.Pooling = false;
        return builder;
    }

    private static string? ConnectionText(CheckContext context)
    {
        if (context.Parameters.GetString("connectionStringVariable") is not { } variable) return null;
        var text = context.Environment.GetEnvironmentVariable(variable) ?? throw context.Parameters.Invalid("connectionStringVariable", $"the name of a set variable ({variable} is not set)");
        return text;
    }

    [GeneratedRegex(@"^\s*([a-z_]+)\s*=\s*(\d+)\s*(?:[;#].*)?$")]
    private static partial Regex IniSetting();

    [GeneratedRegex(@"(?i)(maximum\s*pool\s*size|max\s*pool\s*size|maxpoolsize)\s*=")]
    private static partial Regex ExplicitMaxPool();
}
