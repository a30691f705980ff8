using System.Diagnostics;
using Npgsql;
using Readiness.Core.Probing;

namespace Readiness.Core.Checks.Backup;

/// <summary>
/// Restores pg_dump output (custom, directory or plain SQL) into a scratch database named readiness_scratch_*
/// on the named server, counts rows, runs verification queries, and drops the scratch database in every case.
/// </summary>
public sealed class PostgresRestorer : IBackupRestorer
{
    public const string ScratchPrefix = ScratchDatabases.Prefix;

    public async Task<RestoreOutcome> RestoreAndVerifyAsync(BackupFile backup, BackupVerificationOptions options, CancellationToken cancellationToken)
    {
        var server = options.Server ?? throw new ArgumentException("A PostgreSQL backup restore needs a server (host, port, user, passwordVariable).");
        var maintenance = server.ConnectionString(server.MaintenanceDatabase);
        var outcome = new RestoreOutcome();
        outcome.SweptScratch.AddRange(await ScratchDatabases.SweepOrphansAsync(maintenance, cancellationToken).ConfigureAwait(false));
        var scratch = outcome.Scratch = ScratchDatabases.NewName();
        try
        {
            await ScratchDatabases.CreateAsync(maintenance, scratch, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var format = FormatOf(backup.Path);
            var run = format == "plain"
                ? await ProcessRunner.RunAsync(Tool("psql", new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.Host, "-p", server.Port.ToString(), "-U", server.User, "-d", scratch, "-f", backup.Path }, server.ToolEnvironment()), cancellationToken).ConfigureAwait(false)
                : await ProcessRunner.RunAsync(Tool("pg_restore", new[] { "--no-owner", "--no-privileges", "--exit-on-error", "-h", server.Host, "-p", server.Port.ToString(), "-U", server.User, "-d", scratch, backup.Path }, server.ToolEnvironment()), cancellationToken).ConfigureAwait(false);
            outcome.RestoreDuration = clock.Elapsed;
            if (run.ExitCode != 0)
            {
                outcome.RestoreError = $"{(format == "plain" ? "psql" : "pg_restore")} failed on {backup.Name} ({format} format): {FirstLines(run.Error)}";
                return outcome;
            }
            outcome.Restored = true;
            foreach (var (table, rows) in await CountRowsAsync(server, scratch, cancellationToken).ConfigureAwait(false)) outcome.TableRows[table] = rows;

            IReadOnlyDictionary<string, long>? expected = options.ManifestPath is { } manifest ? RowManifest.Read(manifest)
                : options.CompareWithDatabase is { } source ? await CountRowsAsync(server, source, cancellationToken).ConfigureAwait(false) : null;
            if (expected is not null) outcome.VerificationProblems.AddRange(RowManifest.Compare(expected, outcome.TableRows));
            foreach (var (sql, expect) in options.Queries)
            {
                var got = await ScalarAsync(server, scratch, sql, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(got, expect, StringComparison.Ordinal)) outcome.VerificationProblems.Add($"query '{sql}' returned '{got}', expected '{expect}'");
            }
            return outcome;
        }
        finally
        {
            if (!options.KeepScratch)
            {
                try
                {
                    // Dropped even when the caller cancelled: a scratch database must not outlive the check.
                    await ScratchDatabases.DropAsync(maintenance, scratch, CancellationToken.None).ConfigureAwait(false);
                    outcome.ScratchRemoved = true;
                }
                catch (NpgsqlException ex) { outcome.CleanupWarning = $"The scratch database {scratch} could not be dropped: {ex.Message}. Drop it by hand."; }
            }
        }
    }

    public static string FormatOf(string path)
    {
        if (Directory.Exists(path)) return "directory";
        using var stream = File.OpenRead(path);
        var head = new byte[5];
        return stream.Read(head, 0, 5) == 5 && System.Text.Encoding.ASCII.GetString(head) == "PGDMP" ? "custom" : "plain";
    }

    public static async Task<Dictionary<string, long>> CountRowsAsync(PostgresServerOptions server, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        return counts;
    }

    private static async Task<string> ScalarAsync(PostgresServerOptions server, string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static string FirstLines(string text) => string.Join(" ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(2));

    private static ProcessRequest Tool(string program, string[] args, IReadOnlyDictionary<string, string?> environment) =>
        new() { Program = program, Arguments = args, Environment = environment };
}
