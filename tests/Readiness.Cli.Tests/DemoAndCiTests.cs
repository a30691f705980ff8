using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>`readiness demo` as the README runs it, and the GitHub/Azure DevOps extras of `run` detected from the environment.</summary>
public sealed class DemoAndCiTests : IDisposable
{
    private static readonly string Root = FindRoot();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-ci-" + Guid.NewGuid().ToString("N")[..10]);

    public DemoAndCiTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_AUTH_REQUIRED=0\n");
        File.WriteAllText(Path.Combine(_dir, "c.yaml"), """
            schemaVersion: 1
            name: ci
            items:
              - id: auth.required
                section: Security
                title: auth
                severity: critical
                check: { type: env, source: dotenv, file: .env, name: DIFFVER_AUTH_REQUIRED, equals: "1" }
            """);
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ReadinessModule.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return dir;
    }

    private static CliRunner.Run Invoke(string workingDirectory, IDictionary<string, string> environment, params string[] args) =>
        CliRunner.Invoke(workingDirectory, environment, args);

    [Fact]
    public void The_README_demo_shows_passes_failures_and_manual_items_and_exits_0()
    {
        var run = CliRunner.Invoke(Root, "demo");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Decision: NoGo", run.Out);
        foreach (var status in new[] { "Passed", "Failed", "Manual" })
            Assert.Matches($@"(?m)^\s+{status}\s", run.Out);
        Assert.Matches(@"sample target listening on http://127\.0\.0\.1:\d+", run.Err);
    }

    [Fact]
    public void Demo_with_gate_exits_like_run()
    {
        var run = CliRunner.Invoke(Root, "demo", "--gate", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("NoGo", JsonDocument.Parse(run.Out).RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Run_as_of_judges_the_dated_sample_backups_on_that_day_and_says_so()
    {
        string[] items = ["run", "checklists/auth-service.yaml", "--id", "backups.automated-daily", "--id", "database.backups-configured"];
        var fresh = CliRunner.Invoke(Root, [.. items, "--as-of", "2026-11-22"]);
        Assert.Equal(0, fresh.ExitCode);
        Assert.Matches(@"(?m)^\s+Passed\s+Critical\s+backups\.automated-daily", fresh.Out);
        Assert.Contains("dates judged as of 2026-11-22 00:00 UTC", fresh.Out);

        var stale = CliRunner.Invoke(Root, [.. items, "--as-of", "2026-12-21T00:00:00Z", "--format", "json"]);
        Assert.Equal(1, stale.ExitCode);
        var report = JsonDocument.Parse(stale.Out).RootElement;
        Assert.Equal("2026-12-21T00:00:00+00:00", report.GetProperty("asOf").GetString());
        Assert.All(report.GetProperty("results").EnumerateArray(), r => Assert.Equal("Failed", r.GetProperty("status").GetString()));
    }

    [Fact]
    public void An_as_of_that_is_not_a_date_is_a_usage_error_before_anything_runs()
    {
        var run = CliRunner.Invoke(Root, "run", "checklists/auth-service.yaml", "--as-of", "soon");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--as-of 'soon' is not a date: give 2026-11-22 or 2026-11-22T06:00:00Z (UTC unless an offset is given).", run.Err);
        Assert.Equal("", run.Out);

        var demo = CliRunner.Invoke(Root, "demo", "--as-of", "22.11.2026");
        Assert.Equal(2, demo.ExitCode);
        Assert.DoesNotContain("sample target listening", demo.Err);
    }

    [Fact]
    public void On_Azure_DevOps_a_json_report_stays_valid_and_the_task_result_goes_to_stderr()
    {
        var run = Invoke(_dir, new Dictionary<string, string> { ["TF_BUILD"] = "True" }, "run", "c.yaml", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("NoGo", JsonDocument.Parse(run.Out).RootElement.GetProperty("decision").GetString());
        Assert.Contains("##vso[task.complete result=Failed;]Readiness decision: NoGo", run.Err);

        var table = Invoke(_dir, new Dictionary<string, string> { ["TF_BUILD"] = "True" }, "run", "c.yaml");
        Assert.Contains("##vso[task.complete result=Failed;]", table.Out);
    }

    [Fact]
    public void On_GitHub_Actions_the_report_is_appended_to_the_step_summary()
    {
        var summary = Path.Combine(_dir, "summary.md");
        File.WriteAllText(summary, "previous step\n");
        var run = Invoke(_dir, new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary },
            "run", "c.yaml", "--format", "github");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("::error title=auth.required::Failed [Critical] auth: DIFFVER_AUTH_REQUIRED is '0' in .env, expected '1'.%0ARemediation: Set DIFFVER_AUTH_REQUIRED=1 in .env.", run.Out);
        var text = File.ReadAllText(summary);
        Assert.StartsWith("previous step\n## ci", text);
        Assert.Contains("| ❌ Failed | Critical | `auth.required` |", text);
    }
}
