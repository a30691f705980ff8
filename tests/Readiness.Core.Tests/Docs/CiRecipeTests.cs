using System.Text.RegularExpressions;
using Readiness.Core.Reporting;
using Readiness.Core.Tests.Checklists;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Tests.Docs;

/// <summary>
/// The CI recipes, the Action and the template cannot run here as a CI system runs them (tests/pester/CiAction.Tests.ps1
/// runs their pwsh steps), so they are kept honest another way too: each parses as YAML,
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
    [InlineData("action.yml")]
    [InlineData("templates/readiness.yml")]
    public void Every_pipeline_is_valid_yaml(string path) => Parse(path);

    // The recipes are for the user's repository: they use the Action / the template, which install from a feed, and
    // run a checklist of that repository, never this repository's build or checklists.
    [Theory]
    [InlineData("docs/ci/github-actions.yml")]
    [InlineData("docs/ci/azure-pipelines.yml")]
    public void Recipes_build_nothing_of_this_repository(string path)
    {
        var text = Read(path);
        Assert.DoesNotContain("build.ps1", text);
        Assert.DoesNotContain("out/Readiness", text);
        Assert.DoesNotContain("checklists/diffver.yaml", text);
    }

    [Fact]
    public void The_GitHub_recipe_uses_the_Action_on_a_checklist_of_the_users_repository_and_publishes_JUnit()
    {
        var steps = Seq(Map(Map(Parse("docs/ci/github-actions.yml"), "jobs"), "readiness"), "steps").Cast<YamlMappingNode>().ToList();
        var readiness = steps.Single(s => Scalar(s, "uses")?.StartsWith("readiness-contributors/readiness@") == true);
        Assert.Equal("readiness/release.yaml", Scalar(Map(readiness, "with"), "checklist"));
        Assert.Contains(steps, s => Scalar(s, "uses")?.StartsWith("dorny/test-reporter@") == true);
    }

    [Fact]
    public void The_Action_is_composite_installs_runs_once_uploads_SARIF_and_the_HTML_report()
    {
        var action = Parse("action.yml");
        foreach (var input in new[] { "checklist", "variables", "profile", "formats", "output-directory", "fail-on", "module-version" })
            Assert.True(Map(action, "inputs").Children.ContainsKey(new YamlScalarNode(input)), $"action.yml has no input {input}");
        var runs = Map(action, "runs");
        Assert.Equal("composite", Scalar(runs, "using"));
        var steps = Seq(runs, "steps").Cast<YamlMappingNode>().ToList();
        var scripts = steps.Select(s => Scalar(s, "run")).OfType<string>().ToList();
        Assert.Contains(scripts, s => s.Contains("action/Install-Readiness.ps1"));
        Assert.Single(scripts, s => s.Contains("action/Invoke-ReadinessAction.ps1"));
        var uses = steps.Select(s => Scalar(s, "uses")).OfType<string>().ToList();
        Assert.Contains(uses, u => u.StartsWith("github/codeql-action/upload-sarif@"));
        Assert.Contains(uses, u => u.StartsWith("actions/upload-artifact@"));
    }

    [Fact]
    public void The_Azure_DevOps_recipe_uses_the_template_which_publishes_JUnit_and_artifacts()
    {
        var recipe = Seq(Parse("docs/ci/azure-pipelines.yml"), "steps").Cast<YamlMappingNode>().ToList();
        var use = recipe.Single(s => Scalar(s, "template") == "templates/readiness.yml@readiness");
        Assert.Equal("readiness/release.yaml", Scalar(Map(use, "parameters"), "checklist"));

        var steps = Seq(Parse("templates/readiness.yml"), "steps").Cast<YamlMappingNode>().ToList();
        var tasks = steps.Select(s => Scalar(s, "task")).OfType<string>().ToList();
        Assert.Contains("PublishTestResults@2", tasks);
        Assert.Contains("PublishPipelineArtifact@1", tasks);
        var junit = steps.Single(s => Scalar(s, "task") == "PublishTestResults@2");
        Assert.Equal("JUnit", Scalar(Map(junit, "inputs"), "testResultsFormat"));
        Assert.StartsWith("and(succeededOrFailed()", Scalar(junit, "condition"));
        var scripts = steps.Select(s => Scalar(s, "pwsh")).OfType<string>().ToList();
        Assert.Contains(scripts, s => s.Contains("Install-PSResource"));
        Assert.Single(scripts, s => s.Contains("ci/Invoke-ReadinessAction.ps1"));
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

    [Fact]
    public void The_Action_and_the_template_only_name_report_formats_the_engine_has()
    {
        var action = Scalar(Map(Map(Parse("action.yml"), "inputs"), "formats"), "default")!;
        var template = Seq(Parse("templates/readiness.yml"), "parameters").Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == "formats");
        var script = FormatName().Matches(Read("action/Invoke-ReadinessAction.ps1")).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, script.Count);
        foreach (var formats in new[] { action, Scalar(template, "default")!, string.Join(',', script) })
            Assert.All(formats.Split(','), f => Assert.Contains(f, ReportWriters.Formats));
    }

    // The script's format-to-file table: markdown = 'readiness.md'; json = 'readiness.json'; ...
    [GeneratedRegex(@"([a-z]+) = 'readiness\.")]
    private static partial Regex FormatName();
}
