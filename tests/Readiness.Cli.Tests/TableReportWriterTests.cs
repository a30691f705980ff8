using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>The console table: coloured statuses on a terminal, plain text when redirected, details with --verbose.</summary>
public sealed class TableReportWriterTests
{
    private static ReadinessReport Report() => new()
    {
        ChecklistName = "diffver",
        Decision = Decision.NoGo,
        DecisionReason = "1 critical item failed.",
        Counts = new() { [CheckStatus.Passed] = 1, [CheckStatus.Failed] = 1, [CheckStatus.Manual] = 1 },
        Results =
        {
            new CheckResult { Id = "security.auth-required", Status = CheckStatus.Passed, Severity = Severity.Critical, Message = "DIFFVER_AUTH_REQUIRED is set in .env." },
            new CheckResult
            {
                Id = "security.webhook-replay-window-setting", Status = CheckStatus.Failed, Severity = Severity.High,
                Message = "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS is 3600, outside the allowed range 1..900.",
                Evidence = { ["range"] = "1..900", ["source"] = ".env" },
                Remediation = "Set DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS to a value within 1..900.",
            },
            new CheckResult { Id = "signing.kms-key-policy", Status = CheckStatus.Manual, Severity = Severity.Critical, Message = "Awaiting attestation by AppSec." },
        },
    };

    [Fact]
    public void The_cli_registers_the_table_beside_the_engine_formats()
    {
        _ = CliCommands.All().ToList();
        Assert.IsType<TableReportWriter>(Readiness.Core.Reporting.ReportWriters.Get("table"));
        Assert.Contains("json", Readiness.Core.Reporting.ReportWriters.Formats);
    }

    private static string Render(TableReportWriter writer)
    {
        using var sw = new StringWriter();
        writer.Write(Report(), sw);
        return sw.ToString();
    }

    [Fact]
    public void With_colour_Failed_is_red_Passed_green_and_Manual_blue()
    {
        var text = Render(new TableReportWriter { Color = true });
        Assert.Contains("\u001b[91mFailed", text);   // red
        Assert.Contains("\u001b[32mPassed", text);   // green
        Assert.Contains("\u001b[94mManual", text);   // blue
        Assert.Contains("\u001b[1;91mDecision: NoGo", text);
    }

    [Fact]
    public void Without_colour_there_are_no_escape_codes_for_logs_and_pipes()
    {
        var text = Render(new TableReportWriter { Color = false });
        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains("Failed", text);
        Assert.Contains("Decision: NoGo", text);
    }

    [Fact]
    public void Verbose_adds_evidence_and_remediation_under_the_message_and_the_default_does_not()
    {
        var detailed = Render(new TableReportWriter { Detailed = true });
        Assert.Contains("range=1..900", detailed);
        Assert.Contains("fix: Set DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS", detailed);

        var plain = Render(new TableReportWriter());
        Assert.DoesNotContain("range=1..900", plain);
        Assert.DoesNotContain("fix:", plain);
    }
}
