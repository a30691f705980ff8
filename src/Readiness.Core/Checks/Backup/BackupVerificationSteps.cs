using Readiness.Core.Running;

namespace Readiness.Core.Checks.Backup;

/// <summary>
/// The backup-and-recovery steps, each a CheckResult with its timing: discovery, freshness (RPO achieved), cadence,
/// retention, off-site copy, restore into scratch, verification, restore duration (RTO achieved), cleanup. The
/// engine of <see cref="BackupRestoreCheck"/>, which is how checklists, Invoke-BackupRestoreCheck and tests reach it.
/// </summary>
public static class BackupVerificationSteps
{
    public static readonly string[] Steps = { "discovery", "freshness", "cadence", "retention", "offsite", "restore", "verification", "rto" };

    internal static async Task<BackupRestoreResult> RunAsync(BackupVerificationOptions o, IReadinessHost host, CancellationToken cancellationToken)
    {
        var summary = new BackupRestoreResult { Backend = o.Backend };
        CheckResult Step(string step, CheckStatus status, string message, string? remediation = null)
        {
            var r = new CheckResult
            {
                Id = $"backup.{step}", Section = "Backup and recovery", Title = Title(step), CheckType = "backup-restore",
                Severity = step is "restore" or "verification" or "freshness" ? Severity.Critical : Severity.High,
                Status = status, Message = message, Remediation = remediation, Target = o.Pattern, Timestamp = DateTimeOffset.Now,
            };
            summary.Steps.Add(r);
            host.Progress(new RunProgress("Verifying backups", step, summary.Steps.Count, Steps.Length, status.ToString()));
            return r;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var backups = BackupDiscovery.Find(o.BaseDirectory, o.Pattern);
        summary.BackupsFound = backups.Count;
        if (backups.Count == 0)
        {
            Step("discovery", CheckStatus.Failed, $"No backup matches {o.Pattern}.", "Check the backup job and where it writes.").Duration = clock.Elapsed;
            return Finish(summary);
        }
        var newest = backups[0];
        summary.BackupPath = newest.Path;
        summary.AgeHours = Math.Round((o.Now - newest.Time).TotalHours, 2);
        summary.SizeBytes = newest.Size;
        Step("discovery", CheckStatus.Passed, $"{backups.Count} backup(s) found; newest {newest.Name} ({newest.Size:N0} bytes).")
            .WithEvidence("backups", backups.Count).WithEvidence("newest", newest.Name).WithEvidence("sizeBytes", newest.Size).Duration = clock.Elapsed;

        if (o.MaxAge is { } maxAge)
        {
            var (ok, message) = BackupSchedule.Freshness(backups, maxAge, o.Now);
            Step("freshness", ok ? CheckStatus.Passed : CheckStatus.Failed, message, ok ? null : "Run the backup job now and fix its schedule.").WithEvidence("ageHours", summary.AgeHours);
        }
        if (o.Interval is { } interval)
        {
            var (ok, message) = BackupSchedule.Cadence(backups, interval, o.Now);
            Step("cadence", ok ? CheckStatus.Passed : CheckStatus.Failed, message, ok ? null : "Find why the backup job skipped runs (scheduler, failures, alerts on missing backups).");
            if (o.Retention is { } retention)
            {
                var (rok, rmessage) = BackupSchedule.Retention(backups, retention, interval, o.DeletionRequired, o.Now);
                Step("retention", rok ? CheckStatus.Passed : CheckStatus.Failed, rmessage, rok ? null : "Align the backup lifecycle (keep and delete) with the retention policy.");
            }
        }
        if (o.OffsitePattern is { } offsite)
        {
            var stepClock = System.Diagnostics.Stopwatch.StartNew();
            var copies = BackupDiscovery.Find(o.BaseDirectory, offsite).ToDictionary(b => b.Name, StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var b in backups.Where(b => o.Retention is not { } r || o.Now - b.Time <= r))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!copies.TryGetValue(b.Name, out var copy)) problems.Add($"{b.Name} has no off-site copy");
                else if (await Checksums.OfAsync(b.Path, cancellationToken).ConfigureAwait(false) != await Checksums.OfAsync(copy.Path, cancellationToken).ConfigureAwait(false))
                    problems.Add($"the off-site {b.Name} differs (SHA-256)");
            }
            Step("offsite", problems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                problems.Count == 0 ? $"Every backup has an identical off-site copy in {offsite}." : $"Off-site copy incomplete: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $" and {problems.Count - 5} more" : "")}.",
                problems.Count == 0 ? null : "Fix the replication to the second location and re-copy the missing backups.").Duration = stepClock.Elapsed;
        }

