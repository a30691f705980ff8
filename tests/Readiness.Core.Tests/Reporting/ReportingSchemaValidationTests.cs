using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Reporting;

/// <summary>
/// The official SARIF 2.1.0 JSON schema (Schemas/sarif-2.1.0.json: sarif-2.1.0-rtm.5.json as shipped in the npm package
/// @microsoft/jest-sarif 1.0.0-beta.0, MIT), validated with NJsonSchema because the schema is draft-04.
/// </summary>
public static class SarifSchema
{
    private static readonly Lazy<NJsonSchema.JsonSchema> Schema = new(() =>
        NJsonSchema.JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(SchemaFolder.Path, "sarif-2.1.0.json"))).GetAwaiter().GetResult());

    public static void AssertValid(string sarif)
    {
        var errors = Schema.Value.Validate(sarif);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e}")));
    }
}

/// <summary>
/// The Ant JUnit schema (Schemas/junit-ant.xsd, written after windyroad/JUnit-Schema JUnit.xsd), which Jenkins'
/// junit-10.xsd also accepts documents of: it is the stricter of the two.
/// </summary>
public static class JUnitSchema
{
    private static readonly Lazy<XmlSchemaSet> Set = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(Path.Combine(SchemaFolder.Path, "junit-ant.xsd"));
        set.Add(null, reader);
        set.Compile();
        return set;
    });

    public static XDocument AssertValid(string xml)
    {
        var doc = XDocument.Parse(xml);
        var problems = new List<string>();
        doc.Validate(Set.Value, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return doc;
    }
}

internal static class SchemaFolder
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(dir, "ReadinessModule.sln"))) dir = System.IO.Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return System.IO.Path.Combine(dir, "tests", "Readiness.Core.Tests", "Reporting", "Schemas");
    }
}

public sealed class ReportingSchemaValidationTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-schemas-");

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    [Fact]
    public void The_schema_check_itself_rejects_what_the_schemas_forbid()
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SarifSchema.AssertValid("""{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}"""));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => JUnitSchema.AssertValid(
            """<testsuites tests="1"><testsuite name="s" package="p" id="0" timestamp="2026-01-01T00:00:00" hostname="h" tests="0" failures="0" errors="0" time="0"><properties/><system-out/><system-err/></testsuite></testsuites>"""));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => JUnitSchema.AssertValid(
            """<testsuites><testsuite name="s" package="p" id="0" timestamp="2026-01-01T00:00:00" hostname="h" tests="1" failures="0" errors="0" time="0"><properties/><testcase name="c" classname="k" time="0" file="a.yaml"><system-out>x</system-out></testcase><system-out/><system-err/></testsuite></testsuites>"""));
    }

    [Fact]
    public async Task Every_status_hostile_text_and_an_empty_report_are_valid_sarif_and_junit()
    {
        var reports = new[]
        {
            await SampleReports.EveryStatusAsync(),
            await SampleReports.RunAsync(SampleReports.Item("x", "S<|>&\"'", "Failed", message: "bad \u0001\u0007 \r\n##vso[x] ::error::x <script> 100%",
                extra: new() { ["file"] = "odd dir/ä%.yaml", ["line"] = 4L })),
            ReportBuilder.Aggregate(Array.Empty<CheckResult>()),
        };
        foreach (var report in reports)
        {
            SarifSchema.AssertValid(ReportWriters.Render(report, "sarif"));
            JUnitSchema.AssertValid(ReportWriters.Render(report, "junit"));
        }
    }

    [Fact]
    public void Only_security_rules_carry_security_severity_and_each_secrets_detector_is_a_rule_of_its_own()
    {
        var file = Path.Combine(_dir, "deploy", "app.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "kind: Deployment\nspec:\n  replicas: 1\n");
        CheckResult Result(string id, string type, string? rule = null, Severity severity = Severity.High)
        {
            var r = new CheckResult { Id = id, Section = "S", Title = "t " + id, CheckType = type, Status = CheckStatus.Failed, Severity = severity, Message = "m " + id }.At(file, 3);
            if (rule is not null) r.WithEvidence("rule", rule).WithEvidence("fingerprint", $"{rule}:deploy/app.yaml:{id}");
            return r;
        }
        var report = ReportBuilder.Aggregate(new[]
        {
            Result("k8s.memory", "kubernetes").WithEvidence("rules", "memory-limit,resources"),
            Result("k8s.root", "kubernetes").WithEvidence("rules", "non-root"),
            Result("logs.json", "logs"),
            Result("secrets.scan", "secrets", "github-pat", Severity.Critical),
            Result("secrets.scan", "secrets", "aws-access-key-id", Severity.Critical),
            Result("tls.versions", "tls"),
        });
        var text = new StringWriter();
        new SarifReportWriter { Paths = new RepositoryPaths(_dir) }.Write(report, text);
        SarifSchema.AssertValid(text.ToString());
        var rules = JsonDocument.Parse(text.ToString()).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.Clone());

        bool Security(string id) => rules[id].GetProperty("properties").TryGetProperty("security-severity", out _);
        string[] Tags(string id) => rules[id].GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        foreach (var id in new[] { "k8s.memory", "logs.json" })
        {
            Assert.False(Security(id), id);
            Assert.DoesNotContain("security", Tags(id));
        }
        foreach (var id in new[] { "k8s.root", "github-pat", "aws-access-key-id", "tls.versions" })
        {
            Assert.True(Security(id), id);
            Assert.Contains("security", Tags(id));
        }
        Assert.Equal("9.5", rules["github-pat"].GetProperty("properties").GetProperty("security-severity").GetString());

        string Text(string id, string part) => rules[id].GetProperty(part).GetProperty("text").GetString()!;
        Assert.Equal("GitHub personal access token committed to the repository", Text("github-pat", "shortDescription"));
        Assert.Equal("AWS access key id committed to the repository", Text("aws-access-key-id", "shortDescription"));
        Assert.NotEqual(Text("github-pat", "fullDescription"), Text("aws-access-key-id", "fullDescription"));
        Assert.Contains("Revoke or rotate the GitHub personal access token", Text("github-pat", "help"));
        Assert.StartsWith("**Revoke or rotate the GitHub personal access token**", rules["github-pat"].GetProperty("help").GetProperty("markdown").GetString());
    }

    [Fact]
    public async Task A_junit_report_of_per_finding_results_has_one_test_case_per_finding_and_names_files_from_the_root()
    {
        var file = Path.Combine(_dir, "sub", "dir", "file.yaml");
        var findings = Enumerable.Range(1, 4).Select(i => new CheckResult
        {
            Id = "secrets.scan", Section = "Secrets", Title = "No secrets", CheckType = "secrets", Status = CheckStatus.Failed,
            Severity = Severity.Critical, Message = $"finding {i}",
        }.At(file, i)).ToList();
        var report = ReportBuilder.Aggregate(findings);
        var writer = new StringWriter();
        new JUnitReportWriter { Paths = new RepositoryPaths(_dir) }.Write(report, writer);
        var doc = JUnitSchema.AssertValid(writer.ToString());
        Assert.Equal(4, doc.Descendants("testcase").Count(c => c.Element("failure") is not null));
        Assert.Equal(new[] { "sub/dir/file.yaml" }, doc.Descendants("property").Where(p => (string?)p.Attribute("name") == "secrets.scan.file")
            .Select(p => (string?)p.Attribute("value")).Distinct());
        await Task.CompletedTask;
    }
}
