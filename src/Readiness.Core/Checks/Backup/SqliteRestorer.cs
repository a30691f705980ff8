using System.Diagnostics;
using Readiness.Core.Probing;

namespace Readiness.Core.Checks.Backup;

/// <summary>Copies a SQLite backup to a scratch folder, runs PRAGMA integrity_check and counts rows (sqlite3 CLI).</summary>
public sealed class SqliteRestorer : IBackupRestorer
{
    public async Task<RestoreOutcome> RestoreAndVerifyAsync(BackupFile backup, BackupVerificationOptions options, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "readiness-scratch-" + Guid.NewGuid().ToString("N")[..12]);
        var outcome = new RestoreOutcome { Scratch = scratch };
        try
        {
            Directory.CreateDirectory(scratch);
            var copy = Path.Combine(scratch, backup.Name);
            var clock = Stopwatch.StartNew();
            File.Copy(backup.Path, copy);
            var integrity = await Sql(copy, "PRAGMA integrity_check;", cancellationToken).ConfigureAwait(false);
            outcome.RestoreDuration = clock.Elapsed;
            if (integrity.ExitCode != 0 || integrity.Output.Trim() != "ok")
            {
                outcome.RestoreError = $"SQLite integrity_check failed on {backup.Name}: {(integrity.Error + integrity.Output).Trim().Split('\n')[0]}";
                return outcome;
            }
            outcome.Restored = true;
            var tables = (await Sql(copy, "select name from sqlite_master where type='table' and name not like 'sqlite_%' order by 1;", cancellationToken).ConfigureAwait(false))
                .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var table in tables)
            {
                var count = await Sql(copy, $"select count(*) from \"{table.Replace("\"", "\"\"")}\";", cancellationToken).ConfigureAwait(false);
                outcome.TableRows[table] = long.TryParse(count.Output.Trim(), out var n) ? n : -1;
            }
            if (options.ManifestPath is { } manifest) outcome.VerificationProblems.AddRange(RowManifest.Compare(RowManifest.Read(manifest), outcome.TableRows));
            foreach (var (sql, expect) in options.Queries)
            {
                var got = (await Sql(copy, sql, cancellationToken).ConfigureAwait(false)).Output.Trim();
                if (got != expect) outcome.VerificationProblems.Add($"query '{sql}' returned '{got}', expected '{expect}'");
            }
            return outcome;
        }
        finally
        {
            Cleanup(scratch, options, outcome);
        }
    }

    internal static void Cleanup(string scratch, BackupVerificationOptions options, RestoreOutcome outcome)
    {
        if (options.KeepScratch) return;
        try { if (Directory.Exists(scratch)) Directory.Delete(scratch, true); outcome.ScratchRemoved = true; }
        catch (IOException ex) { outcome.CleanupWarning = $"The scratch folder {scratch} could not be removed: {ex.Message}."; }
    }

    private static Task<ProcessOutcome> Sql(string database, string sql, CancellationToken ct) =>
        ProcessRunner.RunAsync(new ProcessRequest { Program = "sqlite3", Arguments = new[] { "-readonly", "-batch", database, sql } }, ct);
}
