using Readiness.Core.Checks.Backup;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Backup;

/// <summary>
/// Backup and recovery verified end to end; one item decides one step, all of them (the worst step), or with
/// <c>step: each</c> gives one result per step (Invoke-BackupRestoreCheck), the first carrying the run's summary.
/// </summary>
public sealed class BackupRestoreCheck : ICheck, ITargetChangingCheck
{
    public string Type => "backup-restore";

    /// <summary>A scratch restore creates and drops a database or folder; it never touches the backup itself.</summary>
    public ChangeImpact Impact => ChangeImpact.Medium;

    public PlannedChange? Plan(CheckContext context) =>
        context.Parameters.GetBool("restore", true)
            ? new PlannedChange(context.Parameters.RequireString("path"),
                $"Restore the newest {context.Parameters.RequireString("backend")} backup into a scratch database or folder and remove it afterwards")
            : null;

    public IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "backend", "path", "offsite", "maxAgeHours", "interval", "retentionDays", "requireDeletion", "restore", "rto", "manifest",
        "compareWith", "queries", "host", "port", "user", "passwordVariable", "maintenanceDatabase", "step", "keepScratch",
    };

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var options = OptionsFrom(context);
        var step = context.Parameters.GetString("step", "all")!;
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

    public static BackupVerificationOptions OptionsFrom(CheckContext context)
    {
        var p = context.Parameters;
        var backend = p.RequireString("backend");
        PostgresServerOptions? server = null;
        if (backend == "postgres" && p.GetBool("restore", true))
        {
            var password = p.GetString("passwordVariable") is { } variable ? context.Environment.GetEnvironmentVariable(variable) : null;
            context.Secrets.Add(password);
            server = new PostgresServerOptions
            {
                Host = p.GetString("host", "127.0.0.1")!, Port = (int)p.GetInt("port", 5432), User = p.RequireString("user"),
                Password = password, MaintenanceDatabase = p.GetString("maintenanceDatabase", "postgres")!,
            };
        }
        return new BackupVerificationOptions
        {
            Backend = backend,
            Pattern = p.RequireString("path"),
            BaseDirectory = context.BaseDirectoryOf(p.RequireString("path")),
            OffsitePattern = p.GetString("offsite"),
            MaxAge = p.GetDouble("maxAgeHours") is { } h ? TimeSpan.FromHours(h) : null,
            Interval = p.GetDuration("interval"),
            Retention = p.GetDouble("retentionDays") is { } d ? TimeSpan.FromDays(d) : null,
            DeletionRequired = p.GetBool("requireDeletion"),
            Restore = p.GetBool("restore", true),
            RtoTarget = p.GetDuration("rto"),
            ManifestPath = p.GetString("manifest") is { } m ? context.ResolvePath(m) : null,
            CompareWithDatabase = p.GetString("compareWith"),
            Queries = p.GetMapList("queries").Select(q => (Convert.ToString(q["sql"]) ?? "", Convert.ToString(q.TryGetValue("expect", out var e) ? e : "", System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToList(),
            Server = server,
            KeepScratch = p.GetBool("keepScratch"),
            Now = context.Environment.Clock.GetUtcNow(),
        };
    }
}
