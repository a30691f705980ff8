using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>`readiness run --only-failed PREVIOUS.json` and `--section`, as an on-call engineer types them.</summary>
public sealed class RunbookModeCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public RunbookModeCliTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=production\nDIFFVER_AUTH_REQUIRED=0\n");
        File.WriteAllText(Path.Combine(_dir, "runbook.yaml"), """
            schemaVersion: 1
            name: runbook
            items:
              - id: env.production
                section: Config
                title: prod
                severity: high
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_ENV, equals: production }
              - id: auth.required
                section: Security
                title: auth
                severity: critical
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_AUTH_REQUIRED, equals: "1" }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Only_failed_reruns_the_failed_item_and_reports_the_fix()
    {
        Assert.Equal(1, CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "json", "-o", "last.json").ExitCode);
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=production\nDIFFVER_AUTH_REQUIRED=1\n");

        var rerun = CliRunner.Invoke(_dir, "run", "runbook.yaml", "--only-failed", "last.json");

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("auth.required", rerun.Out);
        Assert.DoesNotContain("env.production", rerun.Out);
        Assert.Contains("Decision: Go", rerun.Out);
    }

    [Fact]
    public void Only_failed_with_nothing_failed_is_a_usage_error_not_a_full_run()
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=production\nDIFFVER_AUTH_REQUIRED=1\n");
        Assert.Equal(0, CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "json", "-o", "green.json").ExitCode);

        var rerun = CliRunner.Invoke(_dir, "run", "runbook.yaml", "--only-failed", "green.json");

        Assert.Equal(2, rerun.ExitCode);
        Assert.Contains("nothing to rerun", rerun.Err);
        Assert.Equal("", rerun.Out);
    }

    [Fact]
    public void Section_runs_one_section_and_stdout_is_only_the_report()
    {
        var run = CliRunner.Invoke(_dir, "run", "runbook.yaml", "--section", "security", "-f", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("{", run.Out.TrimStart());
        Assert.Contains("\"auth.required\"", run.Out);
        Assert.DoesNotContain("env.production", run.Out);
    }

    [Fact]
    public void Trend_adds_the_pass_rate_line_of_previous_runs_to_the_html_report()
    {
        Assert.Equal(1, CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "json", "-o", "one.json").ExitCode);
        Assert.Equal(1, CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "json", "-o", "two.json").ExitCode);

        var run = CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "html", "-o", "report.html", "--trend", "one.json,two.json");

        Assert.Equal(1, run.ExitCode);
        var html = File.ReadAllText(Path.Combine(_dir, "report.html"));
        Assert.Equal(3, html.Split("class=\"trend-point\"").Length - 1);
        Assert.Equal(2, CliRunner.Invoke(_dir, "run", "runbook.yaml", "--trend", "one.json").ExitCode);
        Assert.Equal(2, CliRunner.Invoke(_dir, "run", "runbook.yaml", "-f", "html", "--trend", "missing.json").ExitCode);
    }
}
