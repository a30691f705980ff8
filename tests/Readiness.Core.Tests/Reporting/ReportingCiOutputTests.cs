using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.Secrets;
using Readiness.Core.Reporting;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checks.Secrets;
using static Readiness.Core.Tests.Checks.Secrets.FakeSecrets;

namespace Readiness.Core.Tests.Reporting;

public sealed class RepositoryPathsTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-paths-");

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private static ReadinessReport ReportWith(string file) =>
        ReportBuilder.Aggregate(new[] { new CheckResult { Id = "a", Status = CheckStatus.Failed }.At(file, 3) });

    [Theory]
    [InlineData("/home/runner/work/app/app/docs/runbook.md", "docs/runbook.md")]
    [InlineData("docs\\runbook.md", "docs/runbook.md")]
    [InlineData("/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf")]
    [InlineData("/home/runner/work/app/app", "/home/runner/work/app/app")]
    public void A_file_inside_the_workspace_is_relative_to_it_and_others_are_kept(string file, string expected)
    {
        var paths = RepositoryPaths.Detect(ReportWith(file), n => n == "GITHUB_WORKSPACE" ? "/home/runner/work/app/app/" : null);
        Assert.Equal(expected, paths.Of(file));
        Assert.Equal(!expected.StartsWith('/'), paths.IsInside(file));
    }

    [Fact]
    public void GITHUB_WORKSPACE_wins_over_BUILD_SOURCESDIRECTORY_which_wins_over_the_git_top_level()
    {
        Directory.CreateDirectory(Path.Combine(_dir, ".git"));
        var file = Path.Combine(_dir, "samples", "auth-service", "deploy", "auth.yaml");
        var report = ReportWith(file);
        Assert.Equal("samples/auth-service/deploy/auth.yaml", RepositoryPaths.Detect(report, _ => null).Of(file));
        Assert.Equal(_dir, RepositoryPaths.Detect(report, _ => null).Root);
        var agent = Path.Combine(_dir, "samples");
        Assert.Equal("auth-service/deploy/auth.yaml", RepositoryPaths.Detect(report, n => n == "BUILD_SOURCESDIRECTORY" ? agent : null).Of(file));
        Assert.Equal("deploy/auth.yaml", RepositoryPaths.Detect(report, n => n switch
        {
            "GITHUB_WORKSPACE" => Path.Combine(agent, "auth-service"), "BUILD_SOURCESDIRECTORY" => agent, _ => null,
        }).Of(file));
    }

    [Fact]
    public void A_worktree_or_submodule_whose_git_is_a_file_is_a_root_too_and_no_repository_keeps_the_path()
    {
        var sub = Path.Combine(_dir, "vendor", "lib");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, ".git"), "gitdir: ../../.git/modules/lib\n");
        var file = Path.Combine(sub, "src", "x.cs");
        Assert.Equal("src/x.cs", RepositoryPaths.Detect(ReportWith(file), _ => null).Of(file));
        var outside = Path.Combine(_dir, "plain.txt");
        Assert.Null(RepositoryPaths.GitTopLevel(_dir));
        Assert.Equal(outside, RepositoryPaths.Detect(ReportWith(outside), _ => null).Of(outside));
    }
}

public sealed class AnnotationPolicyTests
{
    [Theory]
    [InlineData(CheckStatus.Failed, Severity.Critical, "error")]
    [InlineData(CheckStatus.Error, Severity.Medium, "error")]
    [InlineData(CheckStatus.Failed, Severity.Low, "warning")]
    [InlineData(CheckStatus.Error, Severity.Info, "warning")]
    [InlineData(CheckStatus.Warning, Severity.High, "warning")]
    [InlineData(CheckStatus.Warning, Severity.Critical, "warning")]
    [InlineData(CheckStatus.Warning, Severity.Medium, null)]
    [InlineData(CheckStatus.Manual, Severity.Critical, null)]
    [InlineData(CheckStatus.Waived, Severity.High, null)]
    [InlineData(CheckStatus.Passed, Severity.Critical, null)]
    public void Errors_for_what_blocks_or_conditions_warnings_for_low_failures_and_high_warnings(CheckStatus status, Severity severity, string? level) =>
        Assert.Equal(level, CiEnvironment.AnnotationLevel(new CheckResult { Status = status, Severity = severity }));
}

