using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Running;

/// <summary>Runbook mode: --section and --only-failed rerun just what an on-call engineer needs.</summary>
public sealed class RunbookModeTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private const string ChecklistYaml = """
        schemaVersion: 1
        name: runbook
        items:
          - id: db.url
            section: Database
            title: DATABASE_URL is set
            severity: high
            check: { type: env, name: DATABASE_URL }
          - id: db.pool
            section: Database
            title: Pool size is at least 10
            severity: medium
            check: { type: env, name: DB_POOL, min: 10 }
          - id: rollback.flag
            section: Rollback and Recovery
            title: Rollback switch is configured
            severity: critical
            check: { type: env, name: ROLLBACK_MODE, oneOf: [auto, manual] }
          - id: rollback.owner
            section: Rollback and Recovery
            title: Rollback owner signs off
            severity: high
            manual: { approvers: [SRE] }
        """;

    private string WriteChecklist()
    {
        var path = Path.Combine(_dir, "runbook.yaml");
        File.WriteAllText(path, ChecklistYaml);
        return path;
    }

    private static Task<ReadinessReport> Run(string checklist, Dictionary<string, string> env, RunOptions options)
    {
        options.EnvironmentLookup = name => env.TryGetValue(name, out var v) ? v : null;
        return ReadinessSession.RunAsync(new RunRequest { ChecklistPath = checklist, Options = options }, NullHost.Instance, CancellationToken.None);
    }

    [Fact]
    public async Task Only_failed_reruns_just_the_items_that_failed_last_time_and_sees_the_fix()
    {
        var checklist = WriteChecklist();
        var broken = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db/app", ["DB_POOL"] = "3" };
        var first = await Run(checklist, broken, new RunOptions());
        Assert.Equal(CheckStatus.Failed, first.Results.Single(r => r.Id == "db.pool").Status);
        Assert.Equal(CheckStatus.Failed, first.Results.Single(r => r.Id == "rollback.flag").Status);
        var previous = Path.Combine(_dir, "previous.json");
        ReportWriters.WriteFile(first, "json", previous);

        var fixedEnv = new Dictionary<string, string>(broken) { ["DB_POOL"] = "20" };
        var options = new RunOptions();
        PreviousRun.Apply(options, previous);
        var rerun = await Run(checklist, fixedEnv, options);

        Assert.Equal(new[] { "db.pool", "rollback.flag" }, rerun.Results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Passed, rerun.Results[0].Status);
        Assert.Equal(CheckStatus.Failed, rerun.Results[1].Status);
    }

    [Fact]
    public async Task Only_failed_combined_with_a_section_keeps_the_failed_items_of_that_section()
    {
        var checklist = WriteChecklist();
        var env = new Dictionary<string, string> { ["DB_POOL"] = "3" };
        var previous = Path.Combine(_dir, "previous.json");
        ReportWriters.WriteFile(await Run(checklist, env, new RunOptions()), "json", previous);

        var options = new RunOptions { Sections = { "rollback and recovery" } };
        PreviousRun.Apply(options, previous);
        var rerun = await Run(checklist, env, options);

        Assert.Equal("rollback.flag", Assert.Single(rerun.Results).Id);
    }

    [Fact]
    public void Errors_count_as_failed_and_Passed_Manual_Warning_do_not()
    {
        var report = new ReadinessReport
        {
            Results =
            {
                new CheckResult { Id = "a", Status = CheckStatus.Passed },
                new CheckResult { Id = "b", Status = CheckStatus.Error },
                new CheckResult { Id = "c", Status = CheckStatus.Manual },
                new CheckResult { Id = "d", Status = CheckStatus.Failed },
                new CheckResult { Id = "e", Status = CheckStatus.Warning },
            },
        };
        Assert.Equal(new[] { "b", "d" }, PreviousRun.FailedIds(report));
    }

    [Fact]
    public async Task A_previous_report_with_nothing_failed_fails_closed()
    {
        var checklist = WriteChecklist();
        var good = new Dictionary<string, string> { ["DATABASE_URL"] = "x", ["DB_POOL"] = "12", ["ROLLBACK_MODE"] = "auto" };
        var previous = Path.Combine(_dir, "green.json");
        ReportWriters.WriteFile(await Run(checklist, good, new RunOptions()), "json", previous);

        var ex = Assert.Throws<ChecklistSelectionException>(() => PreviousRun.Apply(new RunOptions(), previous));
        Assert.Contains("no Failed or Error items", ex.Message);
    }

    [Fact]
    public void A_missing_or_foreign_previous_report_is_a_clear_error()
    {
        Assert.Throws<FileNotFoundException>(() => PreviousRun.FailedIds(Path.Combine(_dir, "nope.json")));
        var notReport = Path.Combine(_dir, "junit.xml");
        File.WriteAllText(notReport, "<testsuites/>");
        var ex = Assert.Throws<InvalidDataException>(() => PreviousRun.FailedIds(notReport));
        Assert.Contains("not a Readiness JSON report", ex.Message);
    }

    [Fact]
    public async Task Section_runs_only_that_section_case_insensitively()
    {
        var checklist = WriteChecklist();
        var report = await Run(checklist, new(), new RunOptions { Sections = { "ROLLBACK AND RECOVERY" } });
        Assert.Equal(new[] { "rollback.flag", "rollback.owner" }, report.Results.Select(r => r.Id));
        Assert.Equal(CheckStatus.Manual, report.Results[1].Status);
    }
}
