using Readiness.Core.Checklists;

namespace Readiness.Core.Tests.Checklists;

/// <summary>Inputs found by the property tests that once escaped as something other than ChecklistException.</summary>
public sealed class ChecklistLoaderRobustnessTests
{
    private static ChecklistException Load(string yaml) => Assert.Throws<ChecklistException>(() =>
        new ChecklistLoader().LoadText(yaml, "found.yaml", new VariableResolver(null, null, _ => null)));

    [Theory]
    [InlineData(":\n    : [\u2028e")]
    [InlineData("schemaVersion: 1\nname: x\nitems:\n    : [\u2028e")]
    public void A_line_separator_in_an_unclosed_flow_sequence_is_a_checklist_error_not_a_crash(string yaml)
    {
        // YamlDotNet throws InvalidOperationException from its scanner here.
        var ex = Load(yaml);
        Assert.Contains("invalid YAML", ex.Message);
        Assert.InRange(ex.Errors[0].Line, 1, 4);
    }

    [Fact]
    public void A_non_text_variable_name_or_value_is_reported_at_its_place()
    {
        var ex = Load("schemaVersion: 1\nname: x\nvariables:\n  [a, b]: c\n  api: [1, 2]\nitems:\n  - {id: a.b, section: S, title: T, severity: low, manual: true}\n");
        Assert.Contains(ex.Errors, e => e.Line == 4 && e.Message.Contains("variable name must be plain text"));
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Message.Contains("variable 'api' must have a text default value"));
    }

    [Fact]
    public void A_non_text_check_parameter_name_is_reported_not_thrown()
    {
        var ex = Load("schemaVersion: 1\nname: x\nitems:\n  - id: a.b\n    section: S\n    title: T\n    severity: low\n    check:\n      type: env\n      [x]: 1\n");
        Assert.Contains(ex.Errors, e => e.Line == 10 && e.Message.Contains("has no parameter"));
    }

    [Fact]
    public void The_same_input_in_markdown_front_matter_is_a_checklist_error()
    {
        var ex = Assert.Throws<ChecklistException>(() => MarkdownChecklistImporter.Import("---\n:\n    : [\u2028e\n---\n- [ ] a\n", "found.md"));
        Assert.Contains("front matter", ex.Message);
    }

    [Fact]
    public void Half_a_surrogate_pair_in_markdown_still_imports()
    {
        var c = MarkdownChecklistImporter.Import("## S\n- [ ] caf\uD83D\u00e9 ready\n", "found.md");
        Assert.Equal("s.caf-e-ready", c.Items[0].Id);
    }

    [Fact]
    public void An_invalid_id_comment_is_an_error_at_its_column()
    {
        var ex = Assert.Throws<ChecklistException>(() => MarkdownChecklistImporter.Import("## S\n- [ ] Item <!-- id: Bad Id -->\n", "found.md"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.Contains("'Bad Id' is not a valid id", error.Message);
    }
}
