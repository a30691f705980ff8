using System.Xml.Linq;
using Readiness.Core.Reporting;

namespace Readiness.Core.Tests.Reporting;

public sealed class ReportWritersTests
{
    private const string Canary = "CANARY-7f3a9c1e-do-not-print";

    [Fact]
    public void Every_format_the_brief_names_has_a_writer()
    {
        foreach (var format in new[] { "table", "json", "markdown", "junit", "html", "github", "azure-devops" })
            Assert.Contains(format, ReportWriters.Formats);
    }

    [Fact]
    public async Task A_canary_secret_registered_by_a_check_appears_in_no_format()
    {
        var report = await SampleReports.RunAsync(
            new ChecklistItem { Id = "leaky", Section = "Secrets", Title = "Leaky check", Severity = Severity.Critical,
                Check = new CheckSpec { Type = "scripted", Parameters = new() { ["secret"] = Canary } } },
            SampleReports.Item("other", "Secrets", "Passed"));
        Assert.Equal(CheckStatus.Failed, report.Results[0].Status);

        foreach (var format in ReportWriters.Formats)
        {
            var text = ReportWriters.Render(report, format);
            Assert.False(string.IsNullOrWhiteSpace(text), format);
            Assert.Contains("leaky", text);
            Assert.DoesNotContain(Canary, text);
            Assert.DoesNotContain("7f3a9c1e", text);
        }

        var summary = Path.GetTempFileName();
        try
        {
            var ci = CiEnvironment.Detect(n => n switch { "GITHUB_ACTIONS" => "true", "GITHUB_STEP_SUMMARY" => summary, "TF_BUILD" => "True", _ => null });
            var commands = new StringWriter();
            ci.Publish(report, "json", commands);
            Assert.DoesNotContain(Canary, File.ReadAllText(summary) + commands);
        }
        finally { File.Delete(summary); }
    }

    [Fact]
    public async Task Waived_renders_in_every_format()
    {
        var report = await SampleReports.EveryStatusAsync();
        foreach (var format in ReportWriters.Formats)
            Assert.Contains("Waived", ReportWriters.Render(report, format));
    }

    [Fact]
    public async Task Every_writer_survives_hostile_text()
    {
        var report = await SampleReports.RunAsync(
            SampleReports.Item("x", "S<|>&\"'", "Failed", message: "bad \u0001\u0007 \r\n##vso[task.complete result=Succeeded;] ::error::x <script>alert(1)</script> 100%"));
        foreach (var format in ReportWriters.Formats)
            Assert.False(string.IsNullOrEmpty(ReportWriters.Render(report, format)));
    }
}

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public async Task Shows_the_decision_the_counts_and_a_table_per_section()
    {
        var report = await SampleReports.EveryStatusAsync();
        var md = ReportWriters.Render(report, "markdown");
        var lines = md.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.StartsWith("# Sample readiness", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("**Decision: 🔴 NoGo**: NoGo: sec.failed, sec.error failed", StringComparison.Ordinal));
        Assert.Contains("| ⚠️ Warning | 1 |", lines);
        Assert.Equal(new[] { "## Security", "## Operations" }, lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains('`')).ToList();
        Assert.Equal(report.Results.Count, rows.Count);
        // A pipe inside a message must not split the cell.
        Assert.Contains(rows, r => r.Contains(@"HSTS max-age is 300 \| too short.") && r.Contains("Set max-age to 31536000."));
    }
}

public sealed class JUnitReportWriterTests
{
    private static async Task<XDocument> Render()
    {
        var report = await SampleReports.EveryStatusAsync();
        return XDocument.Parse(ReportWriters.Render(report, "junit"));
    }

    [Fact]
    public async Task Testsuites_count_failures_errors_and_skipped_the_way_test_reporters_read_them()
    {
        var doc = await Render();
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        // The Ant schema allows no attributes on testsuites: readers add up the suites.
        Assert.Empty(root.Attributes());
        int Sum(string name) => root.Elements("testsuite").Sum(s => (int)s.Attribute(name)!);
        Assert.Equal((8, 1, 1, 4), (Sum("tests"), Sum("failures"), Sum("errors"), Sum("skipped")));

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(new[] { "Security", "Operations" }, suites.Select(s => (string?)s.Attribute("name")));
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(cases.Count(c => c.Element("error") is not null), (int)suite.Attribute("errors")!);
            Assert.Equal(cases.Count(c => c.Element("skipped") is not null), (int)suite.Attribute("skipped")!);
            Assert.True(DateTime.TryParse((string?)suite.Attribute("timestamp"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out _));
            var decision = suite.Element("properties")!.Elements("property").Single(p => (string?)p.Attribute("name") == "decision");
            Assert.Equal("NoGo", (string?)decision.Attribute("value"));
            foreach (var c in cases)
            {
                Assert.False(string.IsNullOrEmpty((string?)c.Attribute("name")));
                Assert.Equal($"sample.{suite.Attribute("name")!.Value}", (string?)c.Attribute("classname"));
                Assert.True(double.TryParse((string?)c.Attribute("time"), System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out var t) && t >= 0);
            }
        }
    }