public sealed class CiPublishTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-ci-");

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private CiEnvironment GitHub(string summary, string? optOut = null) => CiEnvironment.Detect(n => n switch
    {
        "GITHUB_ACTIONS" => "true", "GITHUB_STEP_SUMMARY" => summary, "GITHUB_WORKSPACE" => _dir, CiEnvironment.OptOutVariable => optOut, _ => null,
    });

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    [Fact]
    public async Task The_github_format_on_standard_output_is_not_annotated_twice_but_one_written_to_a_file_is()
    {
        var report = await SampleReports.EveryStatusAsync();
        var summary = Path.Combine(_dir, "summary.md");
        var commands = new StringWriter();
        GitHub(summary).Publish(report, "github", commands);
        Assert.Equal("", commands.ToString());
        Assert.Equal(1, Count(File.ReadAllText(summary), "## Sample readiness"));

        GitHub(summary).Publish(report, "github", commands, Path.Combine(_dir, "annotations.txt"));
        Assert.Equal(1, Count(commands.ToString(), "::error file=deploy/nginx.conf,line=12,title=sec.failed::"));
    }

    [Fact]
    public async Task A_markdown_report_written_to_the_step_summary_itself_is_not_appended_again()
    {
        var report = await SampleReports.EveryStatusAsync();
        var summary = Path.Combine(_dir, "summary.md");
        ReportWriters.WriteFile(report, "markdown", summary);
        var done = GitHub(summary).Publish(report, "markdown", new StringWriter(), summary);
        Assert.Equal(1, Count(File.ReadAllText(summary), "# Sample readiness"));
        Assert.Equal(new[] { "wrote the GitHub annotations" }, done);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("0")]
    [InlineData("FALSE")]
    public async Task READINESS_CI_OUTPUT_off_writes_nothing(string value)
    {
        var summary = Path.Combine(_dir, "summary.md");
        var commands = new StringWriter();
        Assert.Empty(GitHub(summary, value).Publish(await SampleReports.EveryStatusAsync(), "table", commands));
        Assert.Equal("", commands.ToString());
        Assert.False(File.Exists(summary));
    }

    [Fact]
    public async Task Azure_DevOps_gets_issues_with_repository_paths_and_then_the_task_result_once()
    {
        var file = Path.Combine(_dir, "deploy", "nginx.conf");
        var report = ReportBuilder.Aggregate(new[]
        {
            new CheckResult { Id = "sec.hsts", Title = "HSTS", Status = CheckStatus.Failed, Severity = Severity.High, Message = "max-age; is 300]" }.At(file, 12),
            new CheckResult { Id = "ops.replicas", Title = "Replicas", Status = CheckStatus.Warning, Severity = Severity.High, Message = "1 replica." },
        });
        var commands = new StringWriter();
        CiEnvironment.Detect(n => n switch { "TF_BUILD" => "True", "BUILD_SOURCESDIRECTORY" => _dir, _ => null }).Publish(report, "sarif", commands, "out.sarif");
        var lines = commands.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("##vso[task.logissue type=error;sourcepath=deploy/nginx.conf;linenumber=12;code=sec.hsts;]Failed [High] sec.hsts: max-age; is 300]", lines[0]);
        Assert.Equal("##vso[task.logissue type=warning;code=ops.replicas;]Warning [High] ops.replicas: 1 replica.", lines[1]);
        Assert.Equal("##vso[task.complete result=Failed;]Readiness decision: NoGo", lines[^1]);
        Assert.Single(lines, l => l.StartsWith("##vso[task.complete", StringComparison.Ordinal));
    }
}

