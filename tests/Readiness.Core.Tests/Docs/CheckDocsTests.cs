using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;

namespace Readiness.Core.Tests.Docs;

/// <summary>Every check type the engine knows has its page in docs/checks, with the sections a reader needs.</summary>
public sealed class CheckDocsTests
{
    public static TheoryData<string> Types()
    {
        var data = new TheoryData<string>();
        foreach (var type in CheckRegistry.Default.Types) data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_registered_check_type_has_a_docs_page_naming_its_parameters(string type)
    {
        var page = Path.Combine(RepoFiles.Root, "docs", "checks", type + ".md");
        Assert.True(File.Exists(page), $"docs/checks/{type}.md is missing: write what it decides, parameters, evidence, example YAML and seed items.");
        var text = File.ReadAllText(page);
        Assert.Contains($"type: {type}", text);
        foreach (var parameter in CheckRegistry.Default.Get(type).Parameters)
            Assert.True(text.Contains(parameter, StringComparison.Ordinal), $"docs/checks/{type}.md does not mention parameter '{parameter}'.");
    }

    [Fact]
    public void The_quick_start_exists_and_uses_commands_that_exist()
    {
        var text = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "quickstart.md"));
        Assert.Contains("readiness run", text);
        Assert.Contains("Import-Module", text);
        foreach (var checklist in new[] { "checklists/diffver.yaml", "checklists/auth-service.yaml" })
            if (text.Contains(checklist)) Assert.True(File.Exists(Path.Combine(RepoFiles.Root, checklist)));
    }
}
