using Readiness.Core.Reporting;

namespace Readiness.Core.Tests.Reporting;

public sealed class PlainTableReportWriterTests
{
    [Fact]
    public void The_plain_table_leads_with_status_severity_id_message_and_ends_with_the_decision()
    {
        var report = new ReadinessReport
        {
            ChecklistName = "diffver", Decision = Decision.NoGo, DecisionReason = "NoGo: sec.hsts failed.",
            Results =
            {
                new CheckResult { Id = "sec.hsts", Status = CheckStatus.Failed, Severity = Severity.High, Message = "max-age is 300." },
                new CheckResult { Id = "ops.runbook", Status = CheckStatus.Manual, Severity = Severity.Medium, Message = "Awaiting attestation." },
            },
        };
        var lines = ReportWriters.Render(report, "table").Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("Status  Sev     Id           Message", lines[0]);
        Assert.Equal("Failed  High    sec.hsts     max-age is 300.", lines[2]);
        Assert.Equal("Manual  Medium  ops.runbook  Awaiting attestation.", lines[3]);
        Assert.Equal("diffver  1 Failed, 1 Manual  (0.0 s)", lines[5]);
        Assert.Equal("Decision: NoGo  NoGo: sec.hsts failed.", lines[6]);
    }
}