    [Fact]
    public async Task Failed_is_a_failure_Error_an_error_and_Warning_Manual_Skipped_Waived_are_skipped()
    {
        var cases = (await Render()).Descendants("testcase").ToDictionary(c => ((string)c.Attribute("name")!).Split(':')[0]);
        var failure = cases["sec.failed"].Element("failure")!;
        Assert.Equal("HSTS max-age is 300 | too short.", (string?)failure.Attribute("message"));
        Assert.Contains("Remediation: Set max-age to 31536000.", failure.Value);
        Assert.Contains("maxAge: 300", failure.Value);
        Assert.Contains("File: deploy/nginx.conf:12", failure.Value);
        Assert.Equal(new[] { "name", "classname", "time" }, cases["sec.failed"].Attributes().Select(a => a.Name.LocalName));
        var properties = (await Render()).Descendants("property").Where(p => ((string)p.Attribute("name")!).StartsWith("sec.failed.", StringComparison.Ordinal))
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.Equal(("deploy/nginx.conf", "12"), (properties["sec.failed.file"], properties["sec.failed.line"]));
        Assert.NotNull(cases["sec.error"].Element("error"));
        foreach (var id in new[] { "ops.manual", "ops.skipped", "ops.waived", "ops.warning" })
            Assert.NotNull(cases[id].Element("skipped"));
        Assert.StartsWith("Waived [High]:", (string?)cases["ops.waived"].Element("skipped")!.Attribute("message"));
        // A Warning is counted and shown with its message, not a silent pass.
        Assert.Equal("Warning [Medium]: Only 1 replica.", (string?)cases["ops.warning"].Element("skipped")!.Attribute("message"));
        Assert.DoesNotContain((await Render()).Descendants("testcase"), c => c.Element("system-out") is not null);
        foreach (var id in new[] { "sec.passed", "ops.attested" })
            Assert.DoesNotContain(cases[id].Elements(), e => e.Name.LocalName is "failure" or "error" or "skipped");
    }

    [Fact]
    public async Task Control_characters_from_command_output_do_not_break_the_xml()
    {
        var report = await SampleReports.RunAsync(SampleReports.Item("x", "S", "Failed", message: "exit 1: \u001b[31mred\u001b[0m \u0000"));
        var doc = XDocument.Parse(ReportWriters.Render(report, "junit"));
        Assert.Contains("red", (string?)doc.Descendants("failure").Single().Attribute("message"));
    }
}

