using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>The console table fits the terminal it is shown on, and a sane width when it is not a terminal.</summary>
public sealed class TableReportWidthTests
{
    private static ReadinessReport Report() => new()
    {
        ChecklistName = "auth-service",
        Decision = Decision.NoGo,
        DecisionReason = "NoGo: backups.fresh failed.",
        Results =
        {
            new CheckResult
            {
                Id = "disaster-recovery.backup-restore-verified", Status = CheckStatus.Failed, Severity = Severity.Critical,
                Message = "The newest backup auth-db-20261121T0200 is 382 hours old; the policy allows 24 hours between backups.",
            },
            new CheckResult { Id = "tls.version-1-3", Status = CheckStatus.Passed, Severity = Severity.High, Message = "TLS 1.3 is offered." },
        },
    };

    private static string[] Lines(int? width)
    {
        using var sw = new StringWriter();
        new TableReportWriter { Width = width }.Write(Report(), sw);
        return sw.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    [Theory]
    [InlineData(80)]
    [InlineData(90)]
    [InlineData(200)]
    public void Rows_fit_the_terminal_width(int width)
    {
        var lines = Lines(width);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        // Words wrap whole: the message's words are all there, none split across lines.
        var text = string.Join(" ", lines);
        foreach (var word in new[] { "auth-db-20261121T0200", "between", "backups." }) Assert.Contains(word, text);
    }

    [Fact]
    public void Not_a_terminal_means_the_default_width()
    {
        Assert.All(Lines(null), l => Assert.True(l.Length <= TableReportWriter.DefaultWidth, l));
        Assert.Contains(Lines(null), l => l.Contains("Status") && l.Contains("Message"));
    }
}
