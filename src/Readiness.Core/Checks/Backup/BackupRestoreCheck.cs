using Readiness.Core.Checks.Backup;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Backup;

/// <summary>
/// Backup and recovery verified end to end; one item decides one step, all of them (the worst step), or with
/// <c>step: each</c> gives one result per step (Invoke-BackupRestoreCheck), the first carrying the run's summary.
/// </summary>
public sealed class BackupRestoreCheck : Check<BackupRestoreParameters>, ITargetChangingCheck
{
    public override string Type => "backup-restore";

    /// <summary>A scratch restore creates and drops a database or folder; it never touches the backup itself.</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange? Plan(CheckContext context) =>
        CheckParameterBinder.Bind<BackupRestoreParameters>(context.Parameters) is { Restore: true } p
            ? new PlannedChange(p.Path, $"Restore the newest {p.Backend} backup into a scratch database or folder and remove it afterwards")
            : null;

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, BackupRestoreParameters p, CancellationToken cancellationToken)
    {
        var options = OptionsFrom(context, p);
        var step = p.Step;
        var summary = await BackupVerificationSteps.RunAsync(options, context.Environment.Host, cancellationToken).ConfigureAwait(false);
        if (step == "each")
        {
            var each = summary.Steps.Select(s =>
            {
                var name = s.Id["backup.".Length..];
                var r = context.ForAspect(name, s.Title, s.Severity).Result(s.Status, s.Message, s.Target).WithRemediation(s.Remediation);
                foreach (var (k, v) in s.Evidence) r.WithEvidence(k, v);
                return r;
            }).ToList();
            BackupVerificationSteps.AttachSummary(each[0], summary);
            return each;
        }
        return [Decide(context, options, step, summary)];
    }

    private static CheckResult Decide(CheckContext context, BackupVerificationOptions options, string step, BackupRestoreResult summary)
    {
        var steps = step == "all" ? summary.Steps : summary.Steps.Where(s => s.Id == $"backup.{step}").ToList();
        if (steps.Count == 0)
            return summary.Steps.FirstOrDefault(s => s.Status == CheckStatus.Failed) is { } earlier
                ? context.Fail($"Step {step} could not run: {earlier.Message}", options.Pattern)
                : context.Error($"Step {step} did not run; give the parameters it needs.", options.Pattern);
        var worst = steps.WorstBy(s => s.Status);
        var result = context.Result(worst.Status, steps.Count > 1 && worst.Status == CheckStatus.Passed
            ? $"{summary.BackupsFound} backups; {string.Join("; ", steps.Select(s => s.Message))}" : worst.Message, options.Pattern).WithRemediation(worst.Remediation);
        foreach (var s in steps) foreach (var (k, v) in s.Evidence) result.WithEvidence(steps.Count > 1 ? $"{s.Id[7..]}.{k}" : k, v);
        if (summary.RestoreDuration is { } d) result.WithEvidence("restoreSeconds", Math.Round(d.TotalSeconds, 2));
        return result;
    }

    public static BackupVerificationOptions OptionsFrom(CheckContext context, BackupRestoreParameters p)
    {
        PostgresServerOptions? server = null;
        if (p.Backend == "postgres" && p.Restore)
        {
            var password = p.PasswordVariable is { } variable ? context.Environment.GetEnvironmentVariable(variable) : null;
            context.Secrets.Add(password);
            server = new PostgresServerOptions
            {
                Host = p.Host, Port = p.Port, User = p.User ?? throw context.Parameters.Missing("user", "a string"),
                Password = password, MaintenanceDatabase = p.MaintenanceDatabase,
            };
        }
        return new BackupVerificationOptions
        {
            Backend = p.Backend,
            Pattern = p.Path,
            BaseDirectory = context.BaseDirectoryOf(p.Path),
            OffsitePattern = p.Offsite,
            MaxAge = p.MaxAgeHours is { } h ? TimeSpan.FromHours(h) : null,
            Interval = p.Interval,
            Retention = p.RetentionDays is { } d ? TimeSpan.FromDays(d) : null,
            DeletionRequired = p.RequireDeletion,
            Restore = p.Restore,
            RtoTarget = p.Rto,
            ManifestPath = p.Manifest is { } m ? context.ResolvePath(m) : null,
            CompareWithDatabase = p.CompareWith,
            Queries = p.Queries.Select(q => (Convert.ToString(q["sql"]) ?? "", Convert.ToString(q.TryGetValue("expect", out var e) ? e : "", System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList(),
            Server = server,
            KeepScratch = p.KeepScratch,
            Now = context.Environment.Clock.GetUtcNow(),
        };
    }
}

public sealed record BackupRestoreParameters
{
    /// <summary>postgres, sqlite or files.</summary>
    [CheckParameter("backend", Required = true)] public string Backend { get; init; } = "";
    /// <summary>The backups: a path or glob.</summary>
    [CheckParameter("path", Required = true)] public string Path { get; init; } = "";
    /// <summary>The off-site copies: a path or glob.</summary>
    [CheckParameter("offsite")] public string? Offsite { get; init; }
    [CheckParameter("maxAgeHours")] public double? MaxAgeHours { get; init; }
    /// <summary>The expected time between backups.</summary>
    [CheckParameter("interval")] public TimeSpan? Interval { get; init; }
    [CheckParameter("retentionDays")] public double? RetentionDays { get; init; }
    /// <summary>Backups older than the retention must have been deleted.</summary>
    [CheckParameter("requireDeletion")] public bool RequireDeletion { get; init; }
    /// <summary>Restore the newest backup into a scratch database or folder; false keeps the check read-only.</summary>
    [CheckParameter("restore")] public bool Restore { get; init; } = true;
    /// <summary>The recovery time objective the restore must meet.</summary>
    [CheckParameter("rto")] public TimeSpan? Rto { get; init; }
    /// <summary>Expected row counts (JSON) or files' SHA-256 (sha256sum format).</summary>
    [CheckParameter("manifest")] public string? Manifest { get; init; }
    /// <summary>PostgreSQL: compare the restore with this live database instead of a manifest.</summary>
    [CheckParameter("compareWith")] public string? CompareWith { get; init; }
    /// <summary>Queries run on the restore, each a map of <c>sql</c> and <c>expect</c>.</summary>
    [CheckParameter("queries")] public IReadOnlyList<IReadOnlyDictionary<string, object?>> Queries { get; init; } = [];
    [CheckParameter("host")] public string Host { get; init; } = "127.0.0.1";
    [CheckParameter("port")] public int Port { get; init; } = 5432;
    /// <summary>The PostgreSQL user of the scratch restore; required for a postgres restore.</summary>
    [CheckParameter("user")] public string? User { get; init; }
    [CheckParameter("passwordVariable")] public string? PasswordVariable { get; init; }
    [CheckParameter("maintenanceDatabase")] public string MaintenanceDatabase { get; init; } = "postgres";
    /// <summary>One step's name, all (the worst step) or each (one result per step).</summary>
    [CheckParameter("step")] public string Step { get; init; } = "all";
    [CheckParameter("keepScratch")] public bool KeepScratch { get; init; }
}
