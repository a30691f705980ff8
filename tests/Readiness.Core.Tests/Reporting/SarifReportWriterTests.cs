using System.Text.Json;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// The required properties of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) and of GitHub code scanning's upload
/// checks: version and runs; tool.driver.name; each result's message.text; ruleId present in driver.rules; a
/// physicalLocation with a relative artifactLocation.uri and a region.startLine of at least 1; level in the enum.
/// </summary>
public static class SarifAssert
{
    private static readonly string[] Levels = { "none", "note", "warning", "error" };

    public static JsonElement Valid(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        var root = doc.RootElement.Clone();
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif", root.GetProperty("$schema").GetString());
        var runs = root.GetProperty("runs");
        Assert.Equal(JsonValueKind.Array, runs.ValueKind);
        foreach (var run in runs.EnumerateArray())
        {
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
            var ruleIds = driver.TryGetProperty("rules", out var rules)
                ? rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList()
                : new List<string>();
            Assert.Equal(ruleIds.Count, ruleIds.Distinct().Count());
            foreach (var rule in rules.EnumerateArray())
                if (rule.TryGetProperty("defaultConfiguration", out var dc)) Assert.Contains(dc.GetProperty("level").GetString(), Levels);
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
                var ruleId = result.GetProperty("ruleId").GetString()!;
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(ruleId, ruleIds[index]);
                Assert.Contains(result.GetProperty("level").GetString(), Levels);
                var location = Assert.Single(result.GetProperty("locations").EnumerateArray().ToList());
                var physical = location.GetProperty("physicalLocation");
                var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                Assert.True(Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out _), uri);
                Assert.DoesNotContain('\\', uri);
                Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
                foreach (var fp in result.GetProperty("partialFingerprints").EnumerateObject())
                    Assert.Equal(JsonValueKind.String, fp.Value.ValueKind);
            }
        }
        return root;
    }
}

public sealed class SarifReportWriterTests
{
    private static CheckResult Result(string id, CheckStatus status, string? file, int? line, string message) =>
        new CheckResult { Id = id, Section = "Security", Title = "t " + id, Status = status, Severity = Severity.High, CheckType = "secrets", Message = message }
            .At(file, line);

    [Fact]
    public void Only_alerts_with_a_file_become_results_with_rules_levels_locations_and_fingerprints()
    {
        var report = ReportBuilder.Aggregate(new[]
        {
            Result("a", CheckStatus.Failed, "src/app folder/x.cs", 12, "Secret in x.cs.").WithEvidence("rule", "github-pat").WithEvidence("fingerprint", "github-pat:x:ab"),
            Result("b", CheckStatus.Warning, "k8s\\deploy.yaml", null, "Warn."),
            Result("c", CheckStatus.Failed, null, null, "No file: not in SARIF."),
            Result("d", CheckStatus.Passed, "ok.txt", 1, "Passed: not an alert."),
            Result("e", CheckStatus.Waived, "waived.txt", 4, "Waived until Friday."),
        });
        var sarif = SarifAssert.Valid(ReportWriters.Render(report, "sarif"));
        var run = sarif.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("github-pat", results[0].GetProperty("ruleId").GetString());
        Assert.Equal("error", results[0].GetProperty("level").GetString());
        Assert.Equal("src/app%20folder/x.cs", results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("github-pat:x:ab", results[0].GetProperty("partialFingerprints").GetProperty("readinessFingerprint/v1").GetString());
        Assert.Equal("warning", results[1].GetProperty("level").GetString());
        Assert.Equal("k8s/deploy.yaml", results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("external", results[2].GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.Equal(new[] { "b", "e", "github-pat" }, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        // The property bag keeps the whole run: every item with its status, and the counts.
        Assert.Equal(new[] { "a:Failed", "b:Warning", "c:Failed", "d:Passed", "e:Waived" },
            run.GetProperty("properties").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString() + ":" + i.GetProperty("status").GetString()));
        Assert.Equal(2, run.GetProperty("properties").GetProperty("counts").GetProperty("Failed").GetInt32());
    }

    [Fact]
    public void A_report_without_located_alerts_is_still_a_valid_empty_run()
    {
        var report = ReportBuilder.Aggregate(new[] { Result("a", CheckStatus.Passed, null, null, "fine") });
        var sarif = SarifAssert.Valid(ReportWriters.Render(report, "sarif"));
        Assert.Equal(0, sarif.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        Assert.Equal(".sarif", ReportWriters.Get("sarif").Extension);
    }
}
