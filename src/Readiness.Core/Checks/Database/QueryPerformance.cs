using System.Text.Json;
using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// Query performance on PostgreSQL: the slowest statements pg_stat_statements has seen (mean time against a
/// threshold), and EXPLAIN of listed queries, which must not scan a large table sequentially. EXPLAIN without
/// ANALYZE plans the query and runs nothing.
/// </summary>
public static class QueryPerformance
{
    public const int SlowestShown = 3;

    public static async Task<CheckResult> DecideAsync(CheckContext context, PostgresTarget target, DatabaseParameters p, CancellationToken cancellationToken)
    {
        var (connection, problem) = await target.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;
        await using var _ = connection!;
        var problems = new List<string>();
        var notes = new List<string>();
        var evidence = new Dictionary<string, object?>();

        var statements = await SlowStatementsAsync(connection!, p, cancellationToken).ConfigureAwait(false);
        if (statements is null)
        {
            if (p.Queries.Count == 0)
                return context.Fail($"pg_stat_statements is not available in {target.Display} and no queries are listed, so nothing shows how queries perform.", target.Display,
                    "Add pg_stat_statements to shared_preload_libraries and CREATE EXTENSION pg_stat_statements, or list the critical queries under 'queries'.");
            notes.Add("pg_stat_statements is not available");
        }
        else
        {
            evidence["statementsSeen"] = statements.Count;
            var slow = statements.Where(s => s.MeanMs > p.MaxMeanMs).ToList();
            evidence["slowStatements"] = slow.Count;
            if (slow.Count > 0)
                problems.Add($"{slow.Count} statement(s) average over {p.MaxMeanMs:0.#} ms: {string.Join("; ", slow.Take(SlowestShown).Select(s => $"{s.MeanMs:0.#} ms over {s.Calls} calls: {Short(s.Query)}"))}");
            else notes.Add($"no statement with {p.MinCalls}+ calls averages over {p.MaxMeanMs:0.#} ms ({statements.Count} seen)");
        }

        var scans = 0;
        foreach (var query in p.Queries)
        {
            string plan;
            // Planned inside a read-only transaction that is rolled back: a listed "query" can never change the database.
            await using var readOnly = await connection!.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using (var set = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, readOnly))
                    await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + query.Trim().TrimEnd(';'), connection, readOnly);
                plan = (string)(await explain.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch (PostgresException ex)
            {
                problems.Add($"'{Short(query)}' cannot be planned: {ex.MessageText}");
                continue;
            }
            finally
            {
                await readOnly.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            foreach (var relation in SequentialScans(plan).Distinct())
            {
                var rows = await RowsAsync(connection!, relation, cancellationToken).ConfigureAwait(false);
                if (rows <= p.MaxSeqScanRows) continue;
                scans++;
                problems.Add($"'{Short(query)}' scans {relation} sequentially ({rows} rows, limit {p.MaxSeqScanRows})");
            }
        }
        evidence["queriesExplained"] = p.Queries.Count;
        evidence["largeSequentialScans"] = scans;

        var result = problems.Count == 0
            ? context.Pass($"Queries on {target.Display} perform: {string.Join("; ", notes.Append($"{p.Queries.Count} listed quer{(p.Queries.Count == 1 ? "y uses" : "ies use")} no sequential scan over a table above {p.MaxSeqScanRows} rows"))}.", target.Display)
            : context.Fail($"Query performance on {target.Display}: {string.Join("; ", problems)}.", target.Display,
                "Add an index for the filtered columns (EXPLAIN shows the plan), or rewrite the slow statements.");
        foreach (var (k, v) in evidence) result.WithEvidence(k, v);
        return result;
    }

    private sealed record Statement(string Query, long Calls, double MeanMs);

    /// <summary>The current database's statements with enough calls, slowest first; null when pg_stat_statements is not usable.</summary>
    private static async Task<List<Statement>?> SlowStatementsAsync(NpgsqlConnection connection, DatabaseParameters p, CancellationToken cancellationToken)
    {
        await using (var has = new NpgsqlCommand("select count(*) from pg_extension where extname = 'pg_stat_statements'", connection))
            if ((long)(await has.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0) return null;
        var list = new List<Statement>();
        try
        {
            await using var cmd = new NpgsqlCommand("""
                select query, calls, mean_exec_time from pg_stat_statements
                where dbid = (select oid from pg_database where datname = current_database()) and calls >= @min
                order by mean_exec_time desc limit 50
                """, connection);
            cmd.Parameters.AddWithValue("min", p.MinCalls);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                list.Add(new Statement(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        }
        // Created but not in shared_preload_libraries: the view exists and refuses to be read.
        catch (PostgresException ex) when (ex.SqlState == "55000") { return null; }
        return list;
    }

    /// <summary>Relations a JSON plan reads with a Seq Scan, at any depth.</summary>
    public static IEnumerable<string> SequentialScans(string planJson)
    {
        using var doc = JsonDocument.Parse(planJson);
        var found = new List<string>();
        void Walk(JsonElement node)
        {
            if (node.ValueKind == JsonValueKind.Array) { foreach (var e in node.EnumerateArray()) Walk(e); return; }
            if (node.ValueKind != JsonValueKind.Object) return;
            if (node.TryGetProperty("Node Type", out var type) && type.GetString() == "Seq Scan" && node.TryGetProperty("Relation Name", out var rel))
                found.Add(node.TryGetProperty("Schema", out var schema) ? $"{schema.GetString()}.{rel.GetString()}" : rel.GetString()!);
            foreach (var prop in node.EnumerateObject())
                if (prop.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object) Walk(prop.Value);
        }
        Walk(doc.RootElement);
        return found;
    }

    /// <summary>The planner's row estimate, or an exact count for a table never analysed.</summary>
    private static async Task<long> RowsAsync(NpgsqlConnection connection, string relation, CancellationToken cancellationToken)
    {
        await using var estimate = new NpgsqlCommand("select reltuples::bigint from pg_class where oid = to_regclass(@r)", connection);
        estimate.Parameters.AddWithValue("r", relation);
        var rows = await estimate.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n ? n : -1;
        if (rows >= 0) return rows;
        await using var count = new NpgsqlCommand($"select count(*) from {Quote(relation)}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static string Quote(string qualified) => string.Join('.', qualified.Split('.').Select(part => "\"" + part.Replace("\"", "\"\"") + "\""));

    private static string Short(string sql)
    {
        var one = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return one.Length <= 80 ? one : one[..77] + "...";
    }
}
