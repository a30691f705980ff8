using System.Text.RegularExpressions;
using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// PostgreSQL readiness: connectivity, foreign keys with supporting indexes, the pool maximum (seed 001 2.3), query
/// performance, TLS to the database, audit tables the application cannot rewrite, and migrations that are idempotent
/// and reversible (proven on a scratch database that is always dropped).
/// </summary>
public sealed partial class DatabaseCheck : Check<DatabaseParameters>
{
    public override string Type => "database";

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

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, DatabaseParameters p, CancellationToken cancellationToken)
    {
        switch (p.Assert)
        {
            case DatabaseAssert.Pool: return [Pool(context, p)];
            case DatabaseAssert.Ssl: return await TransportEncryption.DecideAsync(context, p, cancellationToken).ConfigureAwait(false);
            case DatabaseAssert.MigrationsRollback when p.Migrations is not null && p.ConnectionStringVariable is null && p.PasswordVariable is null && p.User is null:
                return [MigrationChecks.RollbackPlanOnly(context, p)];
        }
        var target = PostgresTarget.From(context, p);
        if (p.ConnectionStringVariable is { } csv && target.MissingVariable == csv && p.Assert is DatabaseAssert.Connectivity or DatabaseAssert.ForeignKeyIndexes)
            throw context.Parameters.Invalid("connectionStringVariable", $"the name of a set variable ({csv} is not set)");
        return p.Assert switch
        {
            // The health check's probe already decides connectivity (version, connections in use, pool vs max_connections).
            DatabaseAssert.Connectivity => [await Health.PostgresProbe.RunAsync(context, target.ConnectionString, null, context.Timeout, cancellationToken).ConfigureAwait(false)],
            DatabaseAssert.ForeignKeyIndexes => [await ForeignKeyIndexes(context, target, p, cancellationToken).ConfigureAwait(false)],
            DatabaseAssert.QueryPerformance => [target.SkippedWhenNotGiven(context, "query performance") ?? await QueryPerformance.DecideAsync(context, target, p, cancellationToken).ConfigureAwait(false)],
            DatabaseAssert.AuditImmutable => [target.SkippedWhenNotGiven(context, "whether the audit tables can be rewritten") ?? await AuditImmutability.DecideAsync(context, target, p, cancellationToken).ConfigureAwait(false)],
            DatabaseAssert.MigrationsIdempotent => [target.SkippedWhenNotGiven(context, "whether the migrations are idempotent") ?? await MigrationChecks.IdempotentAsync(context, target, p, cancellationToken).ConfigureAwait(false)],
            // The written plan is decided without a server; applying the down scripts needs one.
            DatabaseAssert.MigrationsRollback => [target.MissingVariable is { } missing
                ? MigrationChecks.RollbackPlanOnly(context, p, $"{missing} is not set, so no scratch database was used")
                : await MigrationChecks.RollbackAsync(context, target, p, cancellationToken).ConfigureAwait(false)],
            _ => throw new InvalidOperationException($"assert {p.Assert} has no handler"),
        };
    }

    private static async Task<CheckResult> ForeignKeyIndexes(CheckContext context, PostgresTarget target, DatabaseParameters p, CancellationToken cancellationToken)
    {
        var (connection, problem) = await target.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;
        await using var _ = connection!;
        var missing = new List<string>();
        await using (var cmd = new NpgsqlCommand(UnindexedForeignKeys, connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                if (!p.Exclude.Contains(reader.GetString(1))) missing.Add($"{reader.GetString(0)}({reader.GetString(2)}) [{reader.GetString(1)}]");
        return (missing.Count == 0
                ? context.Pass($"Every foreign key in {target.Builder.Database} has a supporting index.", target.Display)
                : context.Fail($"{missing.Count} foreign key(s) have no supporting index: {string.Join("; ", missing)}.", target.Display,
                    $"Create the indexes, e.g. CREATE INDEX CONCURRENTLY ON {missing[0].Split('(')[0]} ({missing[0].Split('(', ')')[1]});"))
            .WithEvidence("unindexedForeignKeys", missing.Count);
    }

    private static CheckResult Pool(CheckContext context, DatabaseParameters p)
    {
        var expected = p.PoolMax;
        int? configured = null;
        string source;
        if (p.PgbouncerIni is { } ini)
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
            var target = PostgresTarget.From(context, p);
            if (p.ConnectionStringVariable is { } csv && target.MissingVariable == csv)
                throw context.Parameters.Invalid("connectionStringVariable", $"the name of a set variable ({csv} is not set)");
            source = "the connection string";
            configured = target.Builder.MaxPoolSize;
            var text = p.ConnectionStringVariable is { } v ? context.Environment.GetEnvironmentVariable(v) ?? "" : "";
            if (!ExplicitMaxPool().IsMatch(text)) configured = null;
        }
        if (configured is null)
            return context.Fail($"No pool maximum is configured in {source}; the driver default applies.", source,
                expected is null ? "Set Maximum Pool Size (or pgbouncer default_pool_size) explicitly." : $"Set the pool maximum to {expected}.");
        var result = expected is null || configured == expected
            ? context.Pass($"The pool maximum in {source} is {configured}.", source)
            : context.Fail($"The pool maximum in {source} is {configured}, expected {expected}.", source, $"Set the pool maximum to {expected}.");
        return result.WithEvidence("poolMax", configured);
    }

    [GeneratedRegex(@"^\s*([a-z_]+)\s*=\s*(\d+)\s*(?:[;#].*)?$")]
    private static partial Regex IniSetting();

    [GeneratedRegex(@"(?i)(maximum\s*pool\s*size|max\s*pool\s*size|maxpoolsize)\s*=")]
    private static partial Regex ExplicitMaxPool();
}
