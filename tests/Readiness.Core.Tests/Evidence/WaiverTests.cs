using Readiness.Core.Checklists;
using Readiness.Core.Evidence;
using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Evidence;

public sealed class WaiverTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public void Dispose() => TempFolder.Delete(_dir);

    private string WriteChecklist(string extraSettings = "")
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=staging\nDIFFVER_AUTH_REQUIRED=0\nDIFFVER_RETENTION_FULL_MODE_DAYS=30\n");
        var path = Path.Combine(_dir, "release.yaml");
        File.WriteAllText(path, $$"""
            schemaVersion: 1
            name: release
            settings:
              {{extraSettings}}
              parallel: 2
            items:
              - id: security.env-production
                section: Security
                title: DIFFVER_ENV=production
                severity: high
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_ENV, equals: production }
              - id: security.auth-required
                section: Security
                title: DIFFVER_AUTH_REQUIRED=1
                severity: critical
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_AUTH_REQUIRED, equals: "1" }
              - id: ops.retention
                section: Ops
                title: Retention set
                severity: medium
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_RETENTION_FULL_MODE_DAYS, min: 1 }
            """);
        return path;
    }

    private static async Task<ReadinessReport> Run(string checklistPath, TimeProvider? clock = null) =>
        await ReadinessSession.RunAsync(new RunRequest { ChecklistPath = checklistPath, Options = new RunOptions { Clock = clock ?? new FixedClock(Now) } },
            NullHost.Instance, CancellationToken.None);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static Waiver Add(string checklist, string item, DateTimeOffset expires, DateTimeOffset? now = null)
    {
        var loaded = ReadinessSession.Load(checklist);
        return WaiverService.Add(loaded, item, "Known issue, fix in next release", "Jane Doe (AppSec)", expires,
            WaiverFile.DefaultPathFor(checklist), AttestationStore.DefaultPathFor(checklist), now ?? Now);
    }

    [Fact]
    public async Task Without_waivers_the_high_failure_is_NoGo()
    {
        var report = await Run(WriteChecklist());
        Assert.Equal(Decision.NoGo, report.Decision);
    }

    [Fact]
    public async Task A_waived_failure_is_Waived_not_Passed_and_the_decision_follows_the_rule()
    {
        var checklist = WriteChecklist();
        Add(checklist, "security.env-production", Now.AddDays(10));
        Add(checklist, "security.auth-required", Now.AddDays(10));

        var report = await Run(checklist);
        var waived = report.Results.Single(r => r.Id == "security.env-production");
        Assert.Equal(CheckStatus.Waived, waived.Status);
        Assert.Equal("Jane Doe (AppSec)", waived.Evidence["waiverApprovedBy"]);
        Assert.Equal(2, report.Count(CheckStatus.Waived));
        Assert.Equal(0, report.Count(CheckStatus.Failed));
        Assert.Equal(Decision.Go, report.Decision);
        Assert.Contains("accepted by waiver", report.DecisionReason);
        Assert.All(report.Waivers, w => Assert.Equal(WaiverState.Active, w.State));
        Assert.Contains(report.Waivers, w => w.Expires.Date == Now.AddDays(10).Date);

        File.AppendAllText(checklist, "");
        var strict = File.ReadAllText(checklist).Replace("parallel: 2", "parallel: 2\n  decision: { waived: conditional }");
        File.WriteAllText(checklist, strict);
        Assert.Equal(Decision.Conditional, (await Run(checklist)).Decision);
    }

    [Fact]
    public async Task An_expired_waiver_does_not_apply_and_is_reported_as_a_warning()
    {
        var checklist = WriteChecklist();
        Add(checklist, "security.env-production", Now.AddDays(1), now: Now.AddDays(-30));
        var report = await Run(checklist, new FixedClock(Now.AddDays(2)));

        Assert.Equal(CheckStatus.Failed, report.Results.Single(r => r.Id == "security.env-production").Status);
        var warning = report.Results.Single(r => r.Section == WaiverPolicy.Section);
        Assert.Equal(CheckStatus.Warning, warning.Status);
        Assert.Contains("expired on", warning.Message);
        Assert.Contains("security.env-production", warning.Message);
        Assert.Equal(WaiverState.Expired, Assert.Single(report.Waivers).State);
        Assert.Equal(Decision.NoGo, report.Decision);
    }

    [Fact]
    public async Task A_non_waivable_critical_item_stays_NoGo()
    {
        var checklist = WriteChecklist("nonWaivable: [critical]");
        // a pattern that covers a waivable and a non-waivable item is accepted; the critical one is refused at run time
        Add(checklist, "security.*", Now.AddDays(10));
        var report = await Run(checklist);

        Assert.Equal(CheckStatus.Failed, report.Results.Single(r => r.Id == "security.auth-required").Status);
        Assert.Contains("non-waivable", report.Results.Single(r => r.Id == "security.auth-required").Evidence["waiverRefused"]);
        Assert.Equal(CheckStatus.Waived, report.Results.Single(r => r.Id == "security.env-production").Status);
        Assert.Equal(Decision.NoGo, report.Decision);
        Assert.Throws<ArgumentException>(() => Add(checklist, "security.auth-required", Now.AddDays(10)));
    }

    [Fact]
    public void Creating_a_waiver_records_it_in_the_attestation_chain()
    {
        var checklist = WriteChecklist();
        Add(checklist, "ops.retention", Now.AddDays(5));
        var chain = new AttestationStore(AttestationStore.DefaultPathFor(checklist));
        var entry = Assert.Single(chain.ReadAll());
        Assert.Equal("waive", entry.Kind);
        Assert.Equal("ops.retention", entry.ItemId);
        Assert.True(chain.Verify().IsValid);
    }

    [Fact]
    public void A_waiver_for_an_unknown_item_or_in_the_past_is_refused()
    {
        var checklist = WriteChecklist();
        Assert.Contains("No item", Assert.Throws<ArgumentException>(() => Add(checklist, "nope.*", Now.AddDays(5))).Message);
        Assert.Contains("not in the future", Assert.Throws<ArgumentException>(() => Add(checklist, "ops.retention", Now.AddDays(-1))).Message);
    }

    [Fact]
    public void A_malformed_waivers_file_names_the_line()
    {
        var path = Path.Combine(_dir, "bad.waivers.yaml");
        File.WriteAllText(path, "waivers:\n  - item: a\n    justification: b\n    approvedBy: c\n    expires: someday\n");
        var ex = Assert.Throws<ChecklistException>(() => new WaiverFile(path).Read());
        Assert.Contains("expires", ex.Message);
        Assert.Equal(2, ex.Errors[0].Line);
    }

    [Fact]
    public async Task Waived_appears_in_every_renderer()
    {
        var checklist = WriteChecklist();
        Add(checklist, "security.env-production", Now.AddDays(10));
        var report = await Run(checklist);
        foreach (var format in ReportWriters.Formats)
            Assert.True(ReportWriters.Render(report, format).Contains("Waived", StringComparison.OrdinalIgnoreCase), $"format {format} does not show Waived");
    }
}
