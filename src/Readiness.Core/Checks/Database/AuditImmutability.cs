using Npgsql;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Database;

/// <summary>
/// Audit tables are immutable for the application when its role holds no UPDATE, DELETE or TRUNCATE on them, or when
/// something (a trigger, a rule) refuses each one it holds. Refusal is proven, not read from the catalog: each
/// operation is tried as the role inside a transaction that is always rolled back, with a short lock timeout.
/// </summary>
public static class AuditImmutability
{
    private static readonly string[] Operations = ["UPDATE", "DELETE", "TRUNCATE"];

    public static async Task<CheckResult> DecideAsync(CheckContext context, PostgresTarget target, DatabaseParameters p, CancellationToken cancellationToken)
    {
        if (p.Tables.Count == 0) throw context.Parameters.Missing("tables", "the audit tables (a list)");
        var role = p.Role ?? target.Builder.Username ?? throw context.Parameters.Missing("role", "the application's database role");
        var (connection, problem) = await target.OpenAsync(context, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return problem;
        await using var _ = connection!;

        var mutable = new List<string>();
        var unproven = new List<string>();
        var findings = new List<string>();
        foreach (var table in p.Tables)
        {
            if (!await ExistsAsync(connection!, table, cancellationToken).ConfigureAwait(false))
            {
                mutable.Add($"{table} does not exist");
                continue;
            }
            var granted = new List<string>();
            foreach (var op in Operations)
                if (await HasPrivilegeAsync(connection!, role, table, op, cancellationToken).ConfigureAwait(false)) granted.Add(op);
            if (granted.Count == 0) { findings.Add($"{table}: {role} holds no UPDATE, DELETE or TRUNCATE"); continue; }
            var outcomes = await TryAsync(connection!, role, table, granted, cancellationToken).ConfigureAwait(false);
            var allowed = outcomes.Where(o => o.Outcome == Trial.Allowed).Select(o => o.Operation).ToList();
            var empty = outcomes.Where(o => o.Outcome == Trial.NothingToTouch).Select(o => o.Operation).ToList();
            if (allowed.Count > 0) mutable.Add($"{role} can {string.Join(", ", allowed)} {table} and nothing refuses it");
            if (empty.Count > 0) unproven.Add($"{table} is empty, so a refusal of {string.Join(", ", empty)} by {role} could not be shown");
            if (allowed.Count == 0 && empty.Count == 0) findings.Add($"{table}: {role} holds {string.Join(", ", granted)} but every attempt was refused ({string.Join("; ", outcomes.Select(o => o.Detail))})");
        }

        var where = target.Display;
        var result = mutable.Count > 0
            ? context.Fail($"Audit tables are not immutable: {string.Join("; ", mutable)}. (Every attempt was rolled back.)", where,
                $"REVOKE UPDATE, DELETE, TRUNCATE ON {string.Join(", ", p.Tables)} FROM {role}; or add a BEFORE UPDATE OR DELETE trigger (and a BEFORE TRUNCATE one) that raises.")
            : unproven.Count > 0
                ? context.Warn($"Audit tables: {string.Join("; ", unproven.Concat(findings))}.", where, $"Revoke the privileges from {role} instead of relying on a trigger, or run the check once the table holds rows.")
                : context.Pass($"Audit tables are immutable for {role}: {string.Join("; ", findings)}.", where);
        return result.WithEvidence("role", role).WithEvidence("tables", p.Tables.Count).WithEvidence("mutable", mutable.Count);
    }

    private enum Trial { Refused, Allowed, NothingToTouch }

    private sealed record Attempt(string Operation, Trial Outcome, string Detail);

    private static async Task<List<Attempt>> TryAsync(NpgsqlConnection connection, string role, string table, IReadOnlyList<string> operations, CancellationToken cancellationToken)
    {
        var attempts = new List<Attempt>();
        var quoted = QueryPerformance.Quote(table);
        var column = await FirstColumnAsync(connection, table, cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecAsync(connection, tx, "SET LOCAL lock_timeout = '2s'", cancellationToken).ConfigureAwait(false);
            // As the application's role where the connecting user may become it; otherwise as the connecting user.
            try
            {
                await ExecAsync(connection, tx, "SAVEPOINT readiness_role", cancellationToken).ConfigureAwait(false);
                await ExecAsync(connection, tx, $"SET LOCAL ROLE \"{role.Replace("\"", "\"\"")}\"", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException) { await ExecAsync(connection, tx, "ROLLBACK TO SAVEPOINT readiness_role", cancellationToken).ConfigureAwait(false); }
            foreach (var op in operations)
            {
                var sql = op switch
                {
                    "UPDATE" => $"UPDATE {quoted} SET \"{column}\" = \"{column}\" WHERE ctid = (SELECT ctid FROM {quoted} LIMIT 1)",
                    "DELETE" => $"DELETE FROM {quoted} WHERE ctid = (SELECT ctid FROM {quoted} LIMIT 1)",
                    _ => $"TRUNCATE {quoted}",
                };
                await ExecAsync(connection, tx, "SAVEPOINT readiness_try", cancellationToken).ConfigureAwait(false);
                try
                {
                    var rows = await ExecAsync(connection, tx, sql, cancellationToken).ConfigureAwait(false);
                    attempts.Add(op != "TRUNCATE" && rows == 0 ? new(op, Trial.NothingToTouch, $"{op} touched no row") : new(op, Trial.Allowed, $"{op} succeeded"));
                }
                catch (PostgresException ex)
                {
                    attempts.Add(new(op, Trial.Refused, $"{op}: {ex.MessageText}"));
                }
                await ExecAsync(connection, tx, "ROLLBACK TO SAVEPOINT readiness_try", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return attempts;
    }

    private static async Task<int> ExecAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("select to_regclass(@t) is not null", connection);
        cmd.Parameters.AddWithValue("t", table);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<bool> HasPrivilegeAsync(NpgsqlConnection connection, string role, string table, string op, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("select has_table_privilege(@r, to_regclass(@t), @op)", connection);
        cmd.Parameters.AddWithValue("r", role);
        cmd.Parameters.AddWithValue("t", table);
        cmd.Parameters.AddWithValue("op", op);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<string> FirstColumnAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("select attname from pg_attribute where attrelid = to_regclass(@t) and attnum > 0 and not attisdropped order by attnum limit 1", connection);
        cmd.Parameters.AddWithValue("t", table);
        return ((string)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!).Replace("\"", "\"\"");
    }
}