        if (o.Restore)
        {
            IBackupRestorer restorer = o.Backend switch
            {
                "postgres" => new PostgresRestorer(),
                "sqlite" => new SqliteRestorer(),
                "files" => new FilesRestorer(),
                _ => throw new ArgumentException($"Unknown backup backend '{o.Backend}'. Allowed: postgres, sqlite, files."),
            };
            host.Progress(new RunProgress("Verifying backups", $"restoring {newest.Name}", summary.Steps.Count, Steps.Length));
            var outcome = await restorer.RestoreAndVerifyAsync(newest, o, cancellationToken).ConfigureAwait(false);
            summary.Scratch = outcome.Scratch;
            summary.ScratchRemoved = outcome.ScratchRemoved;
            summary.RestoreDuration = outcome.RestoreDuration;
            summary.TablesVerified = outcome.TableRows.Count;
            summary.RowsVerified = outcome.TableRows.Values.Where(v => v > 0).Sum();
            summary.FilesVerified = outcome.FilesVerified;
            var restore = outcome.Restored
                ? Step("restore", CheckStatus.Passed, $"{newest.Name} restored into scratch {outcome.Scratch} in {outcome.RestoreDuration.TotalSeconds:0.0} s.")
                : Step("restore", CheckStatus.Failed, outcome.RestoreError ?? "The restore failed.", "The newest backup cannot be restored: fix the backup job and take a new backup now.");
            restore.Duration = outcome.RestoreDuration;
            restore.WithEvidence("scratch", outcome.Scratch).WithEvidence("scratchRemoved", outcome.ScratchRemoved.ToString().ToLowerInvariant());
            if (outcome.SweptScratch.Count > 0) restore.WithEvidence("earlierScratch", string.Join("; ", outcome.SweptScratch));
            if (outcome.Restored)
            {
                Step("verification", outcome.VerificationProblems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                    outcome.VerificationProblems.Count == 0
                        ? $"Verified {(outcome.FilesVerified > 0 ? $"{outcome.FilesVerified} files" : $"{outcome.TableRows.Count} tables, {summary.RowsVerified:N0} rows")}."
                        : $"The restored backup differs: {string.Join("; ", outcome.VerificationProblems.Take(5))}.",
                    outcome.VerificationProblems.Count == 0 ? null : "Investigate the backup contents before relying on it.")
                    .WithEvidence("tables", outcome.TableRows.Count).WithEvidence("rows", summary.RowsVerified).WithEvidence("files", outcome.FilesVerified);
                if (o.RtoTarget is { } rto)
                    Step("rto", outcome.RestoreDuration <= rto ? CheckStatus.Passed : CheckStatus.Failed,
                        $"The restore took {outcome.RestoreDuration.TotalSeconds:0.0} s against a recovery time objective of {rto.TotalSeconds:0} s.",
                        outcome.RestoreDuration <= rto ? null : "Speed up recovery (parallel restore, smaller dumps, snapshots) or revisit the RTO.")
                        .WithEvidence("restoreSeconds", Math.Round(outcome.RestoreDuration.TotalSeconds, 2));
            }
            if (outcome.CleanupWarning is { } warning) Step("cleanup", CheckStatus.Warning, warning);
        }
        return Finish(summary);
    }

    private static BackupRestoreResult Finish(BackupRestoreResult summary)
    {
        summary.Decision = DecisionEngine.Decide(summary.Steps).Decision;
        return summary;
    }

    /// <summary>Evidence keys of the first step result that carry the run's summary, so the summary survives the runner.</summary>
    private const string SummaryPrefix = "summary.";

    public static void AttachSummary(CheckResult first, BackupRestoreResult s)
    {
        first.WithEvidence(SummaryPrefix + "backend", s.Backend).WithEvidence(SummaryPrefix + "backupsFound", s.BackupsFound);
        if (s.BackupPath is not null) first.WithEvidence(SummaryPrefix + "backupPath", s.BackupPath);
        if (s.AgeHours is { } age) first.WithEvidence(SummaryPrefix + "ageHours", age);
        if (s.SizeBytes is { } size) first.WithEvidence(SummaryPrefix + "sizeBytes", size);
        if (s.Scratch is not null) first.WithEvidence(SummaryPrefix + "scratch", s.Scratch).WithEvidence(SummaryPrefix + "scratchRemoved", s.ScratchRemoved ? "true" : "false");
        if (s.RestoreDuration is { } d) first.WithEvidence(SummaryPrefix + "restoreSeconds", d.TotalSeconds);
        first.WithEvidence(SummaryPrefix + "tablesVerified", s.TablesVerified).WithEvidence(SummaryPrefix + "rowsVerified", s.RowsVerified)
            .WithEvidence(SummaryPrefix + "filesVerified", s.FilesVerified);
    }

    /// <summary>The summary of a run from its per-step results (Invoke-BackupRestoreCheck writes it after the steps).</summary>
    public static BackupRestoreResult SummaryOf(IReadOnlyList<CheckResult> steps)
    {
        var e = steps.Count > 0 ? steps[0].Evidence : new Dictionary<string, string>();
        string? Get(string key) => e.TryGetValue(SummaryPrefix + key, out var v) ? v : null;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var summary = new BackupRestoreResult
        {
            Backend = Get("backend") ?? "",
            BackupsFound = Get("backupsFound") is { } n ? int.Parse(n, c) : 0,
            BackupPath = Get("backupPath"),
            AgeHours = Get("ageHours") is { } a ? double.Parse(a, c) : null,
            SizeBytes = Get("sizeBytes") is { } b ? long.Parse(b, c) : null,
            Scratch = Get("scratch"),
            ScratchRemoved = Get("scratchRemoved") == "true",
            RestoreDuration = Get("restoreSeconds") is { } r ? TimeSpan.FromSeconds(double.Parse(r, c)) : null,
            TablesVerified = Get("tablesVerified") is { } t ? int.Parse(t, c) : 0,
            RowsVerified = Get("rowsVerified") is { } rows ? long.Parse(rows, c) : 0,
            FilesVerified = Get("filesVerified") is { } f ? int.Parse(f, c) : 0,
        };
        foreach (var step in steps) summary.Steps.Add(step);
        return Finish(summary);
    }

    private static string Title(string step) => step switch
    {
        "discovery" => "Backups present",
        "freshness" => "Newest backup within the RPO",
        "cadence" => "Backups on schedule",
        "retention" => "Backup retention policy applied",
        "offsite" => "Off-site backup copy",
        "restore" => "Backup restoration tested",
        "verification" => "Restored data verified",
        "rto" => "Restore within the RTO",
        _ => "Scratch cleanup",
    };
}
