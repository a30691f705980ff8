using Readiness.Core.Reporting;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// The HTML report's layout in headless chromium at a laptop's half screen (900 px) and a desktop (1400 px): long
/// unbroken text and URLs stay inside their cells, failures come first in a summary, sign-offs are listed with who and
/// when. The 900 px screenshot goes to TestOutput/.
/// </summary>
public sealed class HtmlReportLayoutTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_dir);

    private const string LongUrl = "https://artifacts.example.com/v1/releases/auth-service/2026-12-07/builds/0123456789abcdef0123456789abcdef/verification-report.json?signature=abcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly string Unbroken = "SHA256:" + new string('f', 64) + new string('0', 64);

    private static ReadinessReport Report()
    {
        var results = new List<CheckResult>();
        for (var i = 0; i < 109; i++)
        {
            var status = i switch { 17 => CheckStatus.Failed, 54 => CheckStatus.Error, 90 => CheckStatus.Failed, 100 or 101 => CheckStatus.Attested, 102 => CheckStatus.Manual, _ => CheckStatus.Passed };
            var severity = i switch { 90 => Severity.Critical, 17 => Severity.Medium, _ => Severity.High };
            var r = new CheckResult
            {
                Id = i == 90 ? "disaster-recovery.backup-restore-verified-against-scratch-database" : $"section-{i / 10}.item-{i}",
                Section = $"{i / 10 + 1}.1 Section {i / 10}", Title = $"Item {i}", Status = status, Severity = severity, CheckType = "http",
                Message = status is CheckStatus.Failed or CheckStatus.Error ? $"GET {LongUrl} returned {Unbroken} instead." : "Fine.",
                Target = LongUrl,
                Remediation = status == CheckStatus.Failed ? $"Rebuild the artifact and publish it to {LongUrl}." : null,
            };
            r.Evidence["digest"] = Unbroken;
            r.Evidence["a-very-long-evidence-key-without-any-spaces-in-it-at-all"] = "x";
            if (status == CheckStatus.Attested)
            {
                r.Evidence["attestedBy"] = i == 100 ? "SRE: Dana" : "AppSec: Lee";
                r.Evidence["attestedAt"] = "2026-12-07T03:20:00.0000000+00:00";
                r.Evidence["note"] = "runbook reviewed";
            }
            if (status == CheckStatus.Manual) r.Evidence["approvers"] = "Compliance";
            results.Add(r);
        }
        return Readiness.Core.Running.ReportBuilder.Build(new Checklist { Name = "auth-service", Title = "Auth service production readiness" }, results,
            new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(12));
    }

    private string WriteHtml()
    {
        var path = Path.Combine(_dir, "report.html");
        using (var file = new StreamWriter(path)) new HtmlReportWriter().Write(Report(), file);
        return path;
    }

    // Every table cell's content fits its column, and the page never scrolls sideways.
    private const string Overflowing = """
        (function () {
          document.querySelectorAll('details').forEach(function (d) { d.open = true; });
          var bad = [];
          document.querySelectorAll('td').forEach(function (td) {
            if (td.offsetParent === null) return;
            if (td.scrollWidth > td.clientWidth + 1) bad.push((td.closest('tr').getAttribute('data-id') || td.closest('section').className) + ' col ' + td.cellIndex + ': ' + td.scrollWidth + '>' + td.clientWidth);
          });
          if (document.documentElement.scrollWidth > window.innerWidth) bad.push('page ' + document.documentElement.scrollWidth + '>' + window.innerWidth);
          return bad;
        })()
        """;

    [ChromiumFact]
    public async Task Nothing_overflows_its_column_at_900_or_1400_pixels()
    {
        var html = WriteHtml();
        foreach (var width in new[] { 900, 1400 })
        {
            await using var browser = await HeadlessChromium.StartAsync(width, 1000);
            await browser.OpenAsync(html);
            var bad = await browser.EvaluateAsync<string[]>(Overflowing);
            Assert.True(bad.Length == 0, $"at {width} px: {string.Join("; ", bad.Take(10))}");
            if (width == 900)
            {
                await browser.EvaluateAsync<bool>("(function(){document.querySelectorAll('details').forEach(function(d){d.open=false;}); window.scrollTo(0,0); return true;})()");
                await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "TestOutput", "html-report-900px.png"));
            }
        }
    }

    [ChromiumFact]
    public async Task Ids_break_at_their_dots_and_hyphens_not_inside_words()
    {
        await using var browser = await HeadlessChromium.StartAsync(900, 1000);
        await browser.OpenAsync(WriteHtml());
        // Each rendered line of the long id ends at a separator (or the id's end).
        var lines = await browser.EvaluateAsync<string[]>("""
            (function () {
              var code = document.querySelector('tr.result[data-id^="disaster-recovery"] code');
              var range = document.createRange(), text = code.textContent, lines = [], top = null, line = '';
              var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), node, all = [];
              while ((node = walker.nextNode())) for (var i = 0; i < node.length; i++) all.push([node, i]);
              all.forEach(function (p) {
                range.setStart(p[0], p[1]); range.setEnd(p[0], p[1] + 1);
                var t = Math.round(range.getBoundingClientRect().top);
                if (top !== null && t > top + 2) { lines.push(line); line = ''; }
                top = t; line += p[0].data[p[1]];
              });
              lines.push(line);
              return lines;
            })()
            """);
        Assert.True(lines.Length > 1, "the id is long enough to wrap at 900 px");
        Assert.All(lines.SkipLast(1), l => Assert.True(l.EndsWith('.') || l.EndsWith('-'), $"'{l}' breaks inside a word: {string.Join(" | ", lines)}"));
    }

    [ChromiumFact]
    public async Task Failures_come_first_in_a_summary_and_sign_offs_say_who_and_when()
    {
        await using var browser = await HeadlessChromium.StartAsync(900, 1000);
        await browser.OpenAsync(WriteHtml());

        var attention = await browser.EvaluateAsync<string[]>("Array.from(document.querySelectorAll('.attention tbody tr')).map(function(r){return r.querySelector('code').textContent;})");
        Assert.Equal(new[] { "disaster-recovery.backup-restore-verified-against-scratch-database", "section-5.item-54", "section-1.item-17" }, attention);
        // The summary is above the first result row.
        Assert.True(await browser.EvaluateAsync<bool>("document.querySelector('.attention').getBoundingClientRect().top < document.querySelector('tr.result').getBoundingClientRect().top"));
        Assert.Equal("#item-disaster-recovery.backup-restore-verified-against-scratch-database",
            await browser.EvaluateAsync<string>("document.querySelector('.attention a').getAttribute('href')"));

        var signoffs = await browser.EvaluateAsync<string[]>("Array.from(document.querySelectorAll('.signoffs tbody tr')).map(function(r){return r.innerText.replace(/\\s+/g,' ').trim();})");
        Assert.Equal(new[]
        {
            "section-10.item-100 SRE: Dana 2026-12-07 03:20 UTC runbook reviewed",
            "section-10.item-101 AppSec: Lee 2026-12-07 03:20 UTC runbook reviewed",
            "section-10.item-102 awaiting Compliance",
        }, signoffs);
    }
}