public sealed class HtmlReportWriterTests
{
    [Fact]
    public async Task The_severity_filter_lists_the_most_severe_first()
    {
        var report = await SampleReports.EveryStatusAsync();
        var html = ReportWriters.Render(report, "html");
        var buttons = System.Text.RegularExpressions.Regex.Matches(html, "class=\"sev-filter[^\"]*\" data-severity=\"(\\w+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(new[] { "all", "High", "Medium", "Low" }, buttons);
    }

    [Fact]
    public async Task Is_one_file_with_banner_filters_details_and_no_external_assets()
    {
        var report = await SampleReports.EveryStatusAsync();
        var html = ReportWriters.Render(report, "html");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("class=\"banner decision-NoGo\"", html);
        foreach (var status in Enum.GetValues<CheckStatus>())
            Assert.Contains($"data-filter=\"{status}\"", html);
        Assert.Equal(report.Results.Count, CountOf(html, "<tr class=\"result\""));
        Assert.Contains("<details><summary>Evidence and remediation</summary>", html);
        Assert.Contains("Set max-age to 31536000.", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("http://127.0.0.1:1\"", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal(1, CountOf(html, "<script>"));
    }

    [Fact]
    public async Task Report_text_is_html_encoded()
    {
        var report = await SampleReports.RunAsync(SampleReports.Item("x\"><b>", "<i>S</i>", "Failed",
            message: "<script>alert('x')</script> & \"quoted\"", remediation: "<img src=x onerror=alert(1)>"));
        var html = ReportWriters.Render(report, "html");
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("&lt;i&gt;S&lt;/i&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public async Task In_a_real_browser_the_status_filter_hides_other_rows_and_empty_sections()
    {
        var chromium = Fixtures.Tools.Find("chromium") ?? Fixtures.Tools.Find("chromium-browser")
                       ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium; .ci/run does).");
        var dir = Fixtures.TempFolder.Create();
        try
        {
            var file = Path.Combine(dir, "report.html");
            ReportWriters.WriteFile(await SampleReports.EveryStatusAsync(), "html", file);
            // The page applies the filter named in the URL fragment through the same function the buttons call.
            var (code, dom) = Fixtures.Tools.Run(chromium, "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(dir, "profile")}",
                "--dump-dom", new Uri(file).AbsoluteUri + "#Waived");
            Assert.True(code == 0, dom);
            var rows = System.Text.RegularExpressions.Regex.Matches(dom, "<tr class=\"(?<cls>[^\"]*)\" data-status=\"(?<status>\\w+)\"");
            Assert.Equal(8, rows.Count);
            foreach (System.Text.RegularExpressions.Match row in rows)
                Assert.Equal(row.Groups["status"].Value != "Waived", row.Groups["cls"].Value.Contains("hidden"));
            Assert.Contains("<section data-section=\"Security\" class=\"hidden\"><h2>Security <span class=\"section-counts\">", dom);
            Assert.Contains("class=\"filter s-Waived active\"", dom);
        }
        finally { Fixtures.TempFolder.Delete(dir); }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}

public sealed class GitHubReportWriterTests
{
    [Fact]
    public async Task Annotates_failures_as_errors_with_file_and_line_and_ends_with_the_decision()
    {
        var report = await SampleReports.EveryStatusAsync();
        var lines = ReportWriters.Render(report, "github").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("::error file=deploy/nginx.conf,line=12,title=sec.failed::Failed [High] Title of sec.failed: HSTS max-age is 300 | too short.%0ARemediation: Set max-age to 31536000.", lines);
        Assert.Contains(lines, l => l.StartsWith("::error title=sec.error::Error [High] Title of sec.error: Connection", StringComparison.Ordinal));
        // A Medium warning, manual and waived items are in the summary, not annotations (GitHub shows ten of each kind per step).
        Assert.DoesNotContain(lines, l => l.Contains("sec.passed") || l.Contains("ops."));
        Assert.StartsWith("::notice title=Readiness decision%3A NoGo::NoGo:", lines[^1]);
        Assert.Equal(3, lines.Count);
    }

    [Theory]
    [InlineData("50% done\r\nnext", "50%25 done%0D%0Anext", "50%25 done%0D%0Anext")]
    [InlineData("a:b,c", "a:b,c", "a%3Ab%2Cc")]
    [InlineData("::error::injected", "::error::injected", "%3A%3Aerror%3A%3Ainjected")]
    public void Escapes_per_the_workflow_command_rules(string raw, string data, string property)
    {
        Assert.Equal(data, GitHubReportWriter.EscapeData(raw));
        Assert.Equal(property, GitHubReportWriter.EscapeProperty(raw));
    }

    [Fact]
    public void A_message_cannot_start_a_second_command()
    {
        var line = GitHubReportWriter.Command("error", new[] { ("title", "t") }, "x\n::add-mask::y");
        Assert.DoesNotContain('\n', line);
        Assert.Equal("::error title=t::x%0A::add-mask::y", line);
    }

    [Fact]
    public async Task The_step_summary_is_appended_not_overwritten()
    {
        var report = await SampleReports.EveryStatusAsync();
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "earlier step\n");
            GitHubReportWriter.AppendStepSummary(report, path);
            var text = File.ReadAllText(path);
            Assert.StartsWith("earlier step\n## Sample readiness", text);
            Assert.Contains("### Security", text);
            Assert.Contains("| 🟡 Waived | High | `ops.waived` |", text);
        }
        finally { File.Delete(path); }
    }
}

public sealed class AzureDevOpsReportWriterTests
{
    [Fact]
    public async Task Logs_issues_and_completes_the_task_with_the_decision()
    {
        var report = await SampleReports.EveryStatusAsync();
        var lines = ReportWriters.Render(report, "azure-devops").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("##vso[task.logissue type=error;sourcepath=deploy/nginx.conf;linenumber=12;code=sec.failed;]Failed [High] sec.failed: HSTS max-age is 300 | too short. Remediation: Set max-age to 31536000.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("code=ops.warning")); // a Medium warning is not an issue
        Assert.Contains(lines, l => l.StartsWith("##vso[task.logissue type=error;code=sec.error;]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Waived: ops.waived:", StringComparison.Ordinal));
        Assert.Equal("##vso[task.complete result=Failed;]Readiness decision: NoGo", lines[^1]);
    }

    [Theory]
    [InlineData(Decision.Go, "Succeeded")]
    [InlineData(Decision.Conditional, "SucceededWithIssues")]
    [InlineData(Decision.NoGo, "Failed")]
    public void Task_result_follows_the_decision(Decision decision, string result) =>
        Assert.Equal($"##vso[task.complete result={result};]Readiness decision: {decision}", AzureDevOpsReportWriter.TaskComplete(decision));

    [Fact]
    public void Escapes_as_the_task_library_does()
    {
        Assert.Equal("100%AZP25 ok%0D%0A##vso[task.complete result=Succeeded;]", AzureDevOpsReportWriter.EscapeData("100% ok\r\n##vso[task.complete result=Succeeded;]"));
        Assert.Equal("a%3Bb%5Dc%AZP25", AzureDevOpsReportWriter.EscapeProperty("a;b]c%"));
    }
}

public sealed class CiEnvironmentTests
{
    [Fact]
    public async Task On_GitHub_Actions_the_report_is_appended_to_the_step_summary()
    {
        var report = await SampleReports.EveryStatusAsync();
        var path = Path.GetTempFileName();
        try
        {
            var ci = CiEnvironment.Detect(n => n switch { "GITHUB_ACTIONS" => "true", "GITHUB_STEP_SUMMARY" => path, _ => null });
            var commands = new StringWriter();
            var done = ci.Publish(report, "junit", commands);
            Assert.True(ci.IsGitHubActions);
            Assert.False(ci.IsAzureDevOps);
            Assert.Contains("**Decision: 🔴 NoGo**", File.ReadAllText(path));
            Assert.StartsWith("::error file=deploy/nginx.conf,line=12,title=sec.failed::", commands.ToString());
            Assert.Equal(2, done.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task On_Azure_DevOps_the_task_result_is_set_unless_the_format_already_did()
    {
        var report = await SampleReports.EveryStatusAsync();
        var ci = CiEnvironment.Detect(n => n == "TF_BUILD" ? "True" : null);
        var commands = new StringWriter();
        ci.Publish(report, "table", commands);
        var lines = commands.ToString().Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("##vso[task.logissue type=error;sourcepath=deploy/nginx.conf;linenumber=12;code=sec.failed;]", lines[0]);
        Assert.Equal("##vso[task.complete result=Failed;]Readiness decision: NoGo", lines[^1]);

        var again = new StringWriter();
        ci.Publish(report, "azure-devops", again);
        Assert.Equal("", again.ToString());
    }

    [Fact]
    public async Task Outside_CI_nothing_is_added()
    {
        var ci = CiEnvironment.Detect(_ => null);
        var commands = new StringWriter();
        Assert.Empty(ci.Publish(await SampleReports.EveryStatusAsync(), "table", commands));
        Assert.Equal("", commands.ToString());
    }
}

public sealed class WaiverRenderingTests
{
    [Fact]
    public async Task Markdown_and_html_list_the_waivers_with_state_approver_and_expiry()
    {
        var report = await SampleReports.EveryStatusAsync();
        report.Waivers.Add(SampleReports.Waiver());
        var md = ReportWriters.Render(report, "markdown");
        Assert.Contains("## Waivers", md);
        Assert.Contains("| `ops.waived` | Active | cto@example.test | 2026-12-01 | ops.waived | Replica count raised next sprint &lt;b&gt;JIRA-12&lt;/b&gt; |", md);
        var html = ReportWriters.Render(report, "html");
        Assert.Contains("<h2>Waivers</h2>", html);
        Assert.Contains("<td>Active</td><td>cto@example.test</td><td>2026-12-01</td>", html);
        Assert.Contains("&lt;b&gt;JIRA-12&lt;/b&gt;", html);
    }
}
