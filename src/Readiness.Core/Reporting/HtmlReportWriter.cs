using System.Net;

namespace Readiness.Core.Reporting;

/// <summary>
/// One self-contained HTML file a person reads at a glance: decision banner, counts, a table per section with status
/// colours, status filter buttons (inline script), evidence and remediation folded into &lt;details&gt;. No external
/// assets, and every piece of report text is HTML-encoded.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    public string Format => "html";
    public string Extension => ".html";

    /// <summary>Pass rate per run (previous JSON reports and this one, see <see cref="ReportTrend"/>); drawn as an inline SVG when it has two or more runs.</summary>
    public IReadOnlyList<TrendPoint>? Trend { get; init; }

    public void Write(ReadinessReport report, TextWriter w)
    {
        var title = ReportView.Title(report);
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        w.WriteLine($"<title>{E(title)}: {report.Decision}</title>");
        w.WriteLine("<style>");
        w.WriteLine(Css);
        w.WriteLine("</style></head><body>");

        w.WriteLine($"<header class=\"banner decision-{report.Decision}\"><h1>{E(title)}</h1>");
        w.WriteLine($"<p class=\"decision\">Decision: <strong>{report.Decision}</strong></p><p>{E(report.DecisionReason)}</p>");
        var facts = new List<string> { $"checklist {E(report.ChecklistName)}" };
        if (report.ChecklistVersion is not null) facts[0] += " " + E(report.ChecklistVersion);
        if (!string.IsNullOrEmpty(report.Target)) facts.Add($"target {E(report.Target)}");
        facts.Add($"started {E(report.StartTime.ToString("yyyy-MM-dd HH:mm:ss zzz"))}");
        if (ReportView.AsOfLine(report) is { } asOf) facts.Add($"<strong>{E(asOf)}</strong>");
        facts.Add($"{ReportView.Seconds(report.Duration)} s");
        if (!string.IsNullOrEmpty(report.ToolVersion)) facts.Add($"readiness {E(report.ToolVersion)}");
        w.WriteLine($"<p class=\"facts\">{string.Join(" · ", facts)}</p></header>");

        WriteAttention(report, w);
        WriteSignOffs(report, w);

        if (Trend is { Count: > 1 } trend)
            w.WriteLine($"<section class=\"trend-section\"><h2>Pass rate per run</h2>{ReportTrend.ToSvg(trend)}</section>");

        w.WriteLine("<nav class=\"filters\" aria-label=\"Filter by status\">");
        w.WriteLine($"<button type=\"button\" class=\"filter active\" data-filter=\"all\">All <span class=\"n\">{report.Results.Count}</span></button>");
        foreach (var status in CheckStatusRules.Order)
        {
            var n = ReportView.Count(report, status);
            if (n > 0) w.WriteLine($"<button type=\"button\" class=\"filter s-{status}\" data-filter=\"{status}\">{status} <span class=\"n\">{n}</span></button>");
        }
        w.WriteLine("</nav>");
        // Severity filter: combines with the status filter (Failed + Critical shows the critical failures only).
        w.WriteLine("<nav class=\"filters severities\" aria-label=\"Filter by severity\">");
        w.WriteLine("<button type=\"button\" class=\"sev-filter active\" data-severity=\"all\">Any severity</button>");
        foreach (var severity in ReportView.SeverityOrder)
        {
            var n = report.Results.Count(r => r.Severity == severity);
            if (n > 0) w.WriteLine($"<button type=\"button\" class=\"sev-filter sev-{severity}\" data-severity=\"{severity}\">{severity} <span class=\"n\">{n}</span></button>");
        }
        w.WriteLine("</nav><main>");

        foreach (var (section, results) in ReportView.Sections(report))
        {
            var sectionCounts = string.Join(" · ", CheckStatusRules.Order
                .Select(st => (st, n: results.Count(r => r.Status == st))).Where(x => x.n > 0)
                .Select(x => $"<span class=\"c s-{x.st}\">{x.n} {x.st}</span>"));
            w.WriteLine($"<section data-section=\"{E(section)}\"><h2>{E(section)} <span class=\"section-counts\">{sectionCounts}</span></h2><table><thead><tr><th>Status</th><th>Severity</th><th>Id</th><th>Title</th><th>Result</th></tr></thead><tbody>");
            foreach (var r in results)
            {
                w.Write($"<tr class=\"result\" data-status=\"{r.Status}\" data-severity=\"{r.Severity}\" data-id=\"{E(r.Id)}\" id=\"{Anchor(r.Id)}\"><td><span class=\"status s-{r.Status}\"><span class=\"icon\" aria-hidden=\"true\">{Icon(r.Status)}</span> {r.Status}</span></td>");
                w.Write($"<td class=\"sev sev-{r.Severity}\">{r.Severity}</td><td><code>{Id(r.Id)}</code></td><td>{E(r.Title)}</td><td>");
                w.Write($"<div class=\"msg\">{E(r.Message)}</div>");
                if (r.Evidence.Count > 0 || !string.IsNullOrWhiteSpace(r.Remediation) || !string.IsNullOrEmpty(r.Target))
                {
                    w.Write("<details><summary>Evidence and remediation</summary><dl>");
                    if (!string.IsNullOrEmpty(r.Target)) w.Write($"<dt>target</dt><dd>{E(r.Target)}</dd>");
                    if (r.File is not null) w.Write($"<dt>file</dt><dd>{E(r.File)}{(r.Line is null ? "" : ":" + r.Line)}</dd>");
                    foreach (var (k, v) in r.Evidence) w.Write($"<dt>{E(k)}</dt><dd>{E(v)}</dd>");
                    w.Write($"<dt>check</dt><dd>{E(r.CheckType)} in {ReportView.Seconds(r.Duration)} s</dd>");
                    w.Write("</dl>");
                    if (!string.IsNullOrWhiteSpace(r.Remediation)) w.Write($"<p class=\"fix\"><strong>Remediation:</strong> {E(r.Remediation)}</p>");
                    w.Write("</details>");
                }
                w.WriteLine("</td></tr>");
            }
            w.WriteLine("</tbody></table></section>");
        }
        if (report.Waivers.Count > 0)
        {
            w.WriteLine("<section class=\"waivers\"><h2>Waivers</h2><table><thead><tr><th>Item</th><th>State</th><th>Approved by</th><th>Expires</th><th>Applied to</th><th>Justification</th></tr></thead><tbody>");
            foreach (var waiver in report.Waivers)
                w.WriteLine($"<tr><td><code>{E(waiver.Item)}</code></td><td>{waiver.State}</td><td>{E(waiver.ApprovedBy)}</td><td>{waiver.Expires:yyyy-MM-dd}</td><td>{E(string.Join(", ", waiver.AppliedTo))}</td><td>{E(waiver.Justification)}</td></tr>");
            w.WriteLine("</tbody></table></section>");
        }
        w.WriteLine("</main>");
        w.WriteLine("<script>");
        w.WriteLine(Script);
        w.WriteLine("</script></body></html>");
    }

    /// <summary>
    /// Failed and Error items first, above everything else: with a hundred rows in checklist order the few that stop
    /// the release are otherwise scattered. Blockers lead, in the gate's order, each linking to its row.
    /// </summary>
    private static void WriteAttention(ReadinessReport report, TextWriter w)
    {
        var attention = Running.ReadinessGate.Order(report.Results.Where(r => r.Status.IsProblem()).ToList());
        if (attention.Count == 0) return;
        w.WriteLine($"<section class=\"summary attention\"><h2>Needs attention <span class=\"n\">{attention.Count}</span></h2><table><thead><tr><th>Status</th><th>Severity</th><th>Id</th><th>Result</th></tr></thead><tbody>");
        foreach (var r in attention)
            w.WriteLine($"<tr class=\"attention-row\"><td><span class=\"status s-{r.Status}\"><span class=\"icon\" aria-hidden=\"true\">{Icon(r.Status)}</span> {r.Status}</span></td>" +
                        $"<td class=\"sev sev-{r.Severity}\">{r.Severity}</td><td><a href=\"#{Anchor(r.Id)}\"><code>{Id(r.Id)}</code></a></td><td><div class=\"msg\">{E(r.Message)}</div></td></tr>");
        w.WriteLine("</tbody></table></section>");
    }

    /// <summary>Who signed what and when, read from the attestation evidence; pending manual items with who may sign them.</summary>
    private static void WriteSignOffs(ReadinessReport report, TextWriter w)
    {
        var signed = report.Results.Where(r => r.Status == CheckStatus.Attested).ToList();
        var pending = report.Results.Where(r => r.Status == CheckStatus.Manual).ToList();
        if (signed.Count == 0 && pending.Count == 0) return;
        w.WriteLine($"<section class=\"summary signoffs\"><h2>Sign-offs <span class=\"section-counts\">{signed.Count} attested · {pending.Count} awaiting</span></h2><table><thead><tr><th>Item</th><th>Signed by</th><th>When</th><th>Note</th></tr></thead><tbody>");
        foreach (var r in signed)
        {
            var by = r.Evidence.TryGetValue("attestedBy", out var b) ? b : "";
            var at = r.Evidence.TryGetValue("attestedAt", out var a) && DateTimeOffset.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var when)
                ? when.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'") : "";
            var note = r.Evidence.TryGetValue("note", out var n) ? n : "";
            w.WriteLine($"<tr class=\"signoff attested\"><td><a href=\"#{Anchor(r.Id)}\"><code>{Id(r.Id)}</code></a></td><td>{E(by)}</td><td>{E(at)}</td><td>{E(note)}</td></tr>");
        }
        foreach (var r in pending)
        {
            var who = r.Evidence.TryGetValue("approvers", out var ap) ? ap : "";
            w.WriteLine($"<tr class=\"signoff pending\"><td><a href=\"#{Anchor(r.Id)}\"><code>{Id(r.Id)}</code></a></td><td class=\"awaiting\">awaiting {E(who.Length > 0 ? who : "a person")}</td><td></td><td></td></tr>");
        }
        w.WriteLine("</tbody></table></section>");
    }

    private static string Anchor(string id) => "item-" + E(id);

    /// <summary>An id that breaks after its dots and hyphens, never inside a word.</summary>
    private static string Id(string id) => E(id).Replace(".", ".<wbr>").Replace("/", "/<wbr>");

    /// <summary>Glyphs in the fonts every desktop has (emoji fonts are often missing offline or on servers).</summary>
    public static string Icon(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✓",
        CheckStatus.Attested => "✎",
        CheckStatus.Failed => "✗",
        CheckStatus.Error => "⊘",
        CheckStatus.Warning => "⚠",
        CheckStatus.Manual => "☐",
        CheckStatus.Waived => "⚑",
        _ => "»",
    };

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """
        body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
        .banner{padding:1rem 2rem;color:#fff}.banner h1{margin:0 0 .3rem;font-size:1.4rem}.banner p{margin:.2rem 0}
        .decision-Go{background:#1a7f37}.decision-NoGo{background:#cf222e}.decision-Conditional{background:#bc4c00}
        .decision{font-size:1.3rem}.facts{opacity:.9;font-size:.85rem}
        .filters{padding:.8rem 2rem;display:flex;gap:.4rem;flex-wrap:wrap}
        .filter{border:1px solid #d0d7de;background:#fff;border-radius:1rem;padding:.25rem .8rem;cursor:pointer}
        .filter.active{outline:2px solid #0969da}.n{font-weight:bold}
        main{padding:0 2rem 2rem}section{margin-bottom:1.5rem}h2{font-size:1.1rem;margin:.8rem 0 .4rem}
        table{border-collapse:collapse;width:100%;background:#fff;table-layout:fixed}
        th:nth-child(1){width:6rem}th:nth-child(2){width:5rem}th:nth-child(3){width:18%}th:nth-child(4){width:22%}code{word-break:normal;overflow-wrap:anywhere}
        .waivers th{width:auto!important}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem;overflow-wrap:anywhere;min-width:0}
        .msg,.fix,dd{overflow-wrap:anywhere}
        .summary{padding:.8rem 2rem 0}.summary h2{margin-top:.2rem}.summary th{width:auto}
        .attention th:nth-child(1){width:6rem}.attention th:nth-child(2){width:5rem}.attention th:nth-child(3){width:30%}
        .signoffs th:nth-child(1){width:30%}.signoffs th:nth-child(2){width:20%}.signoffs th:nth-child(3){width:11rem}
        .awaiting{color:#57606a;font-style:italic}a code{color:#0969da}
        th{background:#eaeef2}.status{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;color:#fff;font-weight:600;font-size:.8rem}
        .s-Passed{background:#1a7f37;color:#fff}.s-Attested{background:#2da44e;color:#fff}.s-Failed{background:#cf222e;color:#fff}
        .s-Error{background:#82071e;color:#fff}.s-Warning{background:#d4a72c;color:#1f2328}.s-Manual{background:#0969da;color:#fff}
        .s-Waived{background:#8250df;color:#fff}.s-Skipped{background:#6e7781;color:#fff}
        .sev-Critical,.sev-High{font-weight:600}details{margin-top:.3rem}summary{cursor:pointer;color:#0969da}
        dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.1rem .8rem;margin:.3rem 0}dt{overflow-wrap:anywhere}dt{color:#57606a}dd{margin:0;word-break:break-word}
        .fix{margin:.3rem 0}.hidden{display:none}.severities{padding-top:0}
        .sev-filter{border:1px solid #d0d7de;background:#fff;border-radius:1rem;padding:.2rem .7rem;cursor:pointer;font-size:.85rem}.sev-filter.active{outline:2px solid #0969da}
        .section-counts{font-size:.8rem;font-weight:normal;margin-left:.6rem}.section-counts .c{background:none;color:#57606a}
        .section-counts .c.s-Failed,.section-counts .c.s-Error{color:#cf222e;font-weight:600}
        .trend-section{padding:.8rem 2rem 0}.trend{max-width:100%;height:auto;background:#fff;border:1px solid #d0d7de}
        """;

    private const string Script = """
        var wantedStatus = 'all', wantedSeverity = 'all';
        function apply() {
            document.querySelectorAll('.filter').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-filter') === wantedStatus); });
            document.querySelectorAll('.sev-filter').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-severity') === wantedSeverity); });
            document.querySelectorAll('tr.result').forEach(function (row) {
              var hide = (wantedStatus !== 'all' && row.getAttribute('data-status') !== wantedStatus)
                      || (wantedSeverity !== 'all' && row.getAttribute('data-severity') !== wantedSeverity);
              row.classList.toggle('hidden', hide);
            });
            document.querySelectorAll('main section:not(.waivers)').forEach(function (section) {
              section.classList.toggle('hidden', section.querySelectorAll('tr.result:not(.hidden)').length === 0);
            });
            var hash = [wantedStatus, wantedSeverity].filter(function (x) { return x !== 'all'; }).join(',');
            if (history.replaceState) history.replaceState(null, '', '#' + hash);
        }
        function show(wanted) { wantedStatus = wanted; apply(); }
        document.querySelectorAll('.filter').forEach(function (button) {
          button.addEventListener('click', function () { wantedStatus = button.getAttribute('data-filter'); apply(); });
        });
        document.querySelectorAll('.sev-filter').forEach(function (button) {
          button.addEventListener('click', function () { wantedSeverity = button.getAttribute('data-severity'); apply(); });
        });
        // A link such as report.html#Failed or #Failed,Critical opens with those filters applied.
        location.hash.substring(1).split(',').forEach(function (part) {
          if (document.querySelector('.filter[data-filter="' + part + '"]')) wantedStatus = part;
          if (document.querySelector('.sev-filter[data-severity="' + part + '"]')) wantedSeverity = part;
        });
        if (location.hash.length > 1) apply();
        """;
}