/// <summary>A secret planted in a subfolder of a real Git repository, committed and still in the working tree.</summary>
public sealed class RepositoryFindingTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create("readiness-repo-findings-");
    private readonly string _file;

    public RepositoryFindingTests()
    {
        var repo = TestRepo.Init(_dir);
        repo.Write("README.md", "# service\n");
        repo.Write("sub/dir/file.yaml", "name: app\nreplicas: 2\ntoken: " + GitHubToken() + "\n");
        repo.Write("sub/deploy.sh", "#!/bin/sh\nexport STRIPE=" + StripeLive() + "\n");
        repo.Commit("add config");
        _file = Path.Combine(_dir, "sub", "dir", "file.yaml");
    }

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    /// <summary>The checklist's secrets item, its folder the scanned repository.</summary>
    private CheckRun SecretsScan => new() { Id = "secrets.scan", Section = "Security", Title = "No secrets", Severity = Severity.Critical, BaseDirectory = _dir };

    private Task<IReadOnlyList<CheckResult>> PerFinding(string path) =>
        new AdHocRun("secrets", path) { Timeout = TimeSpan.FromMinutes(5) }
            .Add("secrets", "secrets.scan", "No secrets in the working tree or Git history", Severity.Critical,
                new Dictionary<string, object?> { ["path"] = path, ["history"] = true, ["perFinding"] = true }, section: "Secrets")
            .RunAsync(CancellationToken.None);

    [Fact]
    public async Task A_checklist_finding_carries_the_absolute_file_and_annotations_name_it_from_the_repository_root()
    {
        var result = await CheckHarness.RunCheckAsync("secrets", new() { ["path"] = "sub" }, SecretsScan);
        Assert.Equal((Path.Combine(_dir, "sub", "deploy.sh"), (int?)2), (result.File, result.Line));
        Assert.Contains("at deploy.sh:2", result.Message); // the message still names it from the scanned folder
        Assert.Equal((_file, (int?)3), (result.Findings![1].File, result.Findings[1].Line));

        var report = ReportBuilder.Aggregate(new[] { result });
        var paths = RepositoryPaths.Detect(report, _ => null);
        var github = new StringWriter();
        new GitHubReportWriter { Paths = paths }.Write(report, github);
        Assert.Contains("::error file=sub/dir/file.yaml,line=3,title=secrets.scan::Failed [Critical] No secrets: GitHub personal access token (ghp_****) at dir/file.yaml:3.", github.ToString());
        Assert.Contains("::error file=sub/deploy.sh,line=2,title=secrets.scan::", github.ToString());
        var azure = new StringWriter();
        new AzureDevOpsReportWriter { Paths = paths }.Write(report, azure);
        Assert.Contains("##vso[task.logissue type=error;sourcepath=sub/dir/file.yaml;linenumber=3;code=secrets.scan;]", azure.ToString());
        Assert.DoesNotContain(GitHubToken(), github + azure.ToString());
        Assert.DoesNotContain(StripeLive(), github + azure.ToString());
    }

    [Fact]
    public async Task The_same_secret_in_the_working_tree_and_in_a_commit_is_one_sarif_result_with_both()
    {
        IReadOnlyList<CheckResult> results = await PerFinding(_dir);
        results = results.Where(r => r.Evidence["rule"] == "github-pat").ToList();
        Assert.Equal(2, results.Count); // the working tree and the commit that added it
        var report = ReportBuilder.Aggregate(results);
        var sarif = SarifAssert.Valid(new SarifReportWriterWith(RepositoryPaths.Detect(report, _ => null)).Render(report));
        var run = sarif.GetProperty("runs")[0];
        var result = Assert.Single(run.GetProperty("results").EnumerateArray().ToList());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("sub/dir/file.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(new Uri(_dir + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString());
        var region = location.GetProperty("region");
        var line = File.ReadAllLines(_file)[2];
        Assert.Equal((3, 1, 3, line.Length + 1), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(),
            region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        Assert.Equal(LineHash.Of(_file, 3), result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString());
        Assert.StartsWith("github-pat:", result.GetProperty("partialFingerprints").GetProperty("readinessFingerprint/v1").GetString());
        var properties = result.GetProperty("properties");
        Assert.Equal(2, properties.GetProperty("occurrences").GetInt32());
        Assert.True(properties.GetProperty("inWorkingTree").GetBoolean());
        Assert.Single(properties.GetProperty("commits").EnumerateArray());
        Assert.DoesNotContain(GitHubToken(), sarif.GetRawText());
        SarifSchema.AssertValid(sarif.GetRawText());
    }

    [Fact]
    public async Task A_checklist_scan_of_working_tree_and_history_is_one_test_case_and_one_sarif_result_per_distinct_secret()
    {
        var result = await CheckHarness.RunCheckAsync("secrets", new() { ["history"] = true }, SecretsScan);
        Assert.Equal(4, result.Findings!.Count); // two secrets, each in the working tree and in its commit
        var report = ReportBuilder.Aggregate(new[] { result });
        var paths = RepositoryPaths.Detect(report, _ => null);

        var junit = new StringWriter();
        new JUnitReportWriter { Paths = paths }.Write(report, junit);
        var cases = JUnitSchema.AssertValid(junit.ToString()).Descendants("testcase").Select(c => (string)c.Attribute("name")!).Order().ToList();
        Assert.Equal(new[] { "secrets.scan: No secrets at sub/deploy.sh:2", "secrets.scan: No secrets at sub/dir/file.yaml:3" }, cases);

        var sarif = new StringWriter();
        new SarifReportWriter { Paths = paths }.Write(report, sarif);
        SarifSchema.AssertValid(sarif.ToString());
        var results = SarifAssert.Valid(sarif.ToString()).GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(new[] { "github-pat", "stripe-secret-key" }, results.Select(r => r.GetProperty("ruleId").GetString()).Order());
        Assert.All(results, r => Assert.Equal(2, r.GetProperty("properties").GetProperty("occurrences").GetInt32()));
        Assert.DoesNotContain(StripeLive(), sarif + junit.ToString());
    }

    /// <summary>Renders with given paths, as the registry's shared instance would detect them from this process.</summary>
    private sealed class SarifReportWriterWith(RepositoryPaths paths)
    {
        public string Render(ReadinessReport report)
        {
            var sw = new StringWriter();
            new SarifReportWriter { Paths = paths }.Write(report, sw);
            return sw.ToString();
        }
    }
}

/// <summary>The test vectors of github/codeql-action's src/fingerprints.test.ts: the same hashes its upload computes.</summary>
public sealed class LineHashTests
{
    [Theory]
    [InlineData("", new[] { "c129715d7a2bc9a3:1" })]
    [InlineData(" a\nb\n  \t\tc\n d", new[] { "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1" })]
    [InlineData(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        new[] { "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1" })]
    [InlineData(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1" })]
    [InlineData(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1" })]
    [InlineData(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1" })]
    [InlineData(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1" })]
    public void Matches_the_uploader(string text, string[] expected) => Assert.Equal(expected, LineHash.OfLines(text));

    [Fact]
    public void Repeated_lines_are_told_apart_by_their_count() =>
        Assert.Equal(new[]
        {
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        }, LineHash.OfLines(string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10))));
}
