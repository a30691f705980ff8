using Readiness.Core.Checklists;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checklists;

public sealed class ChecklistYamlWriterTests
{
    private static Checklist Reload(string yaml) => new ChecklistLoader().LoadText(yaml, "written.yaml", new VariableResolver(null, null, _ => null));

    [Theory]
    [InlineData("diffver.yaml")]
    [InlineData("auth-service.yaml")]
    public void A_shipped_checklist_written_back_loads_into_the_same_items(string name)
    {
        var original = ReadinessSession.Load(RepoFiles.Checklist(name), environment: _ => null);
        var again = Reload(ChecklistYamlWriter.Write(original));
        Assert.Equal(original.Items.Count, again.Items.Count);
        for (var i = 0; i < original.Items.Count; i++)
        {
            var (a, b) = (original.Items[i], again.Items[i]);
            Assert.Equal((a.Id, a.Section, a.Title, a.Severity, a.CheckType, a.PreviouslyValidated), (b.Id, b.Section, b.Title, b.Severity, b.CheckType, b.PreviouslyValidated));
            Assert.Equal(a.Manual?.Approvers, b.Manual?.Approvers);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(a.Check?.Parameters), System.Text.Json.JsonSerializer.Serialize(b.Check?.Parameters));
        }
    }

    [Fact]
    public void Strings_that_look_like_numbers_or_booleans_stay_strings()
    {
        var checklist = new Checklist
        {
            Name = "t",
            Items =
            {
                new ChecklistItem
                {
                    Id = "a.b", Section = "A: colon", Title = "true", Severity = Severity.High,
                    Check = new CheckSpec { Type = "env", Parameters = { ["name"] = "X", ["equals"] = "1", ["min"] = 5L } },
                },
            },
        };
        var again = Reload(ChecklistYamlWriter.Write(checklist));
        Assert.Equal("1", again.Items[0].Check!.Parameters["equals"]);
        Assert.Equal(5L, again.Items[0].Check!.Parameters["min"]);
        Assert.Equal("true", again.Items[0].Title);
        Assert.Equal("A: colon", again.Items[0].Section);
    }

    [Fact]
    public void Settings_and_the_decision_rule_survive_writing()
    {
        var original = Reload("""
            schemaVersion: 1
            name: t
            settings:
              parallel: 3
              timeoutSeconds: 12
              nonWaivable: [security.*]
              decision:
                noGo: [critical]
                conditional: [high, medium]
                pendingManual: go
                warning: conditional
                waived: conditional
            items:
              - { id: a.b, section: S, title: T, severity: low, manual: { approvers: [SRE] } }
            """);
        var again = Reload(ChecklistYamlWriter.Write(original));
        Assert.Equal((3, 12), (again.Settings.Parallel, again.Settings.TimeoutSeconds));
        Assert.Equal(new[] { "security.*" }, again.Settings.NonWaivable);
        var rule = again.Settings.Decision!;
        Assert.Equal(new[] { Severity.Critical }, rule.NoGoSeverities);
        Assert.Equal(new[] { Severity.High, Severity.Medium }, rule.ConditionalSeverities);
        Assert.False(rule.PendingManualIsConditional);
        Assert.True(rule.WarningIsConditional);
        Assert.True(rule.WaivedIsConditional);
    }

    [Fact]
    public void An_imported_markdown_checklist_becomes_loadable_yaml_that_keeps_ticks()
    {
        var imported = MarkdownChecklistImporter.ImportFile(RepoFiles.Seed("001"));
        imported.Items[3].PreviouslyValidated = true;
        var yaml = ChecklistYamlWriter.Write(imported);
        var again = Reload(yaml);
        Assert.Equal(imported.Items.Select(i => (i.Id, i.Section, i.Title)), again.Items.Select(i => (i.Id, i.Section, i.Title)));
        Assert.True(again.Items[3].PreviouslyValidated);
        Assert.All(again.Items, i => Assert.Equal("manual", i.CheckType));
    }
}
