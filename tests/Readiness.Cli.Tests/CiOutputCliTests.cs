using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Readiness.Cli.Tests;

/// <summary>
/// `readiness run` and `runbook` in a user's repository with the CI variables set: a secret in sub/dir/file.yaml, the
/// checklist in checks/. Whatever the format, the CI output is written once, naming the file from the repository root.
/// </summary>
public sealed class CiOutputCliTests : IDisposable
{
    private readonly string _repo = Path.Combine(Path.GetTempPath(), "readiness-cli-ci-output-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _summary;
    // A format-valid fake token built at run time, so this file holds no secret-shaped literal.
    private static readonly string Token = "gh" + "p_" + new string(Enumerable.Range(0, 36).Select(i => "aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY"[(i * 7 + 3) % 32]).ToArray());

    public CiOutputCliTests()
    {
        Directory.CreateDirectory(Path.Combine(_repo, "sub", "dir"));
        Directory.CreateDirectory(Path.Combine(_repo, "checks"));
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_repo, "sub", "dir", "file.yaml"), "name: app\nreplicas: 2\ntoken: " + Token + "\n");
        File.WriteAllText(Path.Combine(_repo, "checks", "readiness.yaml"), """
            schemaVersion: 1
            name: ci-output
            items:
              - id: secrets.scan
                section: Security
                title: No secrets in the code
                severity: critical
                check: { type: secrets, path: ../sub }
            """);
        Git("add", "-A");
        _summary = Path.Combine(_repo, "..", Path.GetFileName(_repo) + "-summary.md");
    }

    public void Dispose()
    {
        Directory.Delete(_repo, true);
        File.Delete(_summary);
    }

    private void Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = _repo, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private Dictionary<string, string> GitHub(bool workspace = true)
    {
        var env = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = _summary };
        if (workspace) env["GITHUB_WORKSPACE"] = _repo;
        return env;
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    private const string Annotation = "::error file=sub/dir/file.yaml,line=3,title=secrets.scan::Failed [Critical] No secrets in the code: GitHub personal access token (ghp_****) at dir/file.yaml:3.";

    [Theory]
    [InlineData("table")]
    [InlineData("github")]
    [InlineData("markdown")]
    public void On_GitHub_Actions_every_format_gets_the_annotations_and_the_summary_once(string format)
    {
        var run = CliRunner.Invoke(_repo, GitHub(), "run", "checks/readiness.yaml", "--format", format);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, Count(run.Out, Annotation));
        Assert.Equal(1, Count(File.ReadAllText(_summary), "## ci-output"));
        Assert.Contains("| ❌ Failed | Critical | `secrets.scan` |", File.ReadAllText(_summary));
        Assert.DoesNotContain(Token, run.Out + run.Err + File.ReadAllText(_summary));
    }

    [Fact]
    public void Without_GITHUB_WORKSPACE_the_git_top_level_of_the_scanned_folder_is_the_root()
    {
        var run = CliRunner.Invoke(Path.Combine(_repo, "checks"), GitHub(workspace: false), "run", "readiness.yaml");
        Assert.Contains(Annotation, run.Out);
    }

    [Fact]
    public void A_json_report_on_standard_output_stays_valid_and_the_annotations_go_to_standard_error()
    {
        var run = CliRunner.Invoke(_repo, GitHub(), "run", "checks/readiness.yaml", "--format", "json");
        Assert.Equal("NoGo", JsonDocument.Parse(run.Out).RootElement.GetProperty("decision").GetString());
        Assert.Contains(Annotation, run.Err);
    }

    [Fact]
    public void Sarif_and_junit_files_name_the_file_from_the_repository_root()
    {
        CliRunner.Invoke(_repo, GitHub(), "run", "checks/readiness.yaml", "--format", "sarif", "-o", "out.sarif");
        var location = JsonDocument.Parse(File.ReadAllText(Path.Combine(_repo, "out.sarif"))).RootElement
            .GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal(("sub/dir/file.yaml", "SRCROOT"), (location.GetProperty("uri").GetString(), location.GetProperty("uriBaseId").GetString()));

        CliRunner.Invoke(_repo, "run", "checks/readiness.yaml", "--format", "junit", "-o", "junit.xml");
        Assert.Contains("<property name=\"secrets.scan.file\" value=\"sub/dir/file.yaml\" />", File.ReadAllText(Path.Combine(_repo, "junit.xml")));
    }

    [Theory]
    [InlineData("table")]
    [InlineData("azure-devops")]
    public void On_Azure_DevOps_issues_name_the_source_path_and_the_task_completes_once(string format)
    {
        var env = new Dictionary<string, string> { ["TF_BUILD"] = "True", ["BUILD_SOURCESDIRECTORY"] = _repo };
        var run = CliRunner.Invoke(_repo, env, "run", "checks/readiness.yaml", "--format", format);
        Assert.Equal(1, Count(run.Out, "##vso[task.logissue type=error;sourcepath=sub/dir/file.yaml;linenumber=3;code=secrets.scan;]"));
        Assert.Equal(1, Count(run.Out, "##vso[task.complete result=Failed;]"));
    }

    [Fact]
    public void READINESS_CI_OUTPUT_off_keeps_the_run_to_its_report()
    {
        var env = GitHub();
        env["READINESS_CI_OUTPUT"] = "off";
        var run = CliRunner.Invoke(_repo, env, "run", "checks/readiness.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("::error", run.Out + run.Err);
        Assert.False(File.Exists(_summary));
    }

    [Fact]
    public void A_runbook_in_CI_publishes_its_report_at_the_end()
    {
        var run = CliRunner.Invoke(_repo, GitHub(), "runbook", "checks/readiness.yaml", "--yes", "--run-file", Path.Combine(_repo, "run.json"));
        Assert.Contains(Annotation, run.Out);
        Assert.Equal(1, Count(File.ReadAllText(_summary), "## ci-output"));
    }
}
