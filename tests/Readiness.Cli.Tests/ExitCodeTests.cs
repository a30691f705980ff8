using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>Fixed exit codes: 0 Go, 1 NoGo (and Conditional with --strict), 2 usage or checklist error, never a count.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "readiness-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public ExitCodeTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=production\nDIFFVER_AUTH_REQUIRED=0\n");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private string Checklist(string name, string items)
    {
        File.WriteAllText(Path.Combine(_dir, name), "schemaVersion: 1\nname: " + Path.GetFileNameWithoutExtension(name) + "\nitems:\n" + items);
        return name;
    }

    private const string EnvOk = "  - id: env.production\n    section: S\n    title: prod\n    severity: high\n    check: { type: env, source: dotenv, file: .env, name: DIFFVER_ENV, equals: production }\n";
    private const string EnvBad = "  - id: auth.required\n    section: S\n    title: auth\n    severity: critical\n    check: { type: env, source: dotenv, file: .env, name: DIFFVER_AUTH_REQUIRED, equals: \"1\" }\n";
    private const string Manual = "  - id: signoff\n    section: S\n    title: sign-off\n    severity: high\n    manual: { approvers: [SRE] }\n";

    [Fact]
    public void Go_exits_0_and_prints_the_decision()
    {
        var run = CliRunner.Invoke(_dir, "run", Checklist("go.yaml", EnvOk));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Decision: Go", run.Out);
    }

    [Fact]
    public void NoGo_exits_1_with_many_failures_too()
    {
        var items = string.Concat(Enumerable.Range(0, 3).Select(i => EnvBad.Replace("auth.required", $"auth.required-{i}")));
        var run = CliRunner.Invoke(_dir, "run", Checklist("nogo.yaml", items), "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"decision\": \"NoGo\"", run.Out);
    }

    [Fact]
    public void Conditional_exits_0_unless_strict()
    {
        var path = Checklist("cond.yaml", EnvOk + Manual);
        Assert.Equal(0, CliRunner.Invoke(_dir, "run", path).ExitCode);
        Assert.Equal(1, CliRunner.Invoke(_dir, "run", path, "--strict").ExitCode);
    }

    [Fact]
    public void A_checklist_error_exits_2_with_file_line_and_column_on_stderr()
    {
        var run = CliRunner.Invoke(_dir, "run", Checklist("bad.yaml", EnvOk.Replace("severity: high", "severity: urgent")));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yaml:7:", run.Err);
        Assert.Contains("critical, high, medium, low, info", run.Err);
        Assert.Equal("", run.Out.Trim());
    }

    [Fact]
    public void Usage_errors_and_an_empty_selection_exit_2()
    {
        Assert.Equal(2, CliRunner.Invoke(_dir, "run").ExitCode);
        Assert.Equal(2, CliRunner.Invoke(_dir, "run", Checklist("sel.yaml", EnvOk), "--section", "Nope").ExitCode);
        Assert.Equal(2, CliRunner.Invoke(_dir, "run", "missing.yaml").ExitCode);
    }

    [Fact]
    public void A_waiver_then_evidence_then_verification_work_end_to_end()
    {
        var path = Checklist("release.yaml", EnvOk + EnvBad.Replace("severity: critical", "severity: high"));
        Assert.Equal(1, CliRunner.Invoke(_dir, "run", path).ExitCode);
        var waive = CliRunner.Invoke(_dir, "waive", "auth.required", "--checklist", path, "--justification", "rollout in 1.4", "--by", "AppSec", "--expires", DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd"));
        Assert.True(waive.ExitCode == 0, waive.Err);
        var run = CliRunner.Invoke(_dir, "run", path, "--format", "json", "--output", "r.json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Waived", File.ReadAllText(Path.Combine(_dir, "r.json")));

        Assert.Equal(0, CliRunner.Invoke(_dir, "evidence", "r.json", "--output", "e.zip").ExitCode);
        var verify = CliRunner.Invoke(_dir, "verify-evidence", "e.zip");
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("Valid", verify.Out);
        Assert.Equal(1, CliRunner.Invoke(_dir, "verify-evidence", "e.zip", "--require-signature").ExitCode);
    }

    [Fact]
    public void Diff_prints_markdown_and_can_gate_on_regressions()
    {
        var path = Checklist("d.yaml", EnvOk);
        CliRunner.Invoke(_dir, "run", path, "-f", "json", "-o", "old.json");
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=staging\n");
        CliRunner.Invoke(_dir, "run", path, "-f", "json", "-o", "new.json");
        var diff = CliRunner.Invoke(_dir, "diff", "old.json", "new.json", "--fail-on-regression");
        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("#### Regressions", diff.Out);
        Assert.Contains("`env.production`", diff.Out);
    }

    [Fact]
    public void Diff_as_json_is_the_comparison_in_the_report_contract()
    {
        var path = Checklist("dj.yaml", EnvOk);
        CliRunner.Invoke(_dir, "run", path, "-f", "json", "-o", "old.json");
        File.WriteAllText(Path.Combine(_dir, ".env"), "DIFFVER_ENV=staging\n");
        CliRunner.Invoke(_dir, "run", path, "-f", "json", "-o", "new.json");
        var diff = CliRunner.Invoke(_dir, "diff", "old.json", "new.json", "-f", "json");
        Assert.Equal(0, diff.ExitCode);
        var comparison = Readiness.Core.Reporting.ReportComparer.Compare(
            Readiness.Core.Reporting.ReportJson.ReadFile(Path.Combine(_dir, "old.json")), Readiness.Core.Reporting.ReportJson.ReadFile(Path.Combine(_dir, "new.json")));
        // The report contract as the reflection serializer wrote it (a comparison holds no duration or counts).
        var reflection = new System.Text.Json.JsonSerializerOptions
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase, WriteIndented = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(comparison, reflection) + Environment.NewLine, diff.Out);
        Assert.Contains("\"kind\": \"Regression\"", diff.Out);
        Assert.Contains("\"regressions\": [", diff.Out);
    }
}
