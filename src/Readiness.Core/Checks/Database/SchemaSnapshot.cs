using Npgsql;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// A database's schema as sorted lines (tables and columns, constraints, indexes, triggers, views, sequences,
/// functions, types) from the catalog: two snapshots are equal exactly when the schemas are. Data is not part of it.
/// </summary>
public static class SchemaSnapshot
{
    private const string UserSchemas = "not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'";

    private static readonly string[] Queries =
    [
        $"""
        select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || case when a.attnotnull then ' not null' else '' end || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped and n.nspname {UserSchemas}
        """,
        $"select 'constraint ' || n.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname {UserSchemas}",
        $"select 'index ' || pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname {UserSchemas}",
        $"select 'trigger ' || pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace where not t.tgisinternal and n.nspname {UserSchemas}",
        $"select 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and n.nspname {UserSchemas}",
        $"select 'relation ' || c.relkind::text || ' ' || n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p', 'S', 'v', 'm') and n.nspname {UserSchemas}",
        $"select 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname {UserSchemas}",
        $"select 'type ' || n.nspname || '.' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.typtype in ('e', 'd', 'c') and not exists (select 1 from pg_class c where c.reltype = t.oid and c.relkind <> 'c') and n.nspname {UserSchemas}",
        "select 'extension ' || extname from pg_extension where extname <> 'plpgsql'",
    ];

    public static async Task<IReadOnlyList<string>> TakeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var sql in Queries)
        {
            await using var cmd = new NpgsqlCommand(sql, connection);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) lines.Add(reader.GetString(0));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>What is in <paramref name="after"/> and not in <paramref name="before"/> (+) and the reverse (-), a few of each.</summary>
    public static string Difference(IReadOnlyList<string> before, IReadOnlyList<string> after, int shown = 3)
    {
        var added = after.Except(before, StringComparer.Ordinal).ToList();
        var removed = before.Except(after, StringComparer.Ordinal).ToList();
        var parts = added.Take(shown).Select(a => "+ " + a).Concat(removed.Take(shown).Select(r => "- " + r)).ToList();
        var more = added.Count + removed.Count - parts.Count;
        return string.Join("; ", parts) + (more > 0 ? $"; and {more} more" : "");
    }
}
