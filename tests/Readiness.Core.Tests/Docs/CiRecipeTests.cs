using System.Text.RegularExpressions;
using Readiness.Core.Reporting;
using Readiness.Core.Tests.Checklists;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Tests.Docs;

/// <summary>
/// The CI recipes cannot run here (no pwsh, no network), so they are kept honest another way: each parses as YAML,
/// has the steps docs/ci/README.md promises, and only names report formats the engine has.
/// </summary>
public sealed partial class CiRecipeTests
{
    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepoFiles.Root, relative));

    private static YamlMappingNode Parse(string relative)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Read(relative)));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static YamlMappingNode Map(YamlNode node, string key) => Assert.IsType<YamlMappingNode>(((YamlMappingNode)node).Children[new YamlScalarNode(key)]);
    private static YamlSequenceNode Seq(YamlNode node, string key) => Assert.IsType<YamlSequenceNode>(((YamlMappingNode)node).Children[new YamlScalarNode(key)]);
    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;

    [Theory]
    [InlineData("docs/ci/github-actions.yml")]
    [InlineData("docs/ci/azure-pipelines.yml")]
    [InlineData(".github/workflows/ci.yml")]
    public void Every_pipeline_is_valid_yaml(string path) => Parse(path);

    [Fact]
    public void The_GitHub_recipe_builds_runs_in_pwsh_publishes_and_fails_on_NoGo()
    {
        var steps = Seq(Map(Map(Parse("docs/ci/github-actions.yml"), "jobs"), "readiness"), "steps").Cast<YamlMappingNode>().ToList();
        var uses = steps.Select(s => Scalar(s, "uses")).OfType<string>().ToList();
        Assert.Contains(uses, u => u.StartsWith("dorny/test-reporter@"));
        Assert.Contains(uses, u => u.StartsWith("github/codeql-action/upload-sarif@"));
        Assert.Contains(uses, u => u.StartsWith("actions/upload-artifact@"));

        var build = steps.Single(s => Scalar(s, "name") == "Build the Readiness module");
        Assert.Equal("pwsh", Scalar(build, "shell"));
        Assert.Contains("build.ps1 -Task Package", Scalar(build, "run"));

        var run = steps.Single(s => Scalar(s, "name") == "Run the checklist");
        Assert.Equal("pwsh", Scalar(run, "shell"));
        var script = Scalar(run, "run")!;
        Assert.Contains("Import-Module ./out/Readiness/Readiness.psd1", script);
        Assert.Contains("Get-ReadinessReport -Checklist", script);
        Assert.Contains("GITHUB_STEP_SUMMARY", script);

        var gate = steps.Last();
        Assert.Contains("NoGo", Scalar(gate, "run"));
        Assert.Contains("exit 1", Scalar(gate, "run"));
    }

    [Fact]
    public void The_Azure_DevOps_recipe_publishes_JUnit_uploads_artifacts_and_fails_on_NoGo()
    {
        var steps = Seq(Parse("docs/ci/azure-pipelines.yml"), "steps").Cast<YamlMappingNode>().ToList();
        var tasks = steps.Select(s => Scalar(s, "task")).OfType<string>().ToList();
        Assert.Contains("PublishTestResults@2", tasks);
        Assert.Contains("PublishPipelineArtifact@1", tasks);
        var junit = steps.Single(s => Scalar(s, "task") == "PublishTestResults@2");
        Assert.Equal("JUnit", Scalar(Map(junit, "inputs"), "testResultsFormat"));
        Assert.Equal("succeededOrFailed()", Scalar(junit, "condition"));

        var scripts = steps.Select(s => Scalar(s, "pwsh")).OfType<string>().ToList();
        Assert.Contains(scripts, s => s.Contains("build.ps1 -Task Package"));
        Assert.Contains(scripts, s => s.Contains("Get-ReadinessReport -Checklist") && s.Contains("##vso[task.uploadsummary]"));
        Assert.Contains("exit 1", scripts.Last());
        Assert.Contains("NoGo", scripts.Last());
    }

    [Fact]
    public void The_repository_CI_runs_the_xunit_suite_and_Pester_on_Linux_and_Windows()
    {
        var jobs = Map(Parse(".github/workflows/ci.yml"), "jobs");
        var xunit = Map(jobs, "xunit");
        Assert.Equal("ubuntu-latest", Scalar(xunit, "runs-on"));
        Assert.Contains(Seq(xunit, "steps").Cast<YamlMappingNode>(), s => Scalar(s, "run")?.Contains("bash .ci/run") == true);

        var pester = Map(jobs, "pester");
        var os = Seq(Map(Map(pester, "strategy"), "matrix"), "os").Cast<YamlScalarNode>().Select(n => n.Value).ToList();
        Assert.Equal(new[] { "ubuntu-latest", "windows-latest" }, os);
        var runs = Seq(pester, "steps").Cast<YamlMappingNode>().Select(s => (Shell: Scalar(s, "shell"), Run: Scalar(s, "run"))).Where(s => s.Run is not null).ToList();
        Assert.Contains(runs, s => s.Shell == "pwsh" && s.Run!.Contains("build.ps1 -Task Package"));
        Assert.Contains(runs, s => s.Shell == "pwsh" && s.Run!.Contains("Invoke-Pester -Path tests/pester -CI"));
    }

    [Theory]
    [InlineData("docs/ci/github-actions.yml")]
    [InlineData("docs/ci/azure-pipelines.yml")]
    public void Recipes_only_use_report_formats_the_engine_has(string path)
    {
        var used = FormatArgument().Matches(Read(path)).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, f => Assert.Contains(f, ReportWriters.Formats));
    }

    [GeneratedRegex(@"-Format ([a-z-]+)")]
    private static partial Regex FormatArgument();
}
