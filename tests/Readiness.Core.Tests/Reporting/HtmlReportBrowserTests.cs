using Readiness.Core.Reporting;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// The HTML report as a release manager sees it: opened in a real headless chromium from a file, offline. Asserts the
/// decision, the failed rows, the status and severity filters by clicking them, expandable evidence, the trend line,
/// and saves screenshots under TestOutput/ next to the test assembly (CI uploads that folder).
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private static readonly DateTimeOffset Start = new(2026, 3, 6, 10, 0, 0, TimeSpan.Zero);

    private static CheckResult R(string id, string section, CheckStatus status, Severity severity, string message, string? remediation = null, params (string, string)[] evidence)
    {
        var r = new CheckResult { Id = id, Section = section, Title = id, Status = status, Severity = severity, Message = message, Remediation = remediation, CheckType = "env" };
        foreach (var (k, v) in evidence) r.Evidence[k] = v;
        return r;
    }

    private static ReadinessReport Report()
    {
        var report = new ReadinessReport
        {
            ChecklistName = "diffver", ChecklistTitle = "diffver production readiness", StartTime = Start,
            Decision = Decision.NoGo, DecisionReason = "2 items at Critical/High severity failed.",
            Results =
            {
                R("security.auth-required", "Security", CheckStatus.Passed, Severity.Critical, "DIFFVER_AUTH_REQUIRED is set in .env."),
                R("security.webhook-signature-secret", "Security", CheckStatus.Failed, Severity.Critical,
                    "DIFFVER_GITHUB_WEBHOOK_SECRET holds a placeholder value, not a real setting.",
                    "Replace the placeholder in DIFFVER_GITHUB_WEBHOOK_SECRET with the production value.", ("source", ".env")),
                R("security.webhook-replay-window-setting", "Security", CheckStatus.Failed, Severity.High,
                    "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS is 3600, outside the allowed range 1..900.",
                    "Set DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS to a value within 1..900.", ("range", "1..900")),
                R("signing.kms-key-policy", "Signing and Evidence", CheckStatus.Manual, Severity.Critical, "Awaiting attestation by AppSec or Platform."),
                R("reliability.metrics-scraped", "Reliability and Operations", CheckStatus.Error, Severity.High, "The check could not run: connection refused."),
                R("reliability.retention-thresholds", "Reliability and Operations", CheckStatus.Warning, Severity.Medium, "Retention is 400 days, above the 365 recommended."),
            },
        };
        foreach (var g in report.Results.GroupBy(r => r.Status)) report.Counts[g.Key] = g.Count();
        return report;
    }

    private static ReadinessReport Previous(int daysBefore, Decision decision, int passed, int failed)
    {
        var r = new ReadinessReport { ChecklistName = "diffver", StartTime = Start.AddDays(-daysBefore), Decision = decision };
        for (var i = 0; i < passed; i++) r.Results.Add(new CheckResult { Id = $"p{i}", Status = CheckStatus.Passed });
        for (var i = 0; i < failed; i++) r.Results.Add(new CheckResult { Id = $"f{i}", Status = CheckStatus.Failed });
        return r;
    }

    private string WriteHtml()
    {
        var report = Report();
        var writer = new HtmlReportWriter { Trend = ReportTrend.Build(new[] { Previous(2, Decision.NoGo, 1, 5), Previous(1, Decision.NoGo, 3, 3) }, report) };
        var path = Path.Combine(_dir, "readiness.html");
        using (var file = new StreamWriter(path)) writer.Write(report, file);
        return path;
    }

    private const string VisibleRows = "Array.from(document.querySelectorAll('tr.result')).filter(function(r){return r.offsetParent!==null;})";

    private static string Screenshot(string name) => Path.Combine(AppContext.BaseDirectory, "TestOutput", name);

    [ChromiumFact]
    public async Task A_release_manager_sees_the_decision_the_failed_rows_and_can_filter_by_status_and_severity()
    {
        var html = WriteHtml();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(html);

        Assert.Contains("NoGo", await browser.EvaluateAsync<string>("document.querySelector('.decision').textContent"));
        Assert.Equal(2, await browser.EvaluateAsync<int>("document.querySelectorAll('tr.result[data-status=\"Failed\"]').length"));
        Assert.Equal(6, await browser.EvaluateAsync<int>(VisibleRows + ".length"));
        await browser.ScreenshotAsync(Screenshot("html-report.png"));

        // Status filter: only the two failed rows remain, and sections without one disappear.
        await browser.ClickAsync(".filter[data-filter=\"Failed\"]");
        Assert.Equal(new[] { "Failed", "Failed" }, await browser.EvaluateAsync<string[]>(VisibleRows + ".map(function(r){return r.getAttribute('data-status');})"));
        Assert.Equal(1, await browser.EvaluateAsync<int>("Array.from(document.querySelectorAll('main section')).filter(function(s){return s.offsetParent!==null;}).length"));

        // Severity filter on top of it: the critical failure only.
        await browser.ClickAsync(".sev-filter[data-severity=\"Critical\"]");
        Assert.Equal(new[] { "security.webhook-signature-secret" }, await browser.EvaluateAsync<string[]>(VisibleRows + ".map(function(r){return r.getAttribute('data-id');})"));
        await browser.ScreenshotAsync(Screenshot("html-report-failed-critical.png"));

        // Back to everything.
        await browser.ClickAsync(".filter[data-filter=\"all\"]");
        await browser.ClickAsync(".sev-filter[data-severity=\"all\"]");
        Assert.Equal(6, await browser.EvaluateAsync<int>(VisibleRows + ".length"));

        Assert.True(new FileInfo(Screenshot("html-report.png")).Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Screenshot("html-report-failed-critical.png"))[..4]);
    }

    [ChromiumFact]
    public async Task Evidence_and_remediation_expand_on_click_and_the_page_needs_nothing_from_the_network()
    {
        var html = WriteHtml();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(html);

        const string details = "document.querySelector('tr.result[data-id=\"security.webhook-replay-window-setting\"] details')";
        Assert.False(await browser.EvaluateAsync<bool>(details + ".open"));
        await browser.ClickAsync("tr.result[data-id=\"security.webhook-replay-window-setting\"] summary");
        Assert.True(await browser.EvaluateAsync<bool>(details + ".open"));
        Assert.Contains("Set DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS to a value within 1..900.", await browser.EvaluateAsync<string>(details + ".innerText"));

        // Counts by section, and the trend line with one dot per run.
        Assert.Contains("2 Failed", await browser.EvaluateAsync<string>("document.querySelector('section[data-section=\"Security\"] .section-counts').textContent"));
        Assert.Equal(3, await browser.EvaluateAsync<int>("document.querySelectorAll('svg.trend circle.trend-point').length"));

        // Self-contained: no resource was fetched and nothing points off the page.
        Assert.Equal(0, await browser.EvaluateAsync<int>("performance.getEntriesByType('resource').length"));
        Assert.Equal(0, await browser.EvaluateAsync<int>("document.querySelectorAll('[src],link[href],[href^=\"http\"]').length"));
    }
}
