using Readiness.Core.Checklists;

namespace Readiness.Core.Tests.Checklists;

/// <summary>
/// Malformed checklists that once made the loader spin forever (issue #19): each must end, within a deadline, in a
/// ChecklistException that names a line of the file.
/// </summary>
public sealed class MalformedYamlDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The issue's input: an alias glued to a quoted scalar, then an unterminated one; and close variants.</summary>
    public static IEnumerable<object[]> Inputs() => new[]
    {
        "schemaVersion: 1\nname: h\nitems:\n  - id: a.b\n    file: \"x\"*K\"\n    secret: true\nzz\n    s: \"q\n",
        "schemaVersion: 1\nname: h\nitems:\n  - id: a.b\n    file: \"x\"*K\"\n    secret: true\nzz\n    s: \"q",
        "schemaVersion: 1\nname: h\nitems:\n  - id: a.b\n    file: 'x'*K'\nzz\n    s: 'q\n",
        "name: h\nitems:\n  - file: \"x\"*K\"\nzz\n",
    }.Select(text => new object[] { text });

    [Theory, MemberData(nameof(Inputs))]
    public void The_issue_19_checklist_is_rejected_with_a_position_instead_of_hanging(string text)
    {
        var load = Task.Run(() => Record.Exception(() => new ChecklistLoader().LoadText(text, "hang.yaml")));
        Assert.True(load.Wait(Deadline), $"the loader did not return within {Deadline.TotalSeconds} s");
        var error = Assert.IsType<ChecklistException>(load.Result);
        var first = Assert.Single(error.Errors);
        Assert.Equal("hang.yaml", first.File);
        Assert.InRange(first.Line, 1, 9);
    }

    [Fact]
    public void A_front_matter_of_the_same_shape_is_rejected_by_the_markdown_importer_too()
    {
        var markdown = "---\n" + "title: t\nitems:\n  - file: \"x\"*K\"\n    secret: true\nzz\n    s: \"q\n" + "---\n# Section\n- [ ] item\n";
        var import = Task.Run(() => Record.Exception(() => MarkdownChecklistImporter.Import(markdown, "hang.md")));
        Assert.True(import.Wait(Deadline), $"the importer did not return within {Deadline.TotalSeconds} s");
        Assert.IsType<ChecklistException>(import.Result);
    }
}
